/**
 * The python-version side of the marker algebra: how comparisons on python_version and
 * python_full_version merge, and how the merged result is written. poetry-core keeps an input
 * that already says the result, prefers the spelling the written values give literally
 * (`== "3.6" or < "3.6"` is `<= "3.6"`), keeps a range as its two written bounds, prefers the
 * strict operator of two equal bounds, and writes a bound that is a whole minor on
 * python_version, else on python_full_version.
 */
import { makeRange, rangesOf, type VersionConstraint } from "./range.ts";
import {
  pythonMarkerConstraint, constraintToMarkerParts, literalConstraint, sameVersions, singlePythonComparison, PYTHON_VERSION_NAMES,
} from "./markers-version.ts";
import type { MarkerOp } from "./markers-parse.ts";
import {
  ANY_MARKER, EMPTY_MARKER, MultiMarker, SingleMarker, conjunction, conjuncts, fromVersion, type Marker,
} from "./markers-algebra.ts";

/** python_version and python_full_version speak of the same value and merge with each other. */
export function family(m: Marker): string | null {
  if (!(m instanceof SingleMarker) || m.constraint.kind !== "version") return null;
  return PYTHON_VERSION_NAMES.has(m.name) ? "python" : m.name;
}

export function sameFamily(a: Marker, b: Marker): boolean {
  const f = family(a);
  return f !== null && f === family(b);
}

export function versionOf(m: Marker): VersionConstraint {
  return (m as SingleMarker & { constraint: { c: VersionConstraint } }).constraint.c;
}

/** A range written as its two bounds: two comparisons, as poetry-core keeps them. */
function boundsMarker(name: string, texts: readonly string[]): Marker {
  return new MultiMarker(texts.map((text) => {
    const [, op, value] = /^\S+ (\S+) "(.*)"$/.exec(text)!;
    const c = pythonMarkerConstraint(name, op as MarkerOp, value!)!;
    const lit = name === "python_version" ? literalConstraint(op as MarkerOp, value!) : null;
    return new SingleMarker(name, { kind: "version", c, literal: lit === null ? undefined : { c: lit, value: value! } }, text);
  }));
}

const STRICT = /^\S+ [<>] /;

/** Of two comparisons that mean the same, poetry-core keeps the strict one (`> "3.7"` over `>= "3.8"`). */
function preferStrict(x: Marker, y: Marker): Marker {
  return STRICT.test(y.toString()) && !STRICT.test(x.toString()) ? y : x;
}

/** `kept` with each python comparison swapped for an equal, stricter one of `other`. */
export function withStrictest(kept: readonly Marker[], other: readonly Marker[]): Marker[] {
  return kept.map((x) => {
    if (family(x) !== "python") return x;
    const twin = other.find((y) => y instanceof SingleMarker && x instanceof SingleMarker && y.name === x.name && family(y) === "python" &&
      sameVersions(versionOf(x), versionOf(y)));
    return twin === undefined ? x : preferStrict(x, twin);
  });
}

const LITERAL_OPS: readonly MarkerOp[] = ["==", "!=", "<", "<=", ">", ">="];

/**
 * Two comparisons of one version variable (or of python_version with python_full_version),
 * merged the way poetry-core writes the result: an input that already says it is kept as
 * written; a python_version result that one of the written values says literally takes that
 * form (`== "3.6" or < "3.6"` is `<= "3.6"`); else it is printed from the ranges when that
 * takes one comparison (or, for an OR on one variable, one range). Null: keep both.
 */
