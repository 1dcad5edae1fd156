/**
 * Which versions of a package the solver may pick for a term, and in which order: Poetry's rules
 * on top of the provider's raw list. Yanked versions are left out unless the term pins one
 * version exactly (or it is the preferred, already-locked one); pre-releases are left out
 * while a stable release fits, unless allowed. The filtered lists are cached per constraint,
 * since the solver asks again for the same term after every decision.
 */
import { ExactVersion, VersionRange, VersionUnion, type VersionConstraint } from "../standards/range.ts";
import type { Version } from "../standards/version.ts";
import type { Candidate } from "./provider.ts";

export type ResolutionStrategy = "highest" | "lowest" | "lowest-direct";

/** True when the constraint admits one version (and its local variants) only: "==2". */
export function isExactPin(c: VersionConstraint): boolean {
  if (c instanceof ExactVersion) return true;
  return c instanceof VersionRange && c.min !== null && c.max !== null && c.includeMin && c.includeMax && c.min.equals(c.max);
}

/** True when a bound of the constraint is itself a pre-release: the user asked for one. */
function mentionsPrerelease(c: VersionConstraint): boolean {
  const ranges = c instanceof VersionUnion ? c.ranges : c instanceof VersionRange ? [c] : [];
  return ranges.some((r) => (r.min !== null && r.min.isPrerelease) || (r.max !== null && r.max.isPrerelease));
}

export class CandidateList {
  private readonly cache = new Map<string, readonly Candidate[]>();
  /** The last list computed, to narrow from when the solver asks again with a narrower term. */
  private last: { constraint: VersionConstraint; allowPre: boolean; kept: readonly Candidate[] } | null = null;

  /** `all`: every version, ascending, as Provider.versions promises (every provider sorts; checking again cost a comparison per version on every lock). */
  constructor(
    readonly all: readonly Candidate[],
    private readonly preferred: Version | undefined,
    private readonly allowPrereleases: boolean,
  ) {}

  /** The versions the solver may choose for `constraint`, ascending. */
  matching(constraint: VersionConstraint, allowPrereleases = false): readonly Candidate[] {
    const key = `${allowPrereleases ? "+" : "-"}${constraint.toString()}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const pinned = isExactPin(constraint);
    const kept: Candidate[] = [];
    let stableCount = 0;
    const last = this.last;
    // Terms mostly narrow between two questions: filter the previous answer, not every version.
    // (Not across pre-release bounds, where PEP 440's exclusive-comparison rules bend the subset order.)
    const narrowing =
      !pinned && last !== null && last.allowPre === allowPrereleases && !mentionsPrerelease(constraint) && !mentionsPrerelease(last.constraint);
    const source = narrowing && last.constraint.allowsAll(constraint) ? last.kept : this.all;
    for (const c of source) {
      if (!constraint.allows(c.version)) continue;
      if (c.yanked && !pinned && !(this.preferred !== undefined && this.preferred.equals(c.version))) continue;
      kept.push(c);
      if (!c.version.isPrerelease) stableCount++;
    }
    this.last = { constraint, allowPre: allowPrereleases, kept };
    let out: readonly Candidate[] = kept;
    // Poetry's rule: a pre-release only when no stable release satisfies (unless allowed).
    if (stableCount > 0 && stableCount < kept.length && !(this.allowPrereleases || allowPrereleases || mentionsPrerelease(constraint))) {
      out = kept.filter((c) => !c.version.isPrerelease);
    }
    this.cache.set(key, out);
    return out;
  }

  /** The matching versions in the order they should be tried. */
  ordered(constraint: VersionConstraint, lowest: boolean, allowPrereleases = false): Candidate[] {
    const list = [...this.matching(constraint, allowPrereleases)];
    if (!lowest) list.reverse();
    // A yanked version allowed by an exact pin still comes after every release that is not yanked.
    if (list.some((c) => c.yanked)) list.sort((a, b) => Number(Boolean(a.yanked)) - Number(Boolean(b.yanked)));
    const p = this.preferred;
    if (p !== undefined) {
      const at = list.findIndex((c) => c.version.equals(p));
      if (at > 0) list.unshift(...list.splice(at, 1));
    }
    return list;
  }
}
