/**
 * The partial solution: the ordered list of assignments (decisions "select P at version V" and
 * derivations "P must/must not be in S") made so far, with the running intersection of terms
 * per package so relations are answered without replaying the list.
 */
import type { Version } from "../standards/version.ts";
import { ExactVersion } from "../standards/range.ts";
import { ResolverBugError, type Incompatibility } from "./incompatibility.ts";
import { Relation, Term } from "./term.ts";

export class Assignment extends Term {
  constructor(
    term: Term,
    readonly decisionLevel: number,
    readonly index: number,
    /** The incompatibility that forced this derivation; null for a decision. */
    readonly cause: Incompatibility | null,
  ) {
    super(term.name, term.constraint, term.positive, term.pretty);
  }

  /** What the solution says about the package once this assignment is made (set when registered). */
  accumulated: Term = this;

  get isDecision(): boolean {
    return this.cause === null;
  }
}

export class PartialSolution {
  private readonly assignments: Assignment[] = [];
  /** Assignments per package, in order (satisfier searches only look at one package). */
  private readonly byName = new Map<string, Assignment[]>();
  private readonly decided = new Map<string, Version>();
  private readonly positive = new Map<string, Term>();
  private readonly negative = new Map<string, Term>();
  /** The positive terms of packages not decided yet, in `positive`'s order (what unsatisfied() lists). */
  private readonly pending = new Map<string, Term>();
  private backtracking = false;
  /** How many times a new solution was attempted after backtracking (Poetry's count). */
  attemptedSolutions = 1;

  get decisionLevel(): number {
    return this.decided.size;
  }

  get decisions(): ReadonlyMap<string, Version> {
    return this.decided;
  }

  decide(name: string, version: Version): void {
    if (this.backtracking) this.attemptedSolutions++;
    this.backtracking = false;
    this.decided.set(name, version);
    this.pending.delete(name);
    const term = new Term(name, new ExactVersion(version), true);
    this.assign(new Assignment(term, this.decisionLevel, this.assignments.length, null));
  }

  derive(term: Term, cause: Incompatibility): void {
    this.assign(new Assignment(term, this.decisionLevel, this.assignments.length, cause));
  }

  private assign(a: Assignment): void {
    this.assignments.push(a);
    let list = this.byName.get(a.name);
    if (list === undefined) this.byName.set(a.name, (list = []));
    list.push(a);
    this.register(a);
  }

  /** Undo every assignment made after `level`. */
  backtrack(level: number): void {
    this.backtracking = true;
    const touched = new Set<string>();
    while (this.assignments.length > 0 && this.assignments[this.assignments.length - 1]!.decisionLevel > level) {
      const removed = this.assignments.pop()!;
      touched.add(removed.name);
      this.byName.get(removed.name)!.pop();
      if (removed.isDecision) this.decided.delete(removed.name);
    }
    for (const name of touched) {
      this.positive.delete(name);
      this.negative.delete(name);
      this.pending.delete(name);
    }
    // Re-register in assignment order, so packages keep the order they were first derived in.
    for (const a of this.assignments) if (touched.has(a.name)) this.register(a);
  }

  private register(a: Assignment): void {
    const name = a.name;
    const pos = this.positive.get(name);
    if (pos !== undefined) {
      const merged = pos.intersect(a);
      if (merged === null) throw new ResolverBugError(`Contradictory assignment for '${name}'.`);
      this.positive.set(name, merged);
      if (!this.decided.has(name)) this.pending.set(name, merged);
      a.accumulated = merged;
      return;
    }
    const neg = this.negative.get(name);
    // A lone assignment keeps its written constraint text for explanations.
    const term = neg === undefined ? a : a.intersect(neg);
    if (term === null) throw new ResolverBugError(`Contradictory assignment for '${name}'.`);
    a.accumulated = term;
    if (term.positive) {
      this.negative.delete(name);
      this.positive.set(name, term);
      if (!this.decided.has(name)) this.pending.set(name, term);
    } else {
      this.negative.set(name, term);
    }
  }

  /** Packages that must be selected but have no version decided yet, in order of derivation. */
  unsatisfied(): Term[] {
    return [...this.pending.values()];
  }

  /** The running positive term of a package, if any. */
  positiveTerm(name: string): Term | undefined {
    return this.positive.get(name);
  }

  relation(term: Term): Relation {
    const pos = this.positive.get(term.name);
    if (pos !== undefined) return pos.relation(term);
    const neg = this.negative.get(term.name);
    return neg === undefined ? Relation.Overlapping : neg.relation(term);
  }

  satisfies(term: Term): boolean {
    return this.relation(term) === Relation.Subset;
  }

  /**
   * The earliest assignment after which the solution satisfies `term`. Each assignment keeps the
   * running intersection it produced, and satisfaction only grows along the list: binary search.
   */
  satisfier(term: Term): Assignment {
    const list = this.byName.get(term.name) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    if (hi < 0 || !list[hi]!.accumulated.satisfies(term)) throw new ResolverBugError(`${term.toString()} is not satisfied.`);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.accumulated.satisfies(term)) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]!;
  }
}
