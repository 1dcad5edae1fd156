/**
 * How the cnf step of a union writes the python comparisons it ends with: a range bounded on
 * both python_version and python_full_version is written as its two bounds, lower first, each
 * on python_version where a whole minor bounds it (`python_full_version >= "3.10.0"` and
 * `python_version <= "3.11"` are `python_version >= "3.10" and python_version <= "3.11"`).
 */
import { makeRange, rangesOf, type VersionConstraint } from "./range.ts";
import { MultiMarker, SingleMarker, type Marker } from "./markers-algebra.ts";
import { family, versionOf } from "./markers-algebra-python.ts";
import { sameVersions, singlePythonComparison } from "./markers-version.ts";

/** One bound of the range: the python_version comparison that says it, else one written for it. */
function bound(units: readonly SingleMarker[], c: VersionConstraint): Marker | null {
  const written = units.find((u) => u.name === "python_version" && sameVersions(versionOf(u), c));
  if (written !== undefined) return written;
  const single = singlePythonComparison(c);
  return single === null ? null : new SingleMarker(single.name, { kind: "version", c }, single.text);
}

/** `clauses` with their python comparisons on both variables rewritten as one range, when they are one. */
export function mergePythonUnits(clauses: readonly Marker[]): Marker[] {
  const flat = clauses.flatMap((k) => (k instanceof MultiMarker ? k.markers : [k]));
  const units = flat.filter((k): k is SingleMarker => k instanceof SingleMarker && family(k) === "python");
  if (new Set(units.map((u) => u.name)).size < 2) return [...clauses];
  const c = units.map(versionOf).reduce((a, b) => a.intersect(b));
  const ranges = rangesOf(c);
  if (ranges.length !== 1 || ranges[0]!.min === null || ranges[0]!.max === null) return [...clauses];
  const r = ranges[0]!;
  const lower = bound(units, makeRange(r.min, null, r.includeMin, false));
  const upper = bound(units, makeRange(null, r.max, false, r.includeMax));
  if (lower === null || upper === null) return [...clauses];
  const at = flat.indexOf(units[0]!);
  const rest = flat.filter((k) => !units.includes(k as SingleMarker));
  return [...rest.slice(0, at), lower, upper, ...rest.slice(at)];
}
