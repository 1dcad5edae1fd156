/**
 * A union of version ranges, kept sorted, disjoint and with no two ranges touching, so that one
 * set of versions has one shape and one printed form ("<1.0 || >=2.0", "!=1.5", "!=1.2.*").
 */
import { compareVersions, type Version } from "./version.ts";
import {
  ANY, EMPTY, ExactVersion, VersionRange, allowsHigher, allowsLower, areAdjacent, compareRanges,
  complement, makeRange, rangesOf, strictlyLower, type VersionConstraint,
} from "./range.ts";
import { wildcardBaseBelow, withoutDev0 } from "./range-version-ops.ts";

export class VersionUnion implements VersionConstraint {
  /** The ranges as given; build unions with VersionUnion.of, which normalizes. */
  readonly ranges: readonly VersionRange[];
  private text: string | undefined;

  constructor(ranges: readonly VersionRange[]) {
    this.ranges = ranges;
  }

  /**
   * The union of any constraints: flattened, sorted, overlapping and adjacent ranges merged.
   * Gives EMPTY, a single range, or a VersionUnion of two or more ranges.
   */
  static of(...constraints: VersionConstraint[]): VersionConstraint {
    const flat: VersionRange[] = [];
    for (const c of constraints) {
      if (c.isEmpty()) continue;
      if (c.isAny()) return ANY;
      flat.push(...rangesOf(c));
    }
    flat.sort(compareRanges);
    const merged: VersionRange[] = [];
    for (const r of flat) {
      const last = merged[merged.length - 1];
      // Merging looks at the written bounds only, so it never recurses into union().
      if (last === undefined || (strictlyLower(last, r) && !areAdjacent(last, r))) {
        merged.push(r);
        continue;
      }
      const lo = allowsLower(last, r) ? last : r;
      const hi = allowsHigher(last, r) ? last : r;
      const m = makeRange(lo.min, hi.max, lo.includeMin, hi.includeMax);
      if (m.isAny()) return ANY;
      merged[merged.length - 1] = m as VersionRange;
    }
    if (merged.length === 0) return EMPTY;
    if (merged.length === 1) return merged[0]!;
    return new VersionUnion(merged);
  }

  isEmpty(): boolean { return false; }
  isAny(): boolean { return false; }
  isSimple(): boolean { return this.excludedVersion() !== null; }

  allows(v: Version): boolean {
    // "!=V" is not "<V || >V" for pre-, post- and local releases of V: "!=2" allows 2.0a1
    // and 2.0.post1 (which "<2" and ">2" refuse) and refuses 2.0+local.
    const excluded = this.excludedVersion();
    if (excluded !== null) return !new ExactVersion(excluded).allows(v);
    return this.ranges.some((r) => r.allows(v));
  }

  allowsAll(other: VersionConstraint): boolean {
    if (other.isEmpty()) return true;
    if (other instanceof ExactVersion) return this.allows(other.version);
    // Our ranges are disjoint and not adjacent, so each of theirs must fit inside one of ours.
    return rangesOf(other).every((t) => this.ranges.some((o) => o.allowsAll(t)));
  }

  allowsAny(other: VersionConstraint): boolean {
    if (other.isEmpty()) return false;
    if (other instanceof ExactVersion) return this.ranges.some((o) => o.allowsAny(other));
    return rangesOf(other).some((t) => this.ranges.some((o) => o.allowsAny(t)));
  }

  intersect(other: VersionConstraint): VersionConstraint {
    if (other.isEmpty()) return other;
    const parts: VersionConstraint[] = [];
    for (const o of this.ranges) {
      for (const t of rangesOf(other)) parts.push(o.intersect(t));
    }
    return VersionUnion.of(...parts);
  }

  union(other: VersionConstraint): VersionConstraint {
    return VersionUnion.of(this, other);
  }

  difference(other: VersionConstraint): VersionConstraint {
    if (other.isEmpty()) return this;
    const rest = complement(other);
    return VersionUnion.of(
      ...this.ranges.map((r) => (r instanceof ExactVersion ? r.difference(other) : r.intersect(rest))),
    );
  }

  /** V when this union is "<V || >V" (printed "!=V"), else null. */
  excludedVersion(): Version | null {
    const ends = this.openEnds();
    if (ends === null) return null;
    const [below, above] = ends;
    if (below.includeMax || above.includeMin || compareVersions(below.max!, above.min!) !== 0) return null;
    return below.max;
  }

  get excludesSingleVersion(): boolean {
    return this.excludedVersion() !== null;
  }

  /** True when this union is "<X || >=Y.dev0" for the next wildcard Y of X ("!=X.*"). */
  get excludesSingleWildcardRange(): boolean {
    return this.excludedWildcardBase() !== null;
  }

  private excludedWildcardBase(): Version | null {
    const ends = this.openEnds();
    if (ends === null) return null;
    const [below, above] = ends;
    if (below.includeMax || !above.includeMin || above.min!.dev !== 0) return null;
    const low = withoutDev0(below.max!, false);
    const base = wildcardBaseBelow(above.min!);
    return low !== null && base !== null && compareVersions(low, base) === 0 ? base : null;
  }

  /** The two ranges "<a" and ">b" of a union that excludes one stretch, in either order. */
  private openEnds(): [VersionRange, VersionRange] | null {
    if (this.ranges.length !== 2) return null;
    const [a, b] = this.ranges as [VersionRange, VersionRange];
    const isBelow = (r: VersionRange): boolean => r.min === null && r.max !== null;
    const isAbove = (r: VersionRange): boolean => r.max === null && r.min !== null;
    if (isBelow(a) && isAbove(b)) return [a, b];
    if (isBelow(b) && isAbove(a)) return [b, a];
    return null;
  }

  toString(): string {
    if (this.text !== undefined) return this.text;
    const excluded = this.excludedVersion();
    const base = excluded === null ? this.excludedWildcardBase() : null;
    this.text = excluded !== null ? `!=${excluded}`
      : base !== null ? `!=${base}.*`
      : this.ranges.map(String).join(" || ");
    return this.text;
  }
}
