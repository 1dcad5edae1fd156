/**
 * Constraints on non-version marker values (poetry-core's generic constraints): `sys_platform`
 * is "win32", is not "linux", contains "tegra"... and on `extra`, where several extras can be
 * active at once (so `extra == "a" and extra == "b"` is satisfiable).
 *
 * The structural operations (intersect, union, invert) simplify the way poetry-core does, so
 * printed markers match Poetry's; the relations (allowsAll, allowsAny) are decided exactly on
 * the disjunctive normal form.
 */
import { InvalidInputError } from "../errors.ts";

export class InvalidGenericConstraint extends InvalidInputError {}

export type AtomOp = "==" | "!=" | "in" | "not in";

export type GenericConstraint = AnyConstraint | EmptyConstraint | Constraint | MultiConstraint | UnionConstraint;

interface Ops {
  isAny(): boolean;
  isEmpty(): boolean;
  toString(): string;
  /** poetry-core's class name, e.g. "ExtraMultiConstraint". */
  typeName(): string;
}

export class AnyConstraint implements Ops {
  readonly kind = "any";
  isAny(): boolean { return true; }
  isEmpty(): boolean { return false; }
  toString(): string { return "*"; }
  typeName(): string { return "AnyConstraint"; }
}

export class EmptyConstraint implements Ops {
  readonly kind = "empty";
  isAny(): boolean { return false; }
  isEmpty(): boolean { return true; }
  toString(): string { return ""; }
  typeName(): string { return "EmptyConstraint"; }
}

export const ANY_CONSTRAINT = new AnyConstraint();
export const EMPTY_CONSTRAINT = new EmptyConstraint();

/** One comparison with a value; `extra` marks the set semantics of the `extra` marker. */
export class Constraint implements Ops {
  readonly kind = "atom";
  constructor(readonly op: AtomOp, readonly value: string, readonly extra = false) {}
  isAny(): boolean { return false; }
  isEmpty(): boolean { return false; }
  toString(): string {
    switch (this.op) {
      case "==": return this.value;
      case "!=": return `!=${this.value}`;
      default: return `'${this.value}' ${this.op}`;
    }
  }
  typeName(): string { return this.extra ? "ExtraConstraint" : "Constraint"; }
  invert(): Constraint {
    const op: AtomOp = this.op === "==" ? "!=" : this.op === "!=" ? "==" : this.op === "in" ? "not in" : "in";
    return new Constraint(op, this.value, this.extra);
  }
  equals(o: Constraint): boolean {
    return this.op === o.op && this.value === o.value && this.extra === o.extra;
  }
  /** Whether the single value `v` satisfies this comparison. */
  allowsValue(v: string): boolean {
    switch (this.op) {
      case "==": return v === this.value;
      case "!=": return v !== this.value;
      case "in": return v.includes(this.value);
      case "not in": return !v.includes(this.value);
    }
  }
}

/** A conjunction of at least two comparisons. */
export class MultiConstraint implements Ops {
  readonly kind = "multi";
  constructor(readonly constraints: readonly Constraint[]) {}
  isAny(): boolean { return false; }
  isEmpty(): boolean { return false; }
  toString(): string { return this.constraints.map(String).join(", "); }
  typeName(): string { return this.constraints[0]?.extra ? "ExtraMultiConstraint" : "MultiConstraint"; }
}

/** A disjunction of at least two comparisons or conjunctions. */
export class UnionConstraint implements Ops {
  readonly kind = "union";
  constructor(readonly constraints: readonly (Constraint | MultiConstraint)[]) {}
  isAny(): boolean { return false; }
  isEmpty(): boolean { return false; }
  toString(): string { return this.constraints.map(String).join(" || "); }
  typeName(): string { return "UnionConstraint"; }
}

// ---------------------------------------------------------------------------------------------
// Exact relations on the disjunctive normal form.

type Conj = readonly Constraint[];

function dnf(c: GenericConstraint): Conj[] {
  switch (c.kind) {
    case "any": return [[]];
    case "empty": return [];
    case "atom": return [[c]];
    case "multi": return [c.constraints];
    case "union": return c.constraints.map((x) => (x.kind === "atom" ? [x] : x.constraints));
  }
}

