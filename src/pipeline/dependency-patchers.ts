import type { DependencyPatcher, RepoFiles } from "../domain/dependency-fix.js";

/** The patchers secfix has, by Dependabot ecosystem name. */
export function createDependencyPatchers(_env: NodeJS.ProcessEnv): (ecosystem: string, files: RepoFiles) => Promise<DependencyPatcher | null> {
  return async () => null;
}
