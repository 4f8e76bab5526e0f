import { createHash } from "node:crypto";

/** Characters git refuses in a branch name component, or that read badly in one. */
function slug(text: string): string {
  return text
    .replace(/^@/, "")
    .replace(/[^A-Za-z0-9._/-]+/g, "-")
    .replace(/\/+/g, "-")
    .replace(/\.{2,}/g, ".")
    .replace(/^[-.]+|[-.]+$/g, "")
    .replace(/\.lock$/i, "-lock")
    .slice(0, 80);
}

/**
 * Deterministic per plan and target, so a replay, a retry or a restart lands on the same branch:
 * `secfix/<ecosystem>/<package>-<target>`, or a hash of the plan key when the plan holds several
 * packages.
 */
export function fixBranchName(ecosystem: string, planKey: string, packages: readonly { name: string; toVersion: string }[]): string {
  if (packages.length === 1) {
    const [only] = packages;
    return `secfix/${slug(ecosystem)}/${slug(only!.name)}-${slug(only!.toVersion)}`;
  }
  const digest = createHash("sha256")
    .update(`${planKey}\n${packages.map((p) => `${p.name}@${p.toVersion}`).sort().join("\n")}`)
    .digest("hex")
    .slice(0, 10);
  return `secfix/${slug(ecosystem)}/group-${digest}`;
}

/** The branch of a fix a person restarted `restarts` times: a new name each time (`-r2`, `-r3`, ...). */
export function restartedBranchName(branch: string, restarts: number): string {
  return restarts > 0 ? `${branch}-r${restarts + 1}` : branch;
}
