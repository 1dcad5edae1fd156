/**
 * Specifier clauses as ranges on the version line, to decide satisfiability and set relations
 * the way packaging 26 does. Pure, no I/O.
 *
 * Some clauses end between two real versions: `<=1.0` takes every `1.0+local` but not
 * `1.0.post0`; `>1.0` skips every `1.0.postN`. Such ends are Boundary points.
 */
import { Version, compareVersions, type Num } from "./version.ts";

/**
 * Where a boundary sits, relative to its base version V. AfterLocals: after V and every V+local,
 * before V.post0. AfterPosts: after every V.postN, before the next release.
 */
export const BoundaryKind = { AfterLocals: 1, AfterPosts: 2 } as const;
export type BoundaryKind = (typeof BoundaryKind)[keyof typeof BoundaryKind];

export interface Boundary {
  readonly base: Version;
  readonly kind: BoundaryKind;
}
export type Point = Version | Boundary;
/** `at` null means unbounded (-inf for a lower end, +inf for an upper end). */
export interface End {
  readonly at: Point | null;
  readonly inclusive: boolean;
}
export type Range = readonly [lower: End, upper: End];

const FULL: readonly Range[] = [[{ at: null, inclusive: false }, { at: null, inclusive: false }]];
const MIN_VERSION = Version.parse("0.dev0");
const ZERO = Version.parse("0");

const isBoundary = (p: Point): p is Boundary => !(p instanceof Version);

function sameRelease(a: readonly Num[], b: readonly Num[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}

/** Does boundary `b` sort above `v` although `v` is not below b's base? */
function inFamily(b: Boundary, v: Version): boolean {
  const base = b.base;
  const x = base.exactParts();
  const y = v.exactParts();
  if (x.epoch !== y.epoch || !sameRelease(x.release, y.release)) return false;
  if ((base.pre === null) !== (v.pre === null) || (base.pre && (base.pre[0] !== v.pre![0] || x.preN !== y.preN))) return false;
  if (b.kind === BoundaryKind.AfterLocals) return x.post === y.post && x.dev === y.dev;
  return x.dev === y.dev || y.post !== null;
}

function comparePoints(a: Point, b: Point): number {
  if (!isBoundary(a)) {
    if (!isBoundary(b)) return compareVersions(a, b);
    return -comparePoints(b, a);
  }
  if (isBoundary(b)) {
    const c = compareVersions(a.base, b.base);
    if (c === 0) return a.kind - b.kind;
    // A boundary whose base lies inside the other's family sits below it: AL(1.0.post1) < AP(1.0).
    if (c > 0 && inFamily(b, a.base)) return -1;
    if (c < 0 && inFamily(a, b.base)) return 1;
    return c;
  }
  return !inFamily(a, b) && compareVersions(a.base, b) < 0 ? -1 : 1;
}

function lowerLess(a: End, b: End): boolean {
  if (a.at === null) return b.at !== null;
  if (b.at === null) return false;
  const c = comparePoints(a.at, b.at);
  return c !== 0 ? c < 0 : a.inclusive && !b.inclusive;
}

function upperLess(a: End, b: End): boolean {
  if (a.at === null) return false;
  if (b.at === null) return true;
  const c = comparePoints(a.at, b.at);
  return c !== 0 ? c < 0 : !a.inclusive && b.inclusive;
}

/**
 * The smallest real version a lower end admits, when there is one. Past `V+local` labels or
 * past every post-release of a final V there is none (versions are dense there).
 */
function smallestAtOrAbove(lower: End): Version | null {
  const at = lower.at;
  if (at === null) return MIN_VERSION;
  if (!isBoundary(at)) return lower.inclusive ? at : null;
  const v = at.base;
  const x = v.exactParts();
  if (at.kind === BoundaryKind.AfterLocals) {
    // The next public version after V and its local labels.
    if (x.dev !== null) return v.replace({ dev: inc(x.dev), local: null });
    return v.replace({ post: x.post === null ? 0 : inc(x.post), dev: 0, local: null });
  }
  // After every post-release of a pre-release aN comes a(N+1).dev0.
  if (v.pre !== null) return v.replace({ pre: [v.pre[0], inc(x.preN)], post: null, dev: 0, local: null });
  return null;
}

function isEmpty(lower: End, upper: End): boolean {
  const first = smallestAtOrAbove(lower);
  if (first !== null) {
    if (upper.at === null) return false;
    const c = comparePoints(first, upper.at);
    return !(c < 0 || (c === 0 && upper.inclusive));
  }
  if (lower.at === null || upper.at === null) return false;
  const c = comparePoints(lower.at, upper.at);
  return c === 0 ? !(lower.inclusive && upper.inclusive) : c > 0;
}

/** Intersection of two sorted, non-overlapping range lists. */
export function intersectRanges(left: readonly Range[], right: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const [ll, lu] = left[i]!;
    const [rl, ru] = right[j]!;
    const lower = lowerLess(ll, rl) ? rl : ll;
    const upper = upperLess(ru, lu) ? ru : lu;
    if (!isEmpty(lower, upper)) out.push([lower, upper]);
    if (upperLess(lu, ru)) i++;
    else j++;
  }
  return out;
}

