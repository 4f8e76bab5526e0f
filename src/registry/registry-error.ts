/**
 * Why a registry request failed. `not_found` is permanent (the package is not published there);
 * `transient` (5xx, 429, timeout, network) is worth retrying later; `denied` (401/403) needs
 * credentials or access, which a retry does not fix; `invalid` is an answer we could not read.
 */
export type RegistryFailureKind = "not_found" | "transient" | "denied" | "invalid";

export class RegistryError extends Error {
  override readonly name = "RegistryError";

  constructor(
    message: string,
    readonly kind: RegistryFailureKind,
    readonly packageName: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** True when a later attempt may succeed: callers turn this into a job retry, not a verdict. */
export function isTransientRegistryError(error: unknown): boolean {
  return error instanceof RegistryError && error.kind === "transient";
}
