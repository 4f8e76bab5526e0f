import semver from "semver";
import type { Packument, PackumentVersion } from "../../../registry/packument.js";

export interface PickOptions {
  /** The Node version installs run on; `engines.node` is ignored when unknown. */
  nodeVersion: string | null;
  /** Versions to take only when nothing else fits (npm's `avoid`, used by `npm audit fix`). */
  avoid?: (version: string) => boolean;
}

function engineOk(manifest: PackumentVersion, nodeVersion: string | null): boolean {
  const wanted = manifest.engines && !Array.isArray(manifest.engines) ? manifest.engines.node : undefined;
  if (!nodeVersion || typeof wanted !== "string") return true;
  try {
    return semver.satisfies(nodeVersion, wanted, { includePrerelease: true });
  } catch {
    return true;
  }
}

function inRange(version: string, range: string): boolean {
  try {
    return semver.satisfies(version, range === "" ? "*" : range, { loose: true });
  } catch {
    return false;
  }
}

/**
 * The version npm would install for a range (npm-pick-manifest): `latest` when it fits and is
 * neither deprecated nor engine-incompatible, else the highest fitting version, preferring ones
 * not avoided, not deprecated and engine-compatible. Null when nothing fits.
 */
export function pickVersion(packument: Packument, range: string, options: PickOptions): string | null {
  const avoided = (v: string) => options.avoid?.(v) ?? false;
  const latest = packument["dist-tags"]?.latest;
  const latestManifest = latest ? packument.versions[latest] : undefined;
  if (
    latest &&
    latestManifest &&
    inRange(latest, range) &&
    !avoided(latest) &&
    !latestManifest.deprecated &&
    engineOk(latestManifest, options.nodeVersion)
  ) {
    return latest;
  }
  const ranked = Object.entries(packument.versions)
    .filter(([version]) => semver.valid(version, { loose: true }) !== null && inRange(version, range))
    .map(([version, manifest]) => ({
      version,
      notAvoided: Number(!avoided(version)),
      notDeprecated: Number(!manifest.deprecated),
      engine: Number(engineOk(manifest, options.nodeVersion)),
    }))
    .sort(
      (a, b) =>
        b.notAvoided - a.notAvoided ||
        (b.notDeprecated & b.engine) - (a.notDeprecated & a.engine) ||
        b.engine - a.engine ||
        b.notDeprecated - a.notDeprecated ||
        semver.rcompare(a.version, b.version, { loose: true }),
    );
  return ranked[0]?.version ?? null;
}
