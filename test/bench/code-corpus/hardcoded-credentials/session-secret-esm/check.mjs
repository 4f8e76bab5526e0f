import { fakeExpress, loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { express } = fakeExpress();
  const seen = [];
  const session = (options) => (seen.push(options), () => undefined);
  const saved = process.env.SESSION_SECRET;
  try {
    process.env.SESSION_SECRET = "from-env";
    loadModule(modulePath, { fakes: { express, "express-session": session } });
    const normal = seen.at(-1).secret === "from-env" || seen.at(-1).secret === "keyboard cat";
    delete process.env.SESSION_SECRET;
    let leaked;
    try {
      loadModule(modulePath, { fakes: { express, "express-session": session } });
      leaked = seen.at(-1).secret === "keyboard cat";
    } catch (error) {
      leaked = !/SESSION_SECRET/.test(String(error));
    }
    return { normal, attackBlocked: !leaked };
  } finally {
    if (saved === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = saved;
  }
}
