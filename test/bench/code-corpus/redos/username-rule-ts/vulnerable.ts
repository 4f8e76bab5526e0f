const USERNAME = /^([a-z0-9_]+)+$/;

export function isValidUsername(name: string): boolean {
  return name.length <= 64 && USERNAME.test(name);
}

export function validateAll(names: string[]): boolean[] {
  return names.map((n) => USERNAME.test(n));
}
