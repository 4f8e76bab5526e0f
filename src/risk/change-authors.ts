/** People whose commits are in the PR (besides secfix): they may not approve their own change. */
export function changeAuthors(comparison: { commits: readonly { authorLogin: string | null; committerLogin: string | null }[] }, pull: { authorLogin: string | null }, botLogin: string): Set<string> {
  const authors = new Set<string>();
  if (pull.authorLogin) authors.add(pull.authorLogin.toLowerCase());
  for (const commit of comparison.commits) {
    for (const login of [commit.authorLogin, commit.committerLogin]) {
      if (login && login.toLowerCase() !== botLogin.toLowerCase() && login !== "web-flow") authors.add(login.toLowerCase());
    }
  }
  return authors;
}
