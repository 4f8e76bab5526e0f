import cp from "child_process";

export class Releaser {
  constructor(private readonly repoDir: string) {}

  /** Tags the current commit, e.g. tag("1.4.0", "Spring release"). */
  tag(version: string, message: string): void {
    cp.execSync("git tag -a v" + version + " -m '" + message + "'", { cwd: this.repoDir });
  }
}
