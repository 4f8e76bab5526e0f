/** A tree change secfix will not make, with the reason in words for the PR or the check run. */
export class TreeEditError extends Error {
  override readonly name = "TreeEditError";

  constructor(
    message: string,
    readonly outcome: "unsupported" | "no_fix",
  ) {
    super(message);
  }
}
