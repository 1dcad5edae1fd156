/**
 * The marker algebra (after poetry-core's markers): markers simplified on construction so the
 * resolver can fork on them and the lock file can print them. Shapes: ANY_MARKER (""),
 * EMPTY_MARKER ("<empty>"), SingleMarker (one variable and its constraint), MultiMarker (AND),
 * MarkerUnion (OR). Comparisons on the same variable merge into one constraint: version
 * constraints for python_version / python_full_version, generic constraints for the rest,
 * with `extra` read as a set of active extras.
 */
import { complement as versionComplement, makeRange, rangesOf, type VersionConstraint } from "./range.ts";
import {
  ANY_CONSTRAINT, Constraint, MultiConstraint, UnionConstraint, intersect as gIntersect, invert as gInvert,
  union as gUnion, allowsAll as gAllowsAll, type GenericConstraint,
} from "./generic-constraint.ts";
import {
  pythonMarkerConstraint, constraintToMarkerParts, lenientVersion, literalConstraint, sameVersions, singlePythonComparison,
  PYTHON_VERSION_NAMES,
} from "./markers-version.ts";
import type { MarkerOp } from "./markers-parse.ts";
import { Version } from "./version.ts";
import { serializeValue, type MarkerItem } from "./markers-parse.ts";
import { evaluateMarker, type EvaluateContext, type EvaluationEnvironment } from "./markers-eval.ts";
import { InvalidMarker, Pep508Marker } from "./markers-pep508.ts";

export interface Marker {
  evaluate(environment: EvaluationEnvironment, context?: EvaluateContext): boolean;
  and(other: Marker): Marker;
  or(other: Marker): Marker;
  isAny(): boolean;
  isEmpty(): boolean;
  invert(): Marker;
  /** The marker with every `extra` comparison dropped. */
  withoutExtras(): Marker;
  /** The marker with every comparison on `name` dropped. */
  exclude(name: string): Marker;
  /** The marker reduced to comparisons on `names` (a dropped alternative makes it ANY). */
  only(...names: string[]): Marker;
  /** Simplifies python comparisons knowing the project's python constraint holds. */
  reduceByPythonConstraint(python: VersionConstraint): Marker;
  toString(): string;
}

abstract class BaseMarker implements Marker {
  abstract toString(): string;
  abstract invert(): Marker;
  abstract exclude(name: string): Marker;
  abstract only(...names: string[]): Marker;
  abstract reduceByPythonConstraint(python: VersionConstraint): Marker;
  isAny(): boolean { return false; }
  isEmpty(): boolean { return false; }
  and(other: Marker): Marker { return intersectMarkers(this, other); }
  or(other: Marker): Marker { return unionMarkers(this, other); }
  withoutExtras(): Marker { return this.exclude("extra"); }
  evaluate(environment: EvaluationEnvironment, context: EvaluateContext = "metadata"): boolean {
    return evaluateMarker(Pep508Marker.parse(this.toString()).tree, environment, context);
  }
}

class AnyMarker extends BaseMarker {
  override isAny(): boolean { return true; }
  toString(): string { return ""; }
  invert(): Marker { return EMPTY_MARKER; }
  exclude(): Marker { return this; }
  only(): Marker { return this; }
  reduceByPythonConstraint(): Marker { return this; }
  override evaluate(): boolean { return true; }
}

class EmptyMarker extends BaseMarker {
  override isEmpty(): boolean { return true; }
  toString(): string { return "<empty>"; }
  invert(): Marker { return ANY_MARKER; }
  exclude(): Marker { return this; }
  only(): Marker { return this; }
  reduceByPythonConstraint(): Marker { return this; }
  override evaluate(): boolean { return false; }
}

export const ANY_MARKER: Marker = new AnyMarker();
export const EMPTY_MARKER: Marker = new EmptyMarker();

/** A python_version comparison read literally (see literalConstraint) and the value it was written with. */
interface Literal { readonly c: VersionConstraint; readonly value: string }

