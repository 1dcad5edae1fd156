/**
 * The last step of a marker union, as poetry-core takes it: the union is also written in
 * conjunctive normal form (every way of picking one comparison of each alternative, OR-ed,
 * then AND-ed together), which lets comparisons that complement each other across
 * alternatives cancel (`3.10 and Linux or not Linux and not Darwin and 3.10` is
 * `3.10 and not Darwin`); that form is then written back as a disjunction. Of the three
 * (back in disjunctive form, conjunctive form, the plain union) the least complex one wins,
 * the earliest of them on a tie.
 */
import {
  EMPTY_MARKER, MarkerUnion, MultiMarker, SingleMarker, conjunction, conjuncts, contains, disjunction, type Marker,
} from "./markers-algebra.ts";
import { mergePythonUnits } from "./markers-simplify-python.ts";

/** Past this many clauses the normal forms are not tried (they only grow from there). */
const LIMIT = 256;

/** (comparisons written, single markers): poetry-core's measure of a marker's complexity. */
function complexity(m: Marker): [number, number] {
  if (m instanceof SingleMarker) return [m.toString().split(/ and | or /).length, 1];
  if (m instanceof MultiMarker || m instanceof MarkerUnion) {
    const sum: [number, number] = [0, 0];
    for (const x of m.markers) {
      const [a, b] = complexity(x);
      sum[0] += a;
      sum[1] += b;
    }
    return sum;
  }
  return [1, 1];
}

function lessComplex(a: Marker, b: Marker): boolean {
  const [a0, a1] = complexity(a);
  const [b0, b1] = complexity(b);
  return a0 < b0 || (a0 === b0 && a1 < b1);
}

function alternatives(m: Marker): readonly Marker[] {
  return m instanceof MarkerUnion ? m.markers : [m];
}

/** Every way of picking one item of each list, combined by `join`; null past LIMIT. */
function product(lists: readonly (readonly Marker[])[], join: (picked: Marker[]) => Marker): Marker[] | null {
  let picks: Marker[][] = [[]];
  for (const list of lists) {
    if (picks.length * list.length > LIMIT) return null;
    picks = picks.flatMap((p) => list.map((x) => [...p, x]));
  }
  return picks.map(join);
}

/** Whether the OR `small` holds only where the OR `big` does (each alternative within one of big's). */
function within(small: Marker, big: Marker): boolean {
  return alternatives(small).every((x) => alternatives(big).some((y) => contains(conjuncts(y), conjuncts(x))));
}

/**
 * The AND of cnf clauses, with a clause dropped when another one is narrower or when the single
 * comparisons among them already imply one of its alternatives. A clause at least as narrow as
 * earlier ones replaces them and moves to the end: the order of the clauses decides the order
 * of the alternatives written back, and this one gives poetry-core's.
 */
function combineClauses(clauses: readonly Marker[]): Marker {
  let kept: Marker[] = [];
  for (const k of clauses) {
    if (k.isAny()) continue;
    if (k.isEmpty()) return EMPTY_MARKER;
    const covered = kept.filter((x) => within(k, x));
    if (covered.length === 0 && kept.some((x) => within(x, k))) continue;
    kept = [...kept.filter((x) => !covered.includes(x)), k];
  }
  const units = kept.filter((x) => !(x instanceof MarkerUnion)).flatMap(conjuncts);
  kept = kept.filter((x) => !(x instanceof MarkerUnion) || !x.markers.some((y) => contains(conjuncts(y), units)));
  return conjunction(mergePythonUnits(kept));
}

/** The marker in conjunctive normal form (an AND of ORs of comparisons); null when too big. */
function cnf(m: Marker): Marker | null {
  if (m instanceof MarkerUnion) {
    const parts: Marker[] = [];
    for (const x of m.markers) {
      const c = cnf(x);
      if (c === null) return null;
      parts.push(c);
    }
    const clauses = product(parts.map(conjuncts), disjunction);
    return clauses === null ? null : combineClauses(clauses);
  }
  if (m instanceof MultiMarker) {
    const parts: Marker[] = [];
    for (const x of m.markers) {
      const c = cnf(x);
      if (c === null) return null;
      parts.push(c);
    }
    return conjunction(parts);
  }
  return m;
}

/** The marker in disjunctive normal form (an OR of ANDs of comparisons); null when too big. */
function dnf(m: Marker): Marker | null {
  if (m instanceof MultiMarker) {
    const parts: Marker[] = [];
    for (const x of m.markers) {
      const d = dnf(x);
      if (d === null) return null;
      parts.push(d);
    }
    const terms = product(parts.map(alternatives), conjunction);
    return terms === null ? null : disjunction(terms);
  }
  if (m instanceof MarkerUnion) {
    const parts: Marker[] = [];
    for (const x of m.markers) {
      const d = dnf(x);
      if (d === null) return null;
      parts.push(d);
    }
    return disjunction(parts);
  }
  return m;
}

/** The simplest writing of a union already merged alternative by alternative. */
export function simplifyUnion(plain: Marker): Marker {
  if (!(plain instanceof MarkerUnion)) return plain;
  const conj = cnf(plain);
  if (conj === null) return plain;
  if (!(conj instanceof MultiMarker)) return conj;
  const disj = dnf(conj);
  if (disj !== null && !(disj instanceof MarkerUnion)) return disj;
  let best = disj ?? conj;
  for (const m of disj === null ? [plain] : [conj, plain]) if (lessComplex(m, best)) best = m;
  return best;
}
