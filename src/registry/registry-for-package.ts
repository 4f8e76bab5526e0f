/** Where to fetch one package's metadata, as a project's `.npmrc` says. */
export interface RegistryTarget {
  /** Always ends with `/`. */
  registryUrl: string;
  /** The bearer token for that registry; never log it. */
  token: string | null;
  /** What could not be honoured, in words (never containing a secret). */
  problems: string[];
}

export const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org/";

/** `key=value` lines of an ini-style `.npmrc`; comments and sections are ignored like npm does. */
function parseNpmrc(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value.startsWith('"') || value.startsWith("'")) && value.endsWith(value[0]!)) {
      value = value.slice(1, -1);
    }
    entries.set(line.slice(0, eq).trim(), value);
  }
  return entries;
}

/** `${VAR}` and `${VAR?}` are replaced from `env`, as npm does; a missing variable is reported by name. */
function expandEnv(value: string, env: Record<string, string | undefined>, problems: string[]): string {
  return value.replace(/(\\*)\$\{([^}?]+)(\?)?\}/g, (whole, slashes: string, name: string, optional?: string) => {
    // An even number of backslashes leaves the `$` live; an odd one escapes it.
    if (slashes.length % 2 === 1) return whole.slice(1);
    const found = env[name];
    if (found === undefined && !optional) problems.push(`environment variable ${name} used in .npmrc is not set`);
    return slashes + (found ?? "");
  });
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * The registry and credentials for `packageName`: `@scope:registry=` wins over `registry=`, and the
 * token is the `//host/path/:_authToken` whose path is the longest prefix of the registry's path
 * (npm's "nerf dart" matching). Values may reference `${ENV_VAR}` from `env`.
 */
export function registryForPackage(
  packageName: string,
  npmrcText: string | null,
  env: Record<string, string | undefined> = {},
): RegistryTarget {
  const problems: string[] = [];
  const config = parseNpmrc(npmrcText ?? "");
  const scope = packageName.startsWith("@") ? packageName.slice(0, packageName.indexOf("/")) : null;
  const configured = (scope ? config.get(`${scope}:registry`) : undefined) ?? config.get("registry");
  let registryUrl = DEFAULT_NPM_REGISTRY;
  if (configured) {
    const expanded = expandEnv(configured, env, problems);
    try {
      registryUrl = withSlash(new URL(expanded).toString());
    } catch {
      problems.push(`registry URL ${JSON.stringify(configured)} in .npmrc is not a valid URL; using ${DEFAULT_NPM_REGISTRY}`);
    }
  }

  const url = new URL(registryUrl);
  const segments = url.pathname.split("/").filter(Boolean);
  let token: string | null = null;
  for (let keep = segments.length; keep >= 0 && token === null; keep--) {
    const path = segments.slice(0, keep).map((s) => `${s}/`).join("");
    const value = config.get(`//${url.host}/${path}:_authToken`);
    if (value !== undefined) token = expandEnv(value, env, problems) || null;
  }
  return { registryUrl, token, problems };
}
