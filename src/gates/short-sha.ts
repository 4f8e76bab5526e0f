/** Twelve hex digits: what evidence shows of a commit, unique in practice and short enough to read. */
export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}
