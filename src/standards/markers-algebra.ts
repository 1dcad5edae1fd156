/**
 * The marker algebra (after poetry-core's markers): markers simplified on construction so the
 * resolver can fork on them and the lock file can print them. Shapes: ANY_MARKER (""),
 * EMPTY_MARKER ("<empty>"), SingleMarker (one variable and its constraint), MultiMarker (AND),
 * MarkerUnion (OR). Comparisons on the same variable merge into one constraint: version
 * constraints for python_version / python_full_version, generic constraints for the rest,
 * with `extra` read as a set of active extras.
 */
import { complement as versionComplement, type VersionConstraint } from "./range.ts";
import {
  ANY_CONSTRAINT, Constraint, MultiConstraint, UnionConstraint, intersect as gIntersect, invert as gInvert,
  union as gUnion, allowsAll as gAllowsAll, type GenericConstraint,
} from "./generic-constraint.ts";
import { pythonMarkerConstraint, constraintToMarkerParts, lenientVersion, literalConstraint, PYTHON_VERSION_NAMES } from "./markers-version.ts";
import { family, mergePythonParts, mergeVersions, sameFamily, splitPython, versionOf, withStrictest } from "./markers-algebra-python.ts";
import { Version } from "./version.ts";
import { serializeValue, type MarkerItem } from "./markers-parse.ts";
import { evaluateMarker, type EvaluateContext, type EvaluationEnvironment } from "./markers-eval.ts";
import { InvalidMarker, Pep508Marker } from "./markers-pep508.ts";
import { simplifyUnion } from "./markers-simplify.ts";

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

/**
 * After out[i] narrowed, the later comparisons it now implies are dropped (`>= "3.6"` narrowed
 * to `== "3.9"` makes a later `< "3.10"` redundant); false when it contradicts one.
 */
function absorbLater(out: Marker[], i: number): boolean {
  for (let j = i + 1; j < out.length; j++) {
    const a = out[i]!;
    const b = out[j]!;
    if (!(a instanceof SingleMarker && b instanceof SingleMarker)) continue;
    const merged = mergeSingles(a, b, true);
    if (merged === null) continue;
    if (merged.isEmpty()) return false;
    if (merged.toString() === a.toString()) out.splice(j--, 1);
  }
  return true;
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
          return absorbLater(out, i);
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

/** Whether the conjunction `outer` holds wherever the conjunction `inner` does. */
export function contains(outer: readonly Marker[], inner: readonly Marker[]): boolean {
  const [po, ro] = splitPython(outer);
  const [pi, ri] = splitPython(inner);
  if (po !== null && !(pi === null ? po.isAny() : po.allowsAll(pi))) return false;
  return ro.every((x) => ri.some((y) => implies(y, x)) || inner.some((y) => implies(y, x)));
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

export function conjuncts(m: Marker): readonly Marker[] {
  return m instanceof MultiMarker ? m.markers : [m];
}

/** OR of markers: flattened, same-variable comparisons merged, absorbed alternatives dropped. */
export function disjunction(markers: readonly Marker[]): Marker {
  const out: Marker[] = [];
  // The merge of two alternatives takes the place of the earlier one.
  const replaceAt = (i: number, merged: Marker): boolean => {
    const later = out.splice(i).slice(1);
    return add(merged) && later.every(add);
  };
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
        continue;
      }
      // (P1 and B) or (P2 and B) == (P1 or P2) and B, when P1 or P2 is one python range
      const merged = mergePythonParts(oc, mc);
      if (merged !== null) return replaceAt(i, merged);
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
  return simplifyUnion(disjunction([a, b]));
}
