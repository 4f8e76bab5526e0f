const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** Fills in missing settings from `defaults`, recursing into nested sections. */
export function applyDefaults(settings, defaults) {
  for (const [key, fallback] of Object.entries(defaults)) {
    if (isObject(fallback)) {
      settings[key] ??= {};
      applyDefaults(settings[key], fallback);
    } else if (settings[key] === undefined) {
      settings[key] = fallback;
    }
  }
  return settings;
}
