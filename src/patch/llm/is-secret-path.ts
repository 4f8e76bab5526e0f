/**
 * Files that hold credentials by convention. They are never read, never sent to a model and never
 * edited, whatever an alert, a config or a model's answer names: the fixer checks the path before
 * it asks `RepoFiles` for anything.
 */
const SECRET_BASENAMES = [
  /^\.env(\..*)?$/i, // .env, .env.local, .env.production
  /^.*\.env$/i, // prod.env
  /\.(pem|key|p12|pfx|jks|keystore|asc|gpg|ppk)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\..*)?$/i, // id_rsa, id_rsa.pub, id_ed25519
  /^\.(npmrc|yarnrc|yarnrc\.yml|pypirc|netrc|git-credentials|pgpass)$/i,
  /^(credentials|secrets?)(\.(json|ya?ml|toml|ini))?$/i,
];

export function isSecretPath(path: string): boolean {
  const segments = path.replace(/\\/g, "/").split("/").filter((s) => s.length > 0);
  if (segments.some((s) => s.toLowerCase() === ".git" || s.toLowerCase() === ".ssh" || s.toLowerCase() === ".aws")) return true;
  const base = segments.at(-1) ?? "";
  return SECRET_BASENAMES.some((pattern) => pattern.test(base));
}