/** Whether no value (or set of extras) satisfies every comparison of the conjunction. */
function conjEmpty(conj: Conj): boolean {
  const eq = new Set<string>();
  const ne = new Set<string>();
  const has: string[] = [];
  const lacks: string[] = [];
  let extra = false;
  for (const a of conj) {
    extra ||= a.extra;
    if (a.op === "==") eq.add(a.value);
    else if (a.op === "!=") ne.add(a.value);
    else if (a.op === "in") has.push(a.value);
    else lacks.push(a.value);
  }
  for (const v of eq) if (ne.has(v)) return true;
  if (extra) return false; // extras are independent yes/no facts
  if (eq.size > 1) return true;
  for (const p of has) for (const n of lacks) if (p.includes(n)) return true;
  if (eq.size === 1) {
    const [v] = eq as unknown as [string];
    return has.some((p) => !v.includes(p)) || lacks.some((n) => v.includes(n));
  }
  return false;
}

function dnfAnd(a: Conj[], b: Conj[]): Conj[] {
  const out: Conj[] = [];
  for (const x of a) for (const y of b) {
    const c = [...x, ...y];
    if (!conjEmpty(c)) out.push(c);
  }
  return out;
}

function dnfNot(a: Conj[]): Conj[] {
  let acc: Conj[] = [[]];
  for (const conj of a) acc = dnfAnd(acc, conj.map((atom) => [atom.invert()]));
  return acc;
}

export function allowsAny(a: GenericConstraint, b: GenericConstraint): boolean {
  return dnfAnd(dnf(a), dnf(b)).length > 0;
}

/** Every value allowed by `b` is allowed by `a`. */
export function allowsAll(a: GenericConstraint, b: GenericConstraint): boolean {
  return dnfAnd(dnf(b), dnfNot(dnf(a))).length === 0;
}

export function allows(c: GenericConstraint, value: string): boolean {
  return dnf(c).some((conj) => conj.every((a) => a.allowsValue(value)));
}

// ---------------------------------------------------------------------------------------------
// Structural operations, simplified as poetry-core simplifies them.

/** a ∩ b for two comparisons: one of them, empty, or null when no simpler form exists. */
function atomAnd(a: Constraint, b: Constraint): Constraint | EmptyConstraint | null {
  if (a.equals(b)) return a;
  if (a.value === b.value && a.op === b.invert().op) return EMPTY_CONSTRAINT;
  if (a.extra || b.extra) return null;
  const pair = (x: Constraint, y: Constraint): Constraint | EmptyConstraint | null | undefined => {
    if (x.op === "==") return y.allowsValue(x.value) ? x : EMPTY_CONSTRAINT;
    if (x.op === "!=" && y.op === "in") return y.value.length > 0 && x.value.includes(y.value) ? null : y;
    if (x.op === "!=" && y.op === "not in") return x.value.includes(y.value) ? y : null;
    if (x.op === "in" && y.op === "in") {
      if (y.value.includes(x.value)) return y;
      return x.value.includes(y.value) ? x : null;
    }
    if (x.op === "in" && y.op === "not in") return x.value.includes(y.value) ? EMPTY_CONSTRAINT : null;
    if (x.op === "not in" && y.op === "not in") {
      if (x.value.includes(y.value)) return y;
      return y.value.includes(x.value) ? x : null;
    }
    return undefined;
  };
  const r = pair(a, b);
  if (r !== undefined) return r;
  const s = pair(b, a);
  return s === undefined ? null : s;
}

/** a ∪ b for two comparisons: one of them, any, or null when no simpler form exists. */
function atomOr(a: Constraint, b: Constraint): Constraint | AnyConstraint | null {
  if (a.equals(b)) return a;
  if (a.value === b.value && a.op === b.invert().op) return ANY_CONSTRAINT;
  if (a.extra || b.extra) return null;
  if (allowsAll(a, b)) return a;
  if (allowsAll(b, a)) return b;
  if (allowsAll(b, a.invert())) return ANY_CONSTRAINT;
  return null;
}

