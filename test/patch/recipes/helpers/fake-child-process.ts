/** One process the fake started: through a shell (a command line) or directly (a program and its arguments). */
export interface FakeRun {
  via: "shell" | "direct";
  command: string;
  args: string[];
}

/**
 * A stand-in for `child_process` that starts nothing. `exec` / `execSync` record every program the
 * command line would start in `/bin/sh` (split at `;`, `&&`, `||`, `|`, line breaks and `$(`), so a
 * test can see an injected second command; `execFile` / `execFileSync` record the one program.
 */
export function fakeChildProcess(output = "ok\n") {
  const runs: FakeRun[] = [];
  const shellPrograms = (line: string): string[] =>
    line
      .split(/;|&&|\|\||\||\n|\$\(|`/)
      .map((segment) => segment.trim().split(/\s+/)[0] ?? "")
      .filter((program) => program !== "");
  const callbackOf = (rest: unknown[]): ((...args: unknown[]) => void) | undefined =>
    rest.find((arg): arg is (...args: unknown[]) => void => typeof arg === "function");
  const module = {
    exec(command: string, ...rest: unknown[]) {
      for (const program of shellPrograms(command)) runs.push({ via: "shell", command: program, args: [] });
      callbackOf(rest)?.(null, output, "");
      return {};
    },
    execSync(command: string) {
      for (const program of shellPrograms(command)) runs.push({ via: "shell", command: program, args: [] });
      return output;
    },
    execFile(file: string, args: unknown[], ...rest: unknown[]) {
      runs.push({ via: "direct", command: file, args: args.map(String) });
      callbackOf(rest)?.(null, output, "");
      return {};
    },
    execFileSync(file: string, args: unknown[]) {
      runs.push({ via: "direct", command: file, args: args.map(String) });
      return output;
    },
  };
  return { runs, module, programs: () => runs.map((r) => r.command) };
}