type SingleConstraint =
  | { kind: "version"; c: VersionConstraint; literal?: Literal }
  | { kind: "generic"; c: GenericConstraint }
  | { kind: "opaque" };

/** Comparisons on one variable, merged into one constraint. */
export class SingleMarker extends BaseMarker {
  constructor(
    readonly name: string,
    readonly constraint: SingleConstraint,
    private readonly text: string,
  ) {
    super();
  }

  toString(): string { return this.text; }

  invert(): Marker {
    const k = this.constraint;
    if (k.kind === "version") {
      // One written comparison flips its operator, as poetry-core prints the inverse
      // (`> "3.6"` -> `<= "3.6"`, `in` -> `not in`); anything else is printed from the ranges.
      if (FLIPPABLE.test(this.text)) {
        const literal = k.literal && { c: complementOf(k.literal.c), value: k.literal.value };
        return new SingleMarker(this.name, { kind: "version", c: complementOf(k.c), literal }, invertText(this.text));
      }
      return fromVersion(this.name, complementOf(k.c));
    }
    if (this.constraint.kind === "generic") return fromGeneric(this.name, gInvert(this.constraint.c));
    return new SingleMarker(this.name, this.constraint, invertText(this.text));
  }

  /**
   * poetry-core's validate: a variable the environment lacks does not restrict (so a marker on
   * `extra` holds when no extras are given); versions compare leniently (platform_release).
   */
  override evaluate(environment: EvaluationEnvironment, context: EvaluateContext = "metadata"): boolean {
    const value = environment[this.name];
    if (value === undefined || value === null) return true;
    if (this.constraint.kind === "version" && typeof value === "string") {
      const v = this.name === "platform_release" ? lenientVersion(value) : Version.tryParse(value);
      if (v !== null) return this.constraint.c.allows(v);
    }
    return super.evaluate(environment, context);
  }

  exclude(name: string): Marker { return this.name === name ? ANY_MARKER : this; }
  only(...names: string[]): Marker { return names.includes(this.name) ? this : ANY_MARKER; }

  reduceByPythonConstraint(python: VersionConstraint): Marker {
    if (this.constraint.kind !== "version") return this;
    const c = this.constraint.c;
    if (c.allowsAll(python)) return ANY_MARKER;
    if (!c.allowsAny(python)) return EMPTY_MARKER;
    const narrowed = fromVersion(this.name, c.intersect(python));
    return narrowed instanceof SingleMarker && / == /.test(narrowed.text) ? narrowed : this;
  }
}

const FLIPPABLE = /^[a-z_]+ (<=|>=|==|!=|<|>|not in|in) "[^"]*"$/;

const INVERSE_OP: Record<string, string> = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==" };

/** The opposite comparison of an opaque single comparison ("a < b" -> "a >= b"). */
function invertText(text: string): string {
  return text.replace(/ (<=|>=|==|!=|<|>|not in|in) /, (_m, op: string) => ` ${INVERSE_OP[op] ?? (op === "in" ? "not in" : "in")} `);
}

function complementOf(c: VersionConstraint): VersionConstraint {
  return versionComplement(c);
}

function atomText(name: string, a: Constraint): string {
  switch (a.op) {
    case "==": return `${name} == ${serializeValue(a.value)}`;
    case "!=": return `${name} != ${serializeValue(a.value)}`;
    default: return `${serializeValue(a.value)} ${a.op} ${name}`;
  }
}

/** The marker of a generic constraint on `name`. */
export function fromGeneric(name: string, c: GenericConstraint): Marker {
  switch (c.kind) {
    case "any": return ANY_MARKER;
    case "empty": return EMPTY_MARKER;
    case "atom": return new SingleMarker(name, { kind: "generic", c }, atomText(name, c));
    case "multi":
      return new SingleMarker(name, { kind: "generic", c }, c.constraints.map((a) => atomText(name, a)).join(" and "));
    case "union":
      return new SingleMarker(
        name,
        { kind: "generic", c },
        c.constraints.map((m) => (m.kind === "atom" ? [m] : m.constraints).map((a) => atomText(name, a)).join(" and ")).join(" or "),
      );
  }
}

