/**
 * poetry-core's version-constraint algebra: ranges of PEP 440 versions, their unions, and the
 * set operations the resolver needs. The algebra works on the written bounds; `allows` adds the
 * PEP 440 exclusive-comparison rules ("<2" refuses 2.0a1, ">2" refuses 2.0.post1 and 2.0+local),
 * and an exact version admits its local variants ("1.2.3" allows "1.2.3+cpu").
 *
 * Shapes: EMPTY (nothing), VersionRange (ANY is the unbounded range), ExactVersion (a
 * VersionRange with min == max, both included, printed as the bare version) and VersionUnion
 * (sorted, disjoint, non-adjacent ranges; see range-union.ts).
 */
import { compareVersions, type Version } from "./version.ts";
import { VersionUnion } from "./range-union.ts";
import { wildcardBaseBelow, withoutDev0, withoutPostAndLocal } from "./range-version-ops.ts";
import { firstDevrelease, nextPatch, withoutLocal } from "./version-bump.ts";

export { VersionUnion } from "./range-union.ts";

export interface VersionConstraint {
  isEmpty(): boolean;
  isAny(): boolean;
  /** True for a single range, an exact version, EMPTY, and a union that is "!=V". */
  isSimple(): boolean;
  allows(v: Version): boolean;
  allowsAll(other: VersionConstraint): boolean;
  allowsAny(other: VersionConstraint): boolean;
  intersect(other: VersionConstraint): VersionConstraint;
  union(other: VersionConstraint): VersionConstraint;
  difference(other: VersionConstraint): VersionConstraint;
  /** poetry-core's str(): ">=1.2,<2.0", "<1.0 || >=2.0", "!=1.5", "==1.2.*", "1.2.3", "*", "<empty>". */
  toString(): string;
}

const cmp = compareVersions;

/** The constraint no version satisfies. */
class EmptyConstraint implements VersionConstraint {
  isEmpty(): boolean { return true; }
  isAny(): boolean { return false; }
  isSimple(): boolean { return true; }
  allows(): boolean { return false; }
  allowsAll(other: VersionConstraint): boolean { return other.isEmpty(); }
  allowsAny(): boolean { return false; }
  intersect(): VersionConstraint { return this; }
  union(other: VersionConstraint): VersionConstraint { return other; }
  difference(): VersionConstraint { return this; }
  toString(): string { return "<empty>"; }
}

export const EMPTY: VersionConstraint = new EmptyConstraint();

export class VersionRange implements VersionConstraint {
  readonly min: Version | null;
  readonly max: Version | null;
  readonly includeMin: boolean;
  readonly includeMax: boolean;
  private allowedMaxCache: Version | null | undefined;
  private text: string | undefined;

  constructor(min: Version | null = null, max: Version | null = null, includeMin = false, includeMax = false) {
    this.min = min;
    this.max = max;
    // An open end has no inclusivity; normalizing it keeps comparisons of bounds simple.
    this.includeMin = min !== null && includeMin;
    this.includeMax = max !== null && includeMax;
  }

  isEmpty(): boolean { return false; }
  isAny(): boolean { return this.min === null && this.max === null; }
  isSimple(): boolean { return true; }

  /**
   * The bound `allows` really compares against: "<V" with a final V must not admit V's own
   * pre-releases (PEP 440), so it stops at V's first dev release.
   */
  get allowedMax(): Version | null {
    if (this.allowedMaxCache === undefined) {
      const max = this.max;
      this.allowedMaxCache = max === null || this.includeMax || max.isPrerelease ? max : firstDevrelease(max);
    }
    return this.allowedMaxCache;
  }

  allows(v: Version): boolean {
    const min = this.min;
    if (min !== null) {
      if (this.includeMin) {
        if (cmp(v, min) < 0) return false;
      } else {
        // ">V" refuses V's post-releases (unless V is one) and V's local variants.
        let o = v;
        if (!min.isPostrelease && o.isPostrelease) o = withoutPostAndLocal(o);
        else if (!min.isLocal && o.isLocal) o = withoutLocal(o);
        if (cmp(o, min) <= 0) return false;
      }
    }
    const max = this.allowedMax;
    if (max !== null) {
      // "<=V" (V without a local label) admits V+anything: weak equality on the local part.
      const o = !max.isLocal && v.isLocal ? withoutLocal(v) : v;
      const c = cmp(o, max);
      if (this.includeMax ? c > 0 : c >= 0) return false;
    }
    return true;
  }

  allowsAll(other: VersionConstraint): boolean {
    if (other.isEmpty()) return true;
    if (other instanceof ExactVersion) return this.allows(other.version);
    if (other instanceof VersionUnion) return other.ranges.every((r) => this.allowsAll(r));
    if (other instanceof VersionRange) return !allowsLower(other, this) && !allowsHigher(other, this);
    return false;
  }

