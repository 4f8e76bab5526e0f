/** A published version as the registry's full packument (`accept: application/json`) describes it. */
export interface PackumentVersion {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: string[] | boolean | Record<string, string>;
  bundledDependencies?: string[] | boolean | Record<string, string>;
  acceptDependencies?: Record<string, string>;
  engines?: Record<string, string> | string[];
  os?: string[];
  cpu?: string[];
  libc?: string[];
  license?: string | { type?: string };
  bin?: string | string[] | Record<string, string>;
  funding?: unknown;
  deprecated?: string;
  scripts?: Record<string, string>;
  hasInstallScript?: boolean;
  _hasShrinkwrap?: boolean;
  dist: { tarball: string; integrity?: string; shasum?: string };
  [key: string]: unknown;
}

/** The registry document for one package: every published version and the dist-tags. */
export interface Packument {
  name: string;
  "dist-tags": Record<string, string>;
  versions: Record<string, PackumentVersion>;
  time?: Record<string, string>;
}