/** The marker of a version constraint on python_version / python_full_version. */
export function fromVersion(name: string, c: VersionConstraint): Marker {
  if (c.isEmpty()) return EMPTY_MARKER;
  if (c.isAny()) return ANY_MARKER;
  const parts = constraintToMarkerParts(name, c);
  // A python_version marker printed from its ranges reads literally as those ranges.
  const literal = name === "python_version" ? { c, value: "" } : undefined;
  return new SingleMarker(name, { kind: "version", c, literal }, parts.map((p) => p.join(" and ")).join(" or "));
}

/** The algebra marker of one parsed PEP 508 comparison. */
export function singleFromItem(item: MarkerItem, printed: string): Marker {
  const variable = item.lhs.kind === "variable" ? item.lhs : item.rhs.kind === "variable" ? item.rhs : null;
  const value = item.lhs.kind === "value" ? item.lhs : item.rhs.kind === "value" ? item.rhs : null;
  if (variable === null || value === null || variable.kind !== "variable" || value.kind !== "value") {
    return new SingleMarker(printed, { kind: "opaque" }, printed);
  }
  const name = variable.name;
  const swapped = item.lhs.kind === "value";
  const containment = item.op === "in" || item.op === "not in";
  const versionLike =
    PYTHON_VERSION_NAMES.has(name) || (name === "platform_release" && !containment && lenientVersion(value.value) !== null);
  if (versionLike && !(swapped && containment && !/^[0-9.]+$/.test(value.value))) {
    const c = pythonMarkerConstraint(name, item.op, value.value);
    if (c === null) {
      throw new InvalidMarker(`Invalid version in marker: ${printed}`, "Compare python versions with PEP 440 versions.");
    }
    if (c.isEmpty()) return EMPTY_MARKER;
    if (c.isAny()) return ANY_MARKER;
    const lit = name === "python_version" && !swapped ? literalConstraint(item.op, value.value) : null;
    return new SingleMarker(name, { kind: "version", c, literal: lit === null ? undefined : { c: lit, value: value.value } }, printed);
  }
  const extra = name === "extra";
  let c: GenericConstraint;
  if (swapped && containment) {
    c = new Constraint(item.op as "in" | "not in", value.value, extra);
  } else if (containment) {
    const values = value.value.split(/[ ,|]+/).filter((v) => v !== "");
    const atoms = values.map((v) => new Constraint(item.op === "in" ? "==" : "!=", v, extra));
    c = atoms.length === 1 ? atoms[0]! : item.op === "in" ? new UnionConstraint(atoms) : new MultiConstraint(atoms);
  } else if (item.op === "==" || item.op === "===" || item.op === "!=") {
    c = new Constraint(item.op === "!=" ? "!=" : "==", value.value, extra);
  } else {
    // An ordering on a plain string (`platform_version > "x"`): kept as written, never merged.
    return new SingleMarker(name, { kind: "opaque" }, printed);
  }
  return new SingleMarker(name, { kind: "generic", c }, printed);
}

// ------------------------------------------------------------------------------------------
// AND / OR

export class MultiMarker extends BaseMarker {
  constructor(readonly markers: readonly Marker[]) { super(); }
  override evaluate(environment: EvaluationEnvironment, context: EvaluateContext = "metadata"): boolean {
    return this.markers.every((m) => m.evaluate(environment, context));
  }
  toString(): string {
    return this.markers.map((m) => (m instanceof MarkerUnion || isOrSingle(m) ? `(${m})` : m.toString())).join(" and ");
  }
  invert(): Marker { return this.markers.map((m) => m.invert()).reduce((a, b) => unionMarkers(a, b)); }
  exclude(name: string): Marker {
    return conjunction(this.markers.map((m) => m.exclude(name)));
  }
  only(...names: string[]): Marker { return conjunction(this.markers.map((m) => m.only(...names))); }
  reduceByPythonConstraint(python: VersionConstraint): Marker {
    return conjunction(this.markers.map((m) => m.reduceByPythonConstraint(python)));
  }
}