/** The conjunction of comparisons, each added in turn and merged with what it overlaps. */
function conjunction(atoms: readonly Constraint[]): GenericConstraint {
  const out: Constraint[] = [];
  for (const x of atoms) {
    let keep = true;
    for (let i = 0; i < out.length; i++) {
      const r = atomAnd(out[i]!, x);
      if (r === null) continue;
      if (r.kind === "empty") return EMPTY_CONSTRAINT;
      if (r === out[i] || r.equals(out[i]!)) {
        keep = false;
        break;
      }
      out.splice(i--, 1); // x is the stricter one: the older comparison is implied
    }
    if (keep) out.push(x);
  }
  return out.length === 1 ? out[0]! : new MultiConstraint(out);
}

function members(c: Constraint | MultiConstraint): readonly Constraint[] {
  return c.kind === "atom" ? [c] : c.constraints;
}

/** A union of parts, empties dropped and duplicates (by text) removed, without merging. */
function rawUnion(parts: GenericConstraint[]): GenericConstraint {
  const seen = new Set<string>();
  const out: (Constraint | MultiConstraint)[] = [];
  for (const p of parts) {
    if (p.kind === "any") return ANY_CONSTRAINT;
    if (p.kind === "empty") continue;
    for (const x of p.kind === "union" ? p.constraints : [p]) {
      const key = x.toString();
      if (!seen.has(key)) {
        seen.add(key);
        out.push(x);
      }
    }
  }
  if (out.length === 0) return EMPTY_CONSTRAINT;
  return out.length === 1 ? out[0]! : new UnionConstraint(out);
}

export function intersect(a: GenericConstraint, b: GenericConstraint): GenericConstraint {
  if (a.kind === "empty" || b.kind === "empty") return EMPTY_CONSTRAINT;
  if (a.kind === "any") return b;
  if (b.kind === "any") return a;
  if (a.kind === "union" || b.kind === "union") {
    if (allowsAll(b, a)) return a;
    if (allowsAll(a, b)) return b;
    const left = a.kind === "union" ? a.constraints : [a];
    const right = b.kind === "union" ? b.constraints : [b];
    const parts: GenericConstraint[] = [];
    if (a.kind === "union") for (const x of left) for (const y of right) parts.push(conjunction([...members(x), ...members(y)]));
    else for (const y of right) for (const x of left) parts.push(conjunction([...members(y), ...members(x)]));
    return rawUnion(parts);
  }
  // Beside a conjunction a lone comparison goes last, as poetry-core appends it.
  if (a.kind === "atom" && b.kind === "multi") return conjunction([...members(b), a]);
  return conjunction([...members(a), ...members(b)]);
}

/** Drops from a conjunction the comparisons whose failure `other` covers anyway. */
function reduceAgainst(m: MultiConstraint, other: GenericConstraint): GenericConstraint {
  const kept = m.constraints.filter((x) => !allowsAll(other, x.invert()));
  if (kept.length === m.constraints.length) return m;
  // For extras poetry-core only folds a conjunction that shrinks to a single comparison.
  if (m.constraints[0]!.extra && kept.length > 1) return m;
  return kept.length === 0 ? ANY_CONSTRAINT : kept.length === 1 ? kept[0]! : new MultiConstraint(kept);
}

/** Adds one comparison or conjunction to a union's list, merging it with an item if it can. */
function addToUnion(items: (Constraint | MultiConstraint)[], x: Constraint | MultiConstraint): GenericConstraint | null {
  for (let i = 0; i < items.length; i++) {
    const y = items[i]!;
    if (y.kind === "atom" && x.kind === "atom") {
      const r = atomOr(y, x);
      if (r === null) continue;
      if (r.kind === "any") return ANY_CONSTRAINT;
      items[i] = r;
      return null;
    }
    if (allowsAll(y, x)) return null;
    if (allowsAll(x, y)) {
      items[i] = x;
      return null;
    }
  }
  items.push(x);
  return null;
}

