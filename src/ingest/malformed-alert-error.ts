/** An alert payload or API answer that lacks what secfix needs; retrying will not help. */
export class MalformedAlertError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`malformed ${source} alert: ${problems.join("; ")}`);
    this.name = "MalformedAlertError";
  }
}
