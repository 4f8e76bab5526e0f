import { fakeChildProcess, loadModule } from "../harness.mjs";

/** Thumbnails are still made by `convert`; a file name that closes the quote runs nothing else. */
export async function check(modulePath) {
  const child = fakeChildProcess();
  const { thumbnail } = loadModule(modulePath, { fakes: { child_process: child.module } });
  const output = thumbnail("/photos/cat.jpg", 64);
  const normal = output === "/photos/thumb-cat.jpg" && child.programs().join() === "convert";
  thumbnail("/photos/x.jpg'; rm -rf ~; echo '");
  const attackBlocked = child.programs().every((program) => program === "convert");
  return { normal, attackBlocked };
}
