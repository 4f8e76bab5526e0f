import { join } from "node:path";
import { fakeResponse, fixtureDir, loadModule, until } from "../harness.mjs";

async function get(handle, url) {
  const res = fakeResponse();
  let ended = false;
  const end = res.end;
  res.end = (body) => ((ended = true), end(body));
  handle({ url }, res);
  await until(() => ended);
  return { status: res.statusCode, body: res.body === undefined ? undefined : String(res.body) };
}

/** Public files are still served; an encoded `..%2f` path no longer reads the file beside the public directory. */
export async function check(modulePath) {
  const dir = fixtureDir("public");
  const previous = process.env.PUBLIC_DIR;
  process.env.PUBLIC_DIR = join(dir, "public");
  try {
    const { handle } = loadModule(modulePath);
    const ok = await get(handle, "/hello.txt");
    const missing = await get(handle, "/nope.txt");
    const normal = ok.status === 200 && ok.body === "hello" && missing.status === 404;
    const attack = await get(handle, "/..%2fsecret.txt");
    const attackBlocked = attack.body !== "TOP SECRET";
    return { normal, attackBlocked };
  } finally {
    if (previous === undefined) delete process.env.PUBLIC_DIR;
    else process.env.PUBLIC_DIR = previous;
  }
}