export class MarkerUnion extends BaseMarker {
  constructor(readonly markers: readonly Marker[]) { super(); }
  override evaluate(environment: EvaluationEnvironment, context: EvaluateContext = "metadata"): boolean {
    return this.markers.some((m) => m.evaluate(environment, context));
  }
  toString(): string { return this.markers.map(String).join(" or "); }
  invert(): Marker { return this.markers.map((m) => m.invert()).reduce((a, b) => intersectMarkers(a, b)); }
  exclude(name: string): Marker {
    const kept = this.markers
      .filter((m) => !(m instanceof SingleMarker && m.name === name))
      .map((m) => m.exclude(name))
      .filter((m) => !m.isAny());
    return kept.length === 0 ? ANY_MARKER : disjunction(kept);
  }
  only(...names: string[]): Marker { return disjunction(this.markers.map((m) => m.only(...names))); }
  reduceByPythonConstraint(python: VersionConstraint): Marker {
    return disjunction(this.markers.map((m) => m.reduceByPythonConstraint(python)));
  }
}

function isOrSingle(m: Marker): boolean {
  return m instanceof SingleMarker && m.toString().includes(" or ");
}

/** python_version and python_full_version speak of the same value and merge with each other. */
function family(m: Marker): string | null {
  if (!(m instanceof SingleMarker) || m.constraint.kind !== "version") return null;
  return PYTHON_VERSION_NAMES.has(m.name) ? "python" : m.name;
}

function sameFamily(a: Marker, b: Marker): boolean {
  const f = family(a);
  return f !== null && f === family(b);
}