  allowsAny(other: VersionConstraint): boolean {
    if (other.isEmpty()) return false;
    if (other instanceof VersionUnion) return other.allowsAny(this);
    if (other instanceof ExactVersion || this instanceof ExactVersion) return !this.intersect(other).isEmpty();
    if (other instanceof VersionRange) return !strictlyLower(other, this) && !strictlyHigher(other, this);
    return false;
  }

  intersect(other: VersionConstraint): VersionConstraint {
    if (other.isEmpty()) return other;
    if (other instanceof VersionUnion) return other.intersect(this);
    if (!(other instanceof VersionRange)) return EMPTY;
    if (this instanceof ExactVersion) return intersectExact(this, other);
    if (other instanceof ExactVersion) return intersectExact(other, this);
    return intersectRanges(this, other);
  }

  union(other: VersionConstraint): VersionConstraint {
    if (other.isEmpty()) return this;
    if (!(other instanceof VersionRange)) return VersionUnion.of(this, other);
    if (other instanceof ExactVersion && !(this instanceof ExactVersion)) return unionWithExact(this, other);
    if (this instanceof ExactVersion) {
      if (other.allows(this.version)) return other;
      if (other instanceof ExactVersion && this.allows(other.version)) return this;
      if (!(other instanceof ExactVersion)) return unionWithExact(other, this);
      return VersionUnion.of(this, other);
    }
    if (!areAdjacent(this, other) && !areAdjacent(other, this) && !this.allowsAny(other)) {
      return VersionUnion.of(this, other);
    }
    const lo = allowsLower(this, other) ? this : other;
    const hi = allowsHigher(this, other) ? this : other;
    return makeRange(lo.min, hi.max, lo.includeMin, hi.includeMax);
  }

  difference(other: VersionConstraint): VersionConstraint {
    if (other.isEmpty()) return this;
    if (this instanceof ExactVersion) return other.allows(this.version) ? EMPTY : this;
    if (other instanceof ExactVersion) return subtractExact(this, other.version);
    return this.intersect(complement(other));
  }

  /** True when this is exactly the range of a release or post wildcard (==1.2.*). */
  get isSingleWildcardRange(): boolean {
    return this.wildcardBase() !== null;
  }

  private wildcardBase(): Version | null {
    if (this.min === null || this.max === null || !this.includeMin || this.includeMax) return null;
    const low = withoutDev0(this.min, true);
    const base = wildcardBaseBelow(this.max);
    return low !== null && base !== null && cmp(low, base) === 0 ? base : null;
  }

  toString(): string {
    if (this.text !== undefined) return this.text;
    let s: string;
    const base = this.wildcardBase();
    if (this.isAny()) s = "*";
    else if (base !== null) s = `==${base}.*`;
    else {
      const parts: string[] = [];
      if (this.min !== null) parts.push(`${this.includeMin ? ">=" : ">"}${this.min}`);
      if (this.max !== null) parts.push(`${this.includeMax ? "<=" : "<"}${this.max}`);
      s = parts.join(",");
    }
    return (this.text = s);
  }
}

/** A single version as a constraint: min == max == version, both included; prints as "1.2.3". */
export class ExactVersion extends VersionRange {
  constructor(readonly version: Version) {
    super(version, version, true, true);
  }

  override toString(): string {
    return this.version.toString();
  }
}

export const ANY: VersionConstraint = new VersionRange();

/** The ranges a constraint is made of (none for EMPTY). */
export function rangesOf(c: VersionConstraint): readonly VersionRange[] {
  if (c instanceof VersionUnion) return c.ranges;
  if (c instanceof VersionRange) return [c];
  return [];
}

/** Every version `c` does not allow, by its written bounds. */
export function complement(c: VersionConstraint): VersionConstraint {
  if (c.isEmpty()) return ANY;
  const out: VersionConstraint[] = [];
  let lo: Version | null = null;
  let loIncluded = false;
  let first = true;
  for (const r of rangesOf(c)) {
    if (r.min !== null) out.push(makeRange(first ? null : lo, r.min, loIncluded, !r.includeMin));
    first = false;
    if (r.max === null) return VersionUnion.of(...out);
    lo = r.max;
    loIncluded = !r.includeMax;
  }
  out.push(makeRange(lo, null, loIncluded, false));
  return VersionUnion.of(...out);
}

/** poetry-core's has_upper_bound: EMPTY counts as bounded. */
export function hasUpperBound(c: VersionConstraint): boolean {
  if (c.isEmpty()) return true;
  const rs = rangesOf(c);
  return rs.length > 0 && rs[rs.length - 1]!.max !== null;
}

/** A range, or the exact version when the bounds meet, or EMPTY when they cross. */
export function makeRange(min: Version | null, max: Version | null, includeMin: boolean, includeMax: boolean): VersionConstraint {
  if (min === null && max === null) return ANY;
  if (min !== null && max !== null) {
    const c = cmp(min, max);
    if (c > 0) return EMPTY;
    if (c === 0) return includeMin && includeMax ? new ExactVersion(min) : EMPTY;
  }
  return new VersionRange(min, max, includeMin, includeMax);
}