export function mergeVersions(a: SingleMarker, b: SingleMarker, and: boolean): Marker | null {
  const ca = versionOf(a);
  const cb = versionOf(b);
  const c = and ? ca.intersect(cb) : ca.union(cb);
  if (c.isEmpty()) return EMPTY_MARKER;
  if (c.isAny()) return ANY_MARKER;
  if (sameVersions(c, ca)) return sameVersions(ca, cb) && a.name === b.name ? preferStrict(a, b) : a;
  if (a.name !== b.name) {
    // A result on python_full_version that a whole minor bounds is written on python_version.
    const single = singlePythonComparison(c);
    if (single !== null) return new SingleMarker(single.name, { kind: "version", c }, single.text);
    return sameVersions(c, cb) ? b : null;
  }
  if (sameVersions(c, cb)) return b;
  const la = a.constraint.kind === "version" ? a.constraint.literal : undefined;
  const lb = b.constraint.kind === "version" ? b.constraint.literal : undefined;
  if (la !== undefined && lb !== undefined) {
    const lc = and ? la.c.intersect(lb.c) : la.c.union(lb.c);
    for (const value of [la.value, lb.value].filter((v) => v !== "")) {
      for (const op of LITERAL_OPS) {
        const lit = literalConstraint(op, value);
        if (lit === null || !sameVersions(lit, lc)) continue;
        const sem = pythonMarkerConstraint(a.name, op, value);
        if (sem === null || !sameVersions(sem, c)) continue;
        return new SingleMarker(a.name, { kind: "version", c, literal: { c: lit, value } }, `${a.name} ${op} "${value}"`);
      }
    }
    // An OR that reads literally as one range keeps the literal bounds (`<= "3.10"`).
    const lr = rangesOf(lc);
    if (!and && lr.length === 1 && lr[0]!.min !== null && lr[0]!.max !== null) {
      const r = lr[0]!;
      const lo = { op: (r.includeMin ? ">=" : ">") as MarkerOp, value: r.min!.toString() };
      const hi = { op: (r.includeMax ? "<=" : "<") as MarkerOp, value: r.max!.toString() };
      const sem = [lo, hi].map((x) => pythonMarkerConstraint(a.name, x.op, x.value));
      if (sem[0] && sem[1] && sameVersions(sem[0].intersect(sem[1]), c)) {
        return boundsMarker(a.name, [`${a.name} ${lo.op} "${lo.value}"`, `${a.name} ${hi.op} "${hi.value}"`]);
      }
    }
  }
  const parts = constraintToMarkerParts(a.name, c);
  // `>= "3.6" and < "3.7"` becomes `== "3.6"`, but `> "3.6" and < "3.8"` stays as written.
  if (and && la !== undefined && lb !== undefined && parts.length === 1 && parts[0]!.length === 1) {
    const lc = rangesOf(la.c.intersect(lb.c));
    if (lc.length === 1 && lc[0]!.min !== null && lc[0]!.max !== null && !(lc[0]!.includeMin && !lc[0]!.includeMax)) return null;
  }
  // One range written as its two bounds: an AND keeps the two comparisons as written.
  if (rangesOf(c).length === 1) {
    if (parts[0]!.length === 1) return fromVersion(a.name, c);
    return and ? null : boundsMarker(a.name, parts[0]!);
  }
  // Several ranges: an OR keeps its alternatives as written, an AND prints the result.
  return and ? fromVersion(a.name, c) : new SingleMarker(a.name, { kind: "version", c }, `${a} or ${b}`);
}

/** The python comparisons of a conjunction as one constraint (null: none), and the rest. */
export function splitPython(cs: readonly Marker[]): [VersionConstraint | null, Marker[]] {
  let c: VersionConstraint | null = null;
  const rest: Marker[] = [];
  for (const m of cs) {
    if (family(m) === "python") c = c === null ? versionOf(m) : c.intersect(versionOf(m));
    else rest.push(m);
  }
  return [c, rest];
}

/** The union of two conjunctions that differ only in their python comparisons. */
export function mergePythonParts(a: readonly Marker[], b: readonly Marker[]): Marker | null {
  const [pa, ra] = splitPython(a);
  const [pb, rb] = splitPython(b);
  if (pa === null || pb === null || ra.length !== rb.length) return null;
  const rbText = rb.map(String);
  if (!ra.every((x) => rbText.includes(x.toString()))) return null;
  const u = pa.union(pb);
  const python = literalRangeMarker(a, b, u) ?? pythonMarker(u);
  return python === null ? null : conjunction([python, ...ra]);
}

/** The literal reading of a conjunction's python_version comparisons (null: other python comparisons). */
function literalOf(cs: readonly Marker[]): VersionConstraint | null {
  let c: VersionConstraint | null = null;
  for (const m of cs) {
    if (family(m) !== "python") continue;
    const k = (m as SingleMarker).constraint;
    if ((m as SingleMarker).name !== "python_version" || k.kind !== "version" || k.literal === undefined) return null;
    c = c === null ? k.literal.c : c.intersect(k.literal.c);
  }
  return c;
}

/** The union of two python_version parts when, read literally, it is one range that means `u`. */
function literalRangeMarker(a: readonly Marker[], b: readonly Marker[], u: VersionConstraint): Marker | null {
  const la = literalOf(a);
  const lb = literalOf(b);
  if (la === null || lb === null) return null;
  const lr = rangesOf(la.union(lb));
  if (lr.length !== 1 || lr[0]!.min === null || lr[0]!.max === null) return null;
  const r = lr[0]!;
  const texts = [`python_version ${r.includeMin ? ">=" : ">"} "${r.min}"`, `python_version ${r.includeMax ? "<=" : "<"} "${r.max}"`];
  const m = boundsMarker("python_version", texts);
  return sameVersions(splitPython(conjuncts(m))[0]!, u) ? m : null;
}

/** A python constraint as markers: one comparison, or a range as its two bounds. */
function pythonMarker(c: VersionConstraint): Marker | null {
  if (c.isAny()) return ANY_MARKER;
  const single = singlePythonComparison(c);
  if (single !== null) return new SingleMarker(single.name, { kind: "version", c }, single.text);
  const ranges = rangesOf(c);
  if (ranges.length !== 1) return null;
  const r = ranges[0]!;
  const lo = singlePythonComparison(makeRange(r.min, null, r.includeMin, false));
  const hi = singlePythonComparison(makeRange(null, r.max, false, r.includeMax));
  if (lo === null || hi === null) return null;
  return new MultiMarker([
    new SingleMarker(lo.name, { kind: "version", c: makeRange(r.min, null, r.includeMin, false) }, lo.text),
    new SingleMarker(hi.name, { kind: "version", c: makeRange(null, r.max, false, r.includeMax) }, hi.text),
  ]);
}

