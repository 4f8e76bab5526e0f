/** PEP 503: runs of `-`, `_` and `.` are one `-`, case is ignored (`Foo_Bar` names `foo-bar`). */
export function normalizePackageName(name: string): string {
  return name.trim().replace(/[-_.]+/g, "-").toLowerCase();
}