// ---- comparisons of bounds (written bounds; null is minus/plus infinity) ----

/** Orders ranges by lower bound, then upper bound (how a union keeps them). */
export function compareRanges(a: VersionRange, b: VersionRange): number {
  if (a.min === null || b.min === null) {
    if (a.min !== b.min) return a.min === null ? -1 : 1;
  } else {
    const c = cmp(a.min, b.min);
    if (c !== 0) return c;
    if (a.includeMin !== b.includeMin) return a.includeMin ? -1 : 1;
  }
  if (a.max === null || b.max === null) return a.max === b.max ? 0 : a.max === null ? 1 : -1;
  const c = cmp(a.max, b.max);
  if (c !== 0) return c;
  return a.includeMax === b.includeMax ? 0 : a.includeMax ? 1 : -1;
}

/** Does `a` reach below everything `b` reaches? */
export function allowsLower(a: VersionRange, b: VersionRange): boolean {
  if (a.min === null) return b.min !== null;
  if (b.min === null) return false;
  const c = cmp(a.min, b.min);
  return c !== 0 ? c < 0 : a.includeMin && !b.includeMin;
}

/** Does `a` reach above everything `b` reaches? */
export function allowsHigher(a: VersionRange, b: VersionRange): boolean {
  if (a.max === null) return b.max !== null;
  if (b.max === null) return false;
  const c = cmp(a.max, b.max);
  return c !== 0 ? c > 0 : a.includeMax && !b.includeMax;
}

/** Is all of `a` below all of `b`? */
export function strictlyLower(a: VersionRange, b: VersionRange): boolean {
  if (a.max === null || b.min === null) return false;
  const c = cmp(a.max, b.min);
  return c !== 0 ? c < 0 : !a.includeMax || !b.includeMin;
}

export function strictlyHigher(a: VersionRange, b: VersionRange): boolean {
  return strictlyLower(b, a);
}

/** Does `a` end exactly where `b` starts, with the meeting point in exactly one of them? */
export function areAdjacent(a: VersionRange, b: VersionRange): boolean {
  if (a.max === null || b.min === null || cmp(a.max, b.min) !== 0) return false;
  return a.includeMax !== b.includeMin;
}

// ---- operations involving exact versions ----

function intersectRanges(a: VersionRange, b: VersionRange): VersionConstraint {
  const lo = allowsLower(a, b) ? b : a;
  const hi = allowsHigher(a, b) ? b : a;
  return makeRange(lo.min, hi.max, lo.includeMin, hi.includeMax);
}

/**
 * An exact version meets a range. A version without a local label also stands for its local
 * variants, so when the range admits only some of those (">=1.2.3+local"), poetry-core answers
 * with the range cut at the next patch release: ">=1.2.3+local,<1.2.4".
 */
function intersectExact(e: ExactVersion, other: VersionRange): VersionConstraint {
  const v = e.version;
  if (other.allows(v)) return e;
  if (other instanceof ExactVersion) return e.allows(other.version) ? other : EMPTY;
  if (!v.isLocal && allowsSomeLocalOf(other, v)) {
    return intersectRanges(other, new VersionRange(v, nextPatch(v), true, false));
  }
  return EMPTY;
}

/** Does `r` allow some v+local, for a version `v` without a local label? */
function allowsSomeLocalOf(r: VersionRange, v: Version): boolean {
  const min = r.min;
  if (min !== null) {
    if (r.includeMin || min.isLocal) {
      if (cmp(withoutLocal(min), v) > 0) return false;
    } else {
      const o = !min.isPostrelease && v.isPostrelease ? withoutPostAndLocal(v) : v;
      if (cmp(o, min) <= 0) return false;
    }
  }
  const max = r.allowedMax;
  if (max !== null) {
    if (max.isLocal) return cmp(v, withoutLocal(max)) <= 0;
    const c = cmp(v, max);
    return r.includeMax ? c <= 0 : c < 0;
  }
  return true;
}

function unionWithExact(r: VersionRange, e: ExactVersion): VersionConstraint {
  const v = e.version;
  if (r.allows(v)) return r;
  if (r.min !== null && cmp(r.min, v) === 0) return new VersionRange(r.min, r.max, true, r.includeMax);
  if (r.max !== null && cmp(r.max, v) === 0) return new VersionRange(r.min, r.max, r.includeMin, true);
  return VersionUnion.of(r, e);
}

function subtractExact(r: VersionRange, v: Version): VersionConstraint {
  if (!r.allows(v)) return r;
  if (r.min !== null && cmp(r.min, v) === 0) {
    return r.includeMin ? makeRange(r.min, r.max, false, r.includeMax) : r;
  }
  if (r.max !== null && cmp(r.max, v) === 0) {
    return r.includeMax ? makeRange(r.min, r.max, r.includeMin, false) : r;
  }
  return VersionUnion.of(
    makeRange(r.min, v, r.includeMin, false),
    makeRange(v, r.max, false, r.includeMax),
  );
}
