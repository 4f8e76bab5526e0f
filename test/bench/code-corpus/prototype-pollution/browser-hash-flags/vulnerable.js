// Reads feature flags from the URL hash (#beta.search=1&ui.compact=0) into the app's global config.
export function applyHashFlags(hash) {
  for (const pair of hash.slice(1).split("&")) {
    const [path, value] = pair.split("=");
    const [group, flag] = path.split(".");
    window.APP_CONFIG[group][flag] = value === "1";
  }
}
