/** The HTTP status of a failed Octokit request; undefined for network failures and GraphQL errors. */
export function requestErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

interface ErrorBody {
  message?: unknown;
  errors?: unknown;
}

/**
 * GitHub's own explanation of a failed request. Octokit's `message` appends the docs URL, so the
 * response body's message is preferred; validation details (`errors[]`, strings or objects with a
 * `message`) are appended because "Validation Failed" alone says nothing useful.
 */
export function requestErrorMessage(error: unknown): string {
  const body = (error as { response?: { data?: unknown } } | null)?.response?.data as ErrorBody | undefined;
  const base =
    typeof body?.message === "string" && body.message !== ""
      ? body.message
      : error instanceof Error
        ? error.message
        : String(error);
  const details = Array.isArray(body?.errors) ? body.errors.map(detailOf).filter((d): d is string => d !== undefined) : [];
  return details.length > 0 ? `${base}: ${details.join("; ")}` : base;
}

function detailOf(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (typeof entry === "object" && entry !== null) {
    const { message, code, field } = entry as { message?: unknown; code?: unknown; field?: unknown };
    if (typeof message === "string") return message;
    if (typeof code === "string") return typeof field === "string" ? `${field} ${code}` : code;
  }
  return undefined;
}