export function union(a: GenericConstraint, b: GenericConstraint): GenericConstraint {
  if (a.kind === "any" || b.kind === "any") return ANY_CONSTRAINT;
  if (a.kind === "empty") return b;
  if (b.kind === "empty") return a;
  if (allowsAll(a, b)) return a;
  if (allowsAll(b, a)) return b;
  if (allowsAll(b, invert(a))) return ANY_CONSTRAINT;
  if (a.kind === "atom" && b.kind === "atom") return atomOr(a, b) ?? new UnionConstraint([a, b]);
  if (a.kind === "multi" && b.kind === "multi") {
    const common = a.constraints.filter((x) => b.constraints.some((y) => y.equals(x)));
    if (common.length > 0 && !a.constraints[0]!.extra) {
      const restA = conjunction(a.constraints.filter((x) => !common.includes(x)));
      const restB = conjunction(b.constraints.filter((y) => !common.some((x) => x.equals(y))));
      if (union(restA, restB).isAny()) return conjunction(common);
    }
    return new UnionConstraint([a, b]);
  }
  if (a.kind === "multi" || b.kind === "multi") {
    // A conjunction beside a comparison or a union: drop the comparisons the other side makes
    // redundant; the conjunction comes first beside a comparison, last after a union.
    const [m, other] = (a.kind === "multi" ? [a, b] : [b, a]) as [MultiConstraint, GenericConstraint];
    const reduced = reduceAgainst(m, other);
    if (reduced !== m) return other.kind === "atom" ? union(reduced, other) : union(other, reduced);
    if (other.kind === "atom") return new UnionConstraint([m, other]);
  }
  const items = [...(a.kind === "union" ? a.constraints : [a as Constraint | MultiConstraint])];
  for (const x of b.kind === "union" ? b.constraints : [b as Constraint | MultiConstraint]) {
    if (addToUnion(items, x) !== null) return ANY_CONSTRAINT;
  }
  return items.length === 1 ? items[0]! : new UnionConstraint(items);
}

export function invert(c: GenericConstraint): GenericConstraint {
  switch (c.kind) {
    case "any": return EMPTY_CONSTRAINT;
    case "empty": return ANY_CONSTRAINT;
    case "atom": return c.invert();
    case "multi": return new UnionConstraint(c.constraints.map((x) => x.invert()));
    case "union": return c.constraints.map((x) => invert(x)).reduce((acc, x) => intersect(acc, x));
  }
}

/** a minus b. */
export function difference(a: GenericConstraint, b: GenericConstraint): GenericConstraint {
  return intersect(a, invert(b));
}

// ---------------------------------------------------------------------------------------------
// Parsing poetry-core's text form: "win32", "!=linux", "'tegra' in", "a, !=b", "a || b", "*".

const IN_FORM = /^'(.*)'\s+(not in|in)$/;
const OP_FORM = /^(===|==|=|!=)?\s*(.+)$/;

function parseAtom(text: string, extra: boolean): Constraint {
  const t = text.trim();
  const inForm = IN_FORM.exec(t);
  if (inForm) return new Constraint(inForm[2] as AtomOp, inForm[1]!, extra);
  const m = OP_FORM.exec(t);
  if (!m) throw new InvalidGenericConstraint(`Could not parse constraint: ${JSON.stringify(text)}`);
  return new Constraint(m[1] === "!=" ? "!=" : "==", m[2]!.trim(), extra);
}

/** poetry-core's parse_constraint (generic) or, with `extra`, parse_extra_constraint. */
export function parseGenericConstraint(text: string, extra = false): GenericConstraint {
  const t = text.trim();
  if (t === "*" || t === "") return ANY_CONSTRAINT;
  const alternatives = t.split("||").map((part) => {
    const atoms = part.split(",").map((p) => parseAtom(p, extra));
    return atoms.length === 1 ? atoms[0]! : new MultiConstraint(atoms);
  });
  return alternatives.length === 1 ? alternatives[0]! : new UnionConstraint(alternatives);
}