function versionOf(m: Marker): VersionConstraint {
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
function withStrictest(kept: readonly Marker[], other: readonly Marker[]): Marker[] {
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
function mergeVersions(a: SingleMarker, b: SingleMarker, and: boolean): Marker | null {
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

function mergeSingles(a: SingleMarker, b: SingleMarker, and: boolean): Marker | null {
  if (a.toString() === b.toString()) return a;
  if (sameFamily(a, b)) return mergeVersions(a, b, and);
  if (a.name !== b.name || a.constraint.kind !== b.constraint.kind || a.constraint.kind === "opaque") return null;
  if (a.constraint.kind === "version" && b.constraint.kind === "version") return mergeVersions(a, b, and);
  if (a.constraint.kind === "generic" && b.constraint.kind === "generic") {
    const c = and ? gIntersect(a.constraint.c, b.constraint.c) : gUnion(a.constraint.c, b.constraint.c);
    // An AND that only distributes into an OR stays a conjunction, as poetry-core keeps it.
    if (and && c.kind === "union" && a.constraint.c.kind !== "union" && b.constraint.c.kind !== "union") return null;
    if (and && c.kind === "union" && !(gAllowsAll(c, a.constraint.c) || gAllowsAll(c, b.constraint.c))) return null;
    if (gAllowsAll(c, a.constraint.c) && gAllowsAll(a.constraint.c, c)) return a;
    if (gAllowsAll(c, b.constraint.c) && gAllowsAll(b.constraint.c, c)) return b;
    return fromGeneric(a.name, c);
  }
  return null;
}

/** AND of markers: flattened, same-variable comparisons merged, duplicates dropped. */
export function conjunction(markers: readonly Marker[]): Marker {
  const out: Marker[] = [];
  const add = (m: Marker): boolean => {
    if (m.isAny()) return true;
    if (m.isEmpty()) return false;
    if (m instanceof MultiMarker) return m.markers.every(add);
    if (m instanceof MarkerUnion) {
      const common = factorCommon(m);
      if (common !== null) return add(common[0]) && add(common[1]);
    }
    for (let i = 0; i < out.length; i++) {
      const o = out[i]!;
      if (o.toString() === m.toString()) return true;
      if (o instanceof SingleMarker && m instanceof SingleMarker) {
        const merged = mergeSingles(o, m, true);
        if (merged === null) continue;
        if (merged.isEmpty()) return false;
        if (merged instanceof SingleMarker) {
          out[i] = merged; // keep the place of the first comparison on this variable
          return true;
        }
        out.splice(i, 1);
        return add(merged);
      }
      // (A or B) and A == A
      if (o instanceof MarkerUnion && o.markers.some((x) => x.toString() === m.toString())) {
        out.splice(i, 1);
        return add(m);
      }
      if (m instanceof MarkerUnion && m.markers.some((x) => x.toString() === o.toString())) return true;
    }
    out.push(m);
    return true;
  };
  for (const m of markers) if (!add(m)) return EMPTY_MARKER;
  if (out.length === 0) return ANY_MARKER;
  if (out.length === 1) return out[0]!;
  // Comparisons kept apart (a range written as two) must still agree with each other.
  const byFamily = new Map<string, VersionConstraint>();
  for (const m of out) {
    const f = family(m);
    if (f === null) continue;
    const c = byFamily.has(f) ? byFamily.get(f)!.intersect(versionOf(m)) : versionOf(m);
    if (c.isEmpty()) return EMPTY_MARKER;
    byFamily.set(f, c);
  }
  return new MultiMarker(out);
}

/**
 * A comparison every alternative of `u` implies, taken out of it:
 * `A or (B and P)` with A implying P is `(A or B) and P`.
 */
function factorCommon(u: MarkerUnion): [Marker, Marker] | null {
  for (const alt of u.markers) {
    if (!(alt instanceof MultiMarker)) continue;
    for (const p of alt.markers) {
      if (!(p instanceof SingleMarker)) continue;
      if (!u.markers.every((x) => conjuncts(x).some((y) => implies(y, p)))) continue;
      if (u.markers.every((x) => conjuncts(x).some((y) => y.toString() === p.toString()))) continue; // plain (A and P) or (B and P): left as written
      const rest = u.markers.map((x) => x instanceof MultiMarker ? conjunction(x.markers.filter((y) => y.toString() !== p.toString())) : x);
      return [disjunction(rest), p];
    }
  }
  return null;
}

/** Whether `y` alone implies `x` (same variable, narrower constraint), or they print the same. */
function implies(y: Marker, x: Marker): boolean {
  if (y.toString() === x.toString()) return true;
  if (sameFamily(y, x)) return versionOf(x).allowsAll(versionOf(y));
  if (!(y instanceof SingleMarker && x instanceof SingleMarker) || y.name !== x.name) return false;
  const a = y.constraint;
  const b = x.constraint;
  if (a.kind === "version" && b.kind === "version") return b.c.allowsAll(a.c);
  if (a.kind === "generic" && b.kind === "generic") return gAllowsAll(b.c, a.c);
  return false;
}

/** The python comparisons of a conjunction as one constraint (null: none), and the rest. */
function splitPython(cs: readonly Marker[]): [VersionConstraint | null, Marker[]] {
  let c: VersionConstraint | null = null;
  const rest: Marker[] = [];
  for (const m of cs) {
    if (family(m) === "python") c = c === null ? versionOf(m) : c.intersect(versionOf(m));
    else rest.push(m);
  }
  return [c, rest];
}

/** Whether the conjunction `outer` holds wherever the conjunction `inner` does. */
function contains(outer: readonly Marker[], inner: readonly Marker[]): boolean {
  const [po, ro] = splitPython(outer);
  const [pi, ri] = splitPython(inner);
  if (po !== null && !(pi === null ? po.isAny() : po.allowsAll(pi))) return false;
  return ro.every((x) => ri.some((y) => implies(y, x)) || inner.some((y) => implies(y, x)));
}

/** The union of two conjunctions that differ only in their python comparisons. */
function mergePythonParts(a: readonly Marker[], b: readonly Marker[]): Marker | null {
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

function factor(a: readonly Marker[], b: readonly Marker[]): Marker | null {
  if (a.length !== b.length || a.length < 2) return null;
  const bText = b.map(String);
  const onlyA = a.filter((x) => !bText.includes(x.toString()));
  if (onlyA.length !== 1) return null;
  const aText = a.map(String);
  const onlyB = b.filter((x) => !aText.includes(x.toString()));
  if (onlyB.length !== 1) return null;
  const [x, y] = [onlyA[0]!, onlyB[0]!];
  if (!(x instanceof SingleMarker && y instanceof SingleMarker)) return null;
  const merged = mergeSingles(x, y, false);
  if (merged === null) return null;
  return conjunction([...a.filter((m) => m !== x), merged]);
}

function conjuncts(m: Marker): readonly Marker[] {
  return m instanceof MultiMarker ? m.markers : [m];
}

/** OR of markers: flattened, same-variable comparisons merged, absorbed alternatives dropped. */
export function disjunction(markers: readonly Marker[]): Marker {
  const out: Marker[] = [];
  const add = (m: Marker): boolean => {
    if (m.isEmpty()) return true;
    if (m.isAny()) return false;
    if (m instanceof MarkerUnion) return m.markers.every(add);
    for (let i = 0; i < out.length; i++) {
      const o = out[i]!;
      if (o.toString() === m.toString()) return true;
      if (o instanceof SingleMarker && m instanceof SingleMarker) {
        const merged = mergeSingles(o, m, false);
        if (merged === null) continue;
        if (merged.isAny()) return false;
        if (merged instanceof SingleMarker) {
          out[i] = merged;
          return true;
        }
        out.splice(i, 1);
        return add(merged);
      }
      // A or (A and B) == A
      const mc = conjuncts(m);
      const oc = conjuncts(o);
      if (contains(oc, mc)) {
        const better = withStrictest(oc, mc);
        if (better.some((x, k) => x !== oc[k])) out[i] = conjunction(better);
        return true;
      }
      if (contains(mc, oc)) {
        out.splice(i--, 1);
        const better = withStrictest(mc, oc);
        if (better.some((x, k) => x !== mc[k])) return add(conjunction(better));
        continue;
      }
      // (P1 and B) or (P2 and B) == (P1 or P2) and B, when P1 or P2 is one python range
      const merged = mergePythonParts(oc, mc);
      if (merged !== null) {
        out.splice(i, 1);
        return add(merged);
      }
      // (A and B1) or (A and B2) == A and (B1 or B2) when B1 or B2 is one comparison
      const factored = factor(oc, mc);
      if (factored !== null) {
        out.splice(i, 1);
        return add(factored);
      }
    }
    out.push(m);
    return true;
  };
  for (const m of markers) if (!add(m)) return ANY_MARKER;
  if (out.length === 0) return EMPTY_MARKER;
  return out.length === 1 ? out[0]! : new MarkerUnion(out);
}

/** The alternatives of a marker in disjunctive normal form, bounded to avoid blow-ups. */
function dnf(m: Marker, limit = 64): Marker[] | null {
  if (m instanceof MarkerUnion) {
    const out: Marker[] = [];
    for (const x of m.markers) {
      const d = dnf(x, limit);
      if (d === null) return null;
      out.push(...d);
    }
    return out.length > limit ? null : out;
  }
  if (m instanceof MultiMarker) {
    let acc: Marker[] = [ANY_MARKER];
    for (const x of m.markers) {
      const d = dnf(x, limit);
      if (d === null) return null;
      const next: Marker[] = [];
      for (const a of acc) for (const b of d) next.push(conjunction([a, b]));
      acc = next.filter((y) => !y.isEmpty());
      if (acc.length > limit) return null;
    }
    return acc;
  }
  return [m];
}

export function intersectMarkers(a: Marker, b: Marker): Marker {
  const plain = conjunction([a, b]);
  if (!(plain instanceof MultiMarker) || !plain.markers.some((m) => m instanceof MarkerUnion)) return plain;
  // With an OR inside, distribute when that is no longer: it finds contradictions and merges.
  const alternatives = dnf(plain);
  if (alternatives === null) return plain;
  const distributed = disjunction(alternatives);
  return distributed.toString().length <= plain.toString().length ? distributed : plain;
}

export function unionMarkers(a: Marker, b: Marker): Marker {
  return disjunction([a, b]);
}
