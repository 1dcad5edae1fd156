/**
 * Test-side decoding of poetry-core's serialized constraint objects
 * ({"$constraint": {kind, min, max, include_min, include_max, ranges, version}}) into our
 * objects, and a structural comparison that compares bounds as versions, not as text.
 */
import { Version, compareVersions } from "../../src/standards/version.ts";
import {
  ANY, EMPTY, ExactVersion, VersionRange, VersionUnion, type VersionConstraint,
} from "../../src/standards/range.ts";

export interface SerializedConstraint {
  kind: "version" | "range" | "union" | "any" | "empty";
  version?: string;
  min?: string | null;
  max?: string | null;
  include_min?: boolean;
  include_max?: boolean;
  ranges?: SerializedConstraint[];
  str: string;
}

export function isSerialized(x: unknown): x is { $constraint: SerializedConstraint } {
  return typeof x === "object" && x !== null && "$constraint" in x;
}

const ver = (s: string | null | undefined): Version | null => (s === null || s === undefined ? null : Version.parse(s));

/** Accepts a bare {kind,...} object or one wrapped in {"$constraint": ...}. */
export function decode(x: unknown): VersionConstraint {
  const s: SerializedConstraint = isSerialized(x) ? x.$constraint : (x as SerializedConstraint);
  switch (s.kind) {
    case "any": return ANY;
    case "empty": return EMPTY;
    case "version": return new ExactVersion(Version.parse(s.version ?? s.str));
    case "range":
      return new VersionRange(ver(s.min), ver(s.max), s.include_min ?? false, s.include_max ?? false);
    case "union":
      return new VersionUnion((s.ranges ?? []).map((r) => decode(r) as VersionRange));
  }
}

export function decodeRange(x: unknown): VersionRange {
  const c = decode(x);
  if (!(c instanceof VersionRange)) throw new Error(`not a range: ${String(c)}`);
  return c;
}

function sameVersion(a: Version | null, b: Version | null): boolean {
  return a === null || b === null ? a === b : compareVersions(a, b) === 0;
}

/** Structural equality as poetry-core's __eq__ sees it: same shape, bounds equal as versions. */
export function sameConstraint(a: VersionConstraint, b: VersionConstraint): boolean {
  if (a.isEmpty() || b.isEmpty()) return a.isEmpty() && b.isEmpty();
  if (a.isAny() || b.isAny()) return a.isAny() && b.isAny();
  if (a instanceof ExactVersion || b instanceof ExactVersion) {
    return a instanceof ExactVersion && b instanceof ExactVersion && compareVersions(a.version, b.version) === 0;
  }
  if (a instanceof VersionUnion || b instanceof VersionUnion) {
    if (!(a instanceof VersionUnion && b instanceof VersionUnion) || a.ranges.length !== b.ranges.length) return false;
    return a.ranges.every((r, k) => sameConstraint(r, b.ranges[k]!));
  }
  if (a instanceof VersionRange && b instanceof VersionRange) {
    return sameVersion(a.min, b.min) && sameVersion(a.max, b.max) &&
      a.includeMin === b.includeMin && a.includeMax === b.includeMax;
  }
  return false;
}

/** A readable shape for failure messages. */
export function describe(c: VersionConstraint): string {
  const kind = c instanceof ExactVersion ? "version" : c instanceof VersionUnion ? "union"
    : c instanceof VersionRange ? "range" : c.isEmpty() ? "empty" : "?";
  return `${kind}<${String(c)}>`;
}
