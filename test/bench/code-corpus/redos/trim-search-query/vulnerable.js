export function normaliseQuery(query) {
  return String(query).replace(/^\s+|\s+$/g, "").toLowerCase();
}
