export { fakeExpress, fakeResponse, loadModule } from "../../injection-corpus-harness.mjs";

/**
 * A `child_process` that starts nothing. `exec` / `execSync` record each program the command line
 * would start in /bin/sh (split at `;`, `&&`, `||`, `|`, line breaks, `$(` and backticks);
 * `execFile` / `execFileSync` record their one program and its arguments.
 */
export function fakeChildProcess(output = "ok\n") {
  const runs = [];
  const shellPrograms = (line) =>
    String(line)
      .split(/;|&&|\|\||\||\n|\$\(|`/)
      .map((segment) => segment.trim().split(/\s+/)[0] ?? "")
      .filter((program) => program !== "");
  const callbackOf = (rest) => rest.find((arg) => typeof arg === "function");
  const module = {
    exec(command, ...rest) {
      for (const program of shellPrograms(command)) runs.push({ via: "shell", command: program, args: [] });
      callbackOf(rest)?.(null, output, "");
      return {};
    },
    execSync(command) {
      for (const program of shellPrograms(command)) runs.push({ via: "shell", command: program, args: [] });
      return output;
    },
    execFile(file, args = [], ...rest) {
      runs.push({ via: "direct", command: file, args: args.map(String) });
      callbackOf(rest)?.(null, output, "");
      return {};
    },
    execFileSync(file, args = []) {
      runs.push({ via: "direct", command: file, args: args.map(String) });
      return output;
    },
  };
  return { runs, module, programs: () => runs.map((run) => run.command) };
}
