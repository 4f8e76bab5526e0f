export function backoff(attempt) {
  const base = 100 * 2 ** attempt;
  return base + Math.random() * base;
}
