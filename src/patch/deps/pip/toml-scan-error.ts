/** A TOML file secfix could not read; the patcher turns it into an answer instead of guessing. */
export class TomlScanError extends Error {
  constructor(
    readonly problem: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = "TomlScanError";
  }
}
