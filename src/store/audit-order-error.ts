/** An audit event that does not extend the chain: a gap, a replay, or a fork from an older head. */
export class AuditOrderError extends Error {
  constructor(
    message: string,
    readonly expectedSequence: number,
    readonly expectedPreviousHash: string,
  ) {
    super(message);
    this.name = "AuditOrderError";
  }
}
