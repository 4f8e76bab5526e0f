/** The messages of a GraphqlResponseError (HTTP 200 with `errors[]`); undefined for any other error. */
export function graphqlErrorMessages(error: unknown): string[] | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors.map((e) => {
    const message = (e as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : JSON.stringify(e);
  });
}