function endsEqual(a: End, b: End): boolean {
  if (a.inclusive !== b.inclusive) return false;
  if (a.at === null || b.at === null) return a.at === b.at;
  return comparePoints(a.at, b.at) === 0;
}

export function rangeListsEqual(a: readonly Range[], b: readonly Range[]): boolean {
  return a.length === b.length && a.every((r, k) => endsEqual(r[0], b[k]![0]) && endsEqual(r[1], b[k]![1]));
}

const inc = (n: Num): Num => (typeof n === "bigint" ? n + 1n : Number.isSafeInteger(n + 1) ? n + 1 : BigInt(n) + 1n);
const from = (at: Point | null, inclusive: boolean): End => ({ at, inclusive });

/** 1.2 -> 1.3.dev0: the smallest version past the `1.2.*` family. */
function nextPrefixDev0(v: Version): Version {
  const { epoch, release } = v.exactParts();
  return Version.fromParts({ epoch, release: [...release.slice(0, -1), inc(release[release.length - 1]!)], dev: 0 });
}

/** The ranges one clause allows. `spec` is the parsed version (null for wildcards and ===). */
export function specifierRanges(op: string, version: string, spec: Version | null): readonly Range[] {
  if (op === "===") return FULL;
  if (version.endsWith(".*")) {
    const base = Version.parse(version.slice(0, -2));
    const { epoch, release } = base.exactParts();
    const lower = Version.fromParts({ epoch, release, dev: 0 });
    const upper = nextPrefixDev0(base);
    if (op === "==") return [[from(lower, true), from(upper, false)]];
    return [[from(null, false), from(lower, false)], [from(upper, true), from(null, false)]];
  }
  const v = spec!;
  const afterLocals: Boundary = { base: v, kind: BoundaryKind.AfterLocals };
  switch (op) {
    case ">=":
      return [[from(v, true), from(null, false)]];
    case "<=":
      return [[from(null, false), from(afterLocals, true)]];
    case ">": {
      const x = v.exactParts();
      if (x.dev !== null) return [[from(v.replace({ dev: inc(x.dev), local: null }), true), from(null, false)]];
      if (x.post !== null) return [[from(v.replace({ post: inc(x.post), dev: 0, local: null }), true), from(null, false)]];
      return [[from({ base: v, kind: BoundaryKind.AfterPosts }, false), from(null, false)]];
    }
    case "<": {
      const bound = v.isPrerelease ? v : v.replace({ dev: 0, local: null });
      if (compareVersions(bound, MIN_VERSION) <= 0) return [];
      return [[from(null, false), from(bound, false)]];
    }
    case "==":
      return [[from(v, true), from(version.includes("+") ? v : afterLocals, true)]];
    case "!=": {
      const upper = version.includes("+") ? v : afterLocals;
      return [[from(null, false), from(v, false)], [from(upper, false), from(null, false)]];
    }
    case "~=": {
      const { epoch, release } = v.exactParts();
      return [[from(v, true), from(nextPrefixDev0(Version.fromParts({ epoch, release: release.slice(0, -1) })), false)]];
    }
  }
  return FULL;
}

/** The smallest final (or post) release at or above a lower end, or null when there is none. */
function nearestNonPrerelease(p: Point | null): Version | null {
  if (p === null) return ZERO;
  const v = isBoundary(p) ? p.base : p;
  if (v.pre !== null) return v.replace({ pre: null, post: null, dev: null, local: null });
  if (v.dev !== null) return v.replace({ dev: null, local: null });
  if (!isBoundary(p)) return v;
  if (p.kind === BoundaryKind.AfterPosts) return null;
  const post = v.exactParts().post;
  return v.replace({ post: post === null ? 0 : inc(post), local: null });
}

/** Does the range hold a version that is not a pre-release? */
export function nearestNonPrereleaseIsBelow(range: Range): boolean {
  const [lower, upper] = range;
  const nearest = nearestNonPrerelease(lower.at);
  if (nearest === null || upper.at === null) return true;
  const c = comparePoints(nearest, upper.at);
  return c < 0 || (c === 0 && upper.inclusive);
}
