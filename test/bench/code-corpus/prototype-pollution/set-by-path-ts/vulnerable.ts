/** Sets a value deep inside an object from a dotted path, creating objects on the way. */
export function setByPath<T extends object>(target: T, path: string, value: unknown): T {
  const segments = path.split(".");
  let cursor = target as Record<string, unknown>;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    if (typeof cursor[segment] !== "object" || cursor[segment] === null) {
      cursor[segment] = {};
    }
    cursor = cursor[segment] as Record<string, unknown>;
  }
  cursor[segments[segments.length - 1] as string] = value;
  return target;
}

export function getByPath(target: object, path: string): unknown {
  return path.split(".").reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], target);
}
