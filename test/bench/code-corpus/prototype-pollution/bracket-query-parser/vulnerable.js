/**
 * Parses "user[name]=ada&user[langs][]=en" style query strings into nested objects,
 * like the bracket syntax of the qs package, for a framework without one.
 */
function parseQuery(query) {
  const result = {};
  for (const pair of query.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const [rawKey, rawValue = ""] = pair.split("=");
    const keys = decodeURIComponent(rawKey).split(/\]\[|\[|\]/).filter(Boolean);
    let node = result;
    for (let i = 0; i < keys.length - 1; i++) {
      node = node[keys[i]] = node[keys[i]] || {};
    }
    node[keys[keys.length - 1]] = decodeURIComponent(rawValue);
  }
  return result;
}

module.exports = { parseQuery };
