/**
 * poetry-core's constraint_regions: cut the version line at every bound of the given constraints
 * and return the pieces, so that each piece is either wholly inside or wholly outside each
 * constraint (the resolver uses it to split a dependency by Python version).
 */
import { compareVersions, type Version } from "./version.ts";
import { ANY, VersionRange, rangesOf, type VersionConstraint } from "./range.ts";

/** A cut just below `version` (the version goes to the upper piece) or just above it. */
interface Cut {
  readonly version: Version;
  readonly below: boolean;
}

function compareCuts(a: Cut, b: Cut): number {
  const c = compareVersions(a.version, b.version);
  if (c !== 0) return c;
  return a.below === b.below ? 0 : a.below ? -1 : 1;
}

export function constraintRegions(constraints: readonly VersionConstraint[]): VersionRange[] {
  const cuts: Cut[] = [];
  for (const c of constraints) {
    for (const r of rangesOf(c)) {
      if (r.min !== null) cuts.push({ version: r.min, below: r.includeMin });
      if (r.max !== null) cuts.push({ version: r.max, below: !r.includeMax });
    }
  }
  if (cuts.length === 0) return [ANY as VersionRange];
  cuts.sort(compareCuts);
  const unique = cuts.filter((cut, k) => k === 0 || compareCuts(cuts[k - 1]!, cut) !== 0);
  const regions: VersionRange[] = [];
  let lower: Cut | null = null;
  for (const cut of unique) {
    regions.push(new VersionRange(lower?.version ?? null, cut.version, lower?.below ?? false, !cut.below));
    lower = cut;
  }
  regions.push(new VersionRange(lower!.version, null, lower!.below, false));
  return regions;
}
