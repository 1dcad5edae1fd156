/**
 * The PubGrub version solver (Natalie Weizenbaum's algorithm, as Dart's pub and Poetry's
 * mixology run it): unit propagation over incompatibilities, a decision per round, and
 * conflict resolution that learns a new incompatibility and backjumps to the decision level
 * where it first applies. It is pure: everything it knows about packages comes from the
 * Provider, and the environment (the Python range of one marker fork) is an input, so a caller
 * can run one solve per fork of a universal lock.
 *
 * Decision order (pickTerm): packages with at most one candidate (pinned, or about to fail) first;
 * then a package whose candidates keep being rejected before the decision rejecting them; then
 * the root's direct dependencies, then locked ones, then the rest; fewest candidates first within
 * each, ties in the order packages were derived (as Poetry breaks them).
 */
import { ExactVersion } from "../standards/range.ts";
import type { Version } from "../standards/version.ts";
import { CandidateList, type ResolutionStrategy } from "./candidates.ts";
import { mergeDependencies, SelfDependencyError } from "./dependencies.ts";
import { externalIncompatibilities, SolveFailure } from "./explain.ts";
import { Incompatibility } from "./incompatibility.ts";
import { PartialSolution, type Assignment } from "./partial-solution.ts";
import type { Candidate, Dependency, Provider, PythonRequirement, VersionMetadata } from "./provider.ts";
import { Relation, Term } from "./term.ts";

export interface RootPackage {
  readonly name: string;
  readonly version: Version;
  readonly dependencies: readonly Dependency[];
}

export interface SolveOptions {
  /** The Python range being solved for (the project's, or one marker fork's). */
  readonly python?: PythonRequirement | null;
  /** Already-locked versions, kept unless they no longer fit (leave out the packages being updated). */
  readonly preferred?: ReadonlyMap<string, Version>;
  readonly strategy?: ResolutionStrategy;
  /** Allow pre-releases everywhere (otherwise per dependency, or when nothing stable fits). */
  readonly allowPrereleases?: boolean;
}

export interface Solution {
  /** The chosen version of every package (the root excluded). */
  readonly packages: ReadonlyMap<string, Version>;
  /** The dependencies of each chosen package (the root included), as the solver used them. */
  readonly dependencies: ReadonlyMap<string, readonly Dependency[]>;
  /** Things the user should know: yanked versions chosen, with their reasons. */
  readonly warnings: readonly string[];
  /** Poetry's attempted-solutions count: 1 plus the decisions made after a backjump. */
  readonly attemptedSolutions: number;
}

export function solve(root: RootPackage, provider: Provider, options: SolveOptions = {}): Promise<Solution> {
  return new VersionSolver(root, provider, options).run();
}

const CONFLICT = Symbol("conflict");
/** After this many failures of a package, ask the provider for several candidates' metadata at once. */
const BATCH_AFTER = 3;
const BATCH_SIZE = 8;
/** After this many rejected candidates, decide the rejected package before the decision rejecting them. */
const REORDER_AFTER = 5;

class VersionSolver {
  private readonly solution = new PartialSolution();
  private readonly incompatibilities = new Map<string, Incompatibility[]>();
  private readonly lists = new Map<string, CandidateList | null>();
  /** Dependency incompatibilities already added, per "name version". */
  private readonly added = new Map<string, Incompatibility[]>();
  private readonly depsOf = new Map<string, readonly Dependency[]>();
  /** Incompatibilities with a term the solution contradicts, by the level that found it (valid until backtracked). */
  private readonly contradicted = new Set<Incompatibility>();
  private readonly contradictedAt = new Map<number, Incompatibility[]>();
  /** Conflicts a package was the victim of (its candidates rejected), and caused (its decision blamed). */
  private readonly conflicts = new Map<string, number>();
  private readonly culprits = new Map<string, number>();
  /** "victim culprit" pairs that already triggered a reordering backjump (once each, so solving ends). */
  private readonly reordered = new Set<string>();
  /** Failures per package (rejected candidates and conflicts it took part in), for batch prefetch. */
  private readonly failures = new Map<string, number>();
  private readonly batched = new Map<string, number>();
  private readonly allowPre = new Set<string>();
  private readonly direct: ReadonlySet<string>;
  /** Packages already announced to the provider's prefetch. */
  private readonly requested = new Set<string>();
  /**
   * Candidate counts per running term. A package's term object changes only when propagation
   * derives something new about it, so between two decisions most counts are reused, and
   * choosing the next package costs a comparison per undecided package, not a filter.
   */
  private counts = new WeakMap<Term, number>();
  /** For VERSE_TRACE: decisions made and undecided terms compared while choosing. */
  private decisionCount = 0;
  private scanned = 0;

  constructor(
    private readonly root: RootPackage,
    private readonly provider: Provider,
    private readonly options: SolveOptions,
  ) {
    this.direct = new Set(root.dependencies.map((d) => d.name));
  }

  async run(): Promise<Solution> {
    const rootTerm = new Term(this.root.name, new ExactVersion(this.root.version), false);
    this.addIncompatibility(new Incompatibility([rootTerm], { kind: "root" }, this.root.name));
    let next: string | null = this.root.name;
    while (next !== null) {
      this.propagate(next);
      next = await this.chooseNext();
    }
    return this.result();
  }

  private addIncompatibility(inc: Incompatibility): void {
    for (const t of inc.terms) {
      let list = this.incompatibilities.get(t.name);
      if (list === undefined) this.incompatibilities.set(t.name, (list = []));
      list.push(inc);
    }
  }

  private propagate(start: string): void {
    const changed = new Set([start]);
    while (changed.size > 0) {
      const name = changed.values().next().value as string;
      changed.delete(name);
      const list = this.incompatibilities.get(name) ?? [];
      // Newest first: learned incompatibilities are the most general ones.
      for (let i = list.length - 1; i >= 0; i--) {
        const inc = list[i]!;
        if (this.contradicted.has(inc)) continue;
        const result = this.propagateIncompatibility(inc);
        if (result === CONFLICT) {
          const cause = this.resolveConflict(inc);
          const derived = this.propagateIncompatibility(cause);
          changed.clear();
          if (typeof derived === "string") changed.add(derived);
          break;
        }
        if (result !== null) changed.add(result);
      }
    }
  }

  /** Derive the one term left undecided, report a conflict, or null when nothing follows. */
  private propagateIncompatibility(inc: Incompatibility): string | typeof CONFLICT | null {
    let unsatisfied: Term | null = null;
    for (const term of inc.terms) {
      const rel = this.solution.relation(term);
      if (rel === Relation.Disjoint) {
        this.markContradicted(inc);
        return null;
      }
      if (rel === Relation.Overlapping) {
        if (unsatisfied !== null) return null;
        unsatisfied = term;
      }
    }
    if (unsatisfied === null) return CONFLICT;
    this.markContradicted(inc);
    this.solution.derive(unsatisfied.inverse, inc);
    return unsatisfied.name;
  }

  private markContradicted(inc: Incompatibility): void {
    this.contradicted.add(inc);
    const level = this.solution.decisionLevel;
    let list = this.contradictedAt.get(level);
    if (list === undefined) this.contradictedAt.set(level, (list = []));
    list.push(inc);
  }

  private backtrack(level: number): void {
    for (let l = this.solution.decisionLevel; l > level; l--) {
      for (const inc of this.contradictedAt.get(l) ?? []) this.contradicted.delete(inc);
      this.contradictedAt.delete(l);
    }
    this.solution.backtrack(level);
  }

  private resolveConflict(start: Incompatibility): Incompatibility {
    let inc = start;
    let learned = false;
    while (!inc.isFailure) {
      let recentTerm: Term | null = null;
      let recent: Assignment | null = null;
      let difference: Term | null = null;
      let previousLevel = 1;
      for (const term of inc.terms) {
        const satisfier = this.solution.satisfier(term);
        if (recent === null) {
          recentTerm = term;
          recent = satisfier;
        } else if (recent.index < satisfier.index) {
          previousLevel = Math.max(previousLevel, recent.decisionLevel);
          recentTerm = term;
          recent = satisfier;
          difference = null;
        } else {
          previousLevel = Math.max(previousLevel, satisfier.decisionLevel);
        }
        if (recentTerm === term) {
          // The satisfier may say more than the term needs; the rest must come from earlier.
          difference = recent.difference(recentTerm);
          if (difference !== null) {
            previousLevel = Math.max(previousLevel, this.solution.satisfier(difference.inverse).decisionLevel);
          }
        }
      }
      recent = recent!;
      this.failures.set(recent.name, (this.failures.get(recent.name) ?? 0) + 1);
      if (previousLevel < recent.decisionLevel || recent.cause === null) {
        this.backtrack(previousLevel);
        if (learned) this.addIncompatibility(inc);
        return inc;
      }
      const terms = inc.terms.filter((t) => t !== recentTerm);
      for (const t of recent.cause.terms) if (t.name !== recent.name) terms.push(t);
      if (difference !== null) terms.push(difference.inverse);
      inc = new Incompatibility(terms, { kind: "conflict", conflict: inc, other: recent.cause }, this.root.name);
      learned = true;
    }
    throw new SolveFailure(inc, this.suggestions(inc));
  }

  /** Ways out the explanation's facts point to: versions left out as yanked, packages not found. */
  private suggestions(root: Incompatibility): string[] {
    const out: string[] = [];
    for (const inc of externalIncompatibilities(root)) {
      const term = inc.terms[0]!;
      if (inc.cause.kind === "not-found") {
        out.push(`Package ${term.name} was not found on any source: check its name, or add the source that serves it.`);
      } else if (inc.cause.kind === "no-versions") {
        const all = this.lists.get(term.name)?.all ?? [];
        const yanked = all.filter((c) => c.yanked && term.constraint.allows(c.version)).map((c) => c.version.toString());
        if (yanked.length > 0) {
          out.push(`${term.name} ${yanked.join(", ")} match${yanked.length === 1 ? "es" : ""} ${term.shown} but ${yanked.length === 1 ? "is" : "are"} yanked; pin one exactly (==${yanked[yanked.length - 1]}) to use it anyway.`);
        } else if (all.length > 0 && term.pretty !== null) {
          // Only for a constraint as written (a derived one already excludes versions tried).
          const recent = all.slice(-5).map((c) => c.version.toString());
          out.push(`Versions of ${term.name} available: ${all.length > 5 ? "..., " : ""}${recent.join(", ")}.`);
        }
      }
    }
    return out;
  }

  private async listOf(name: string): Promise<CandidateList | null> {
    const known = this.lists.get(name);
    if (known !== undefined) return known;
    const raw = await this.provider.versions(name);
    const list = raw === null ? null : new CandidateList(raw, this.options.preferred?.get(name), this.options.allowPrereleases ?? false);
    this.lists.set(name, list);
    return list;
  }

  /** Decision order: forced or failing first, then direct, then locked; ties by fewest candidates. */
  private async pickTerm(terms: Term[]): Promise<Term> {
    await Promise.all(terms.filter((t) => !this.lists.has(t.name)).map((t) => this.listOf(t.name)));
    let best: Term | null = null;
    let bestKey: number[] = [];
    for (const t of terms) {
      let count = this.counts.get(t);
      if (count === undefined) {
        const list = this.lists.get(t.name) ?? null;
        count = list === null ? 0 : list.matching(t.constraint, this.allowPre.has(t.name)).length;
        this.counts.set(t, count);
      }
      const preferred = this.options.preferred?.get(t.name);
      const tier = this.direct.has(t.name) ? 0 : preferred !== undefined && t.constraint.allows(preferred) ? 1 : 2;
      // Packages that keep being rejected go early, the decisions they were rejected for go late (as uv does).
      const score = (this.conflicts.get(t.name) ?? 0) - (this.culprits.get(t.name) ?? 0);
      const conflictClass = score >= REORDER_AFTER ? 0 : score <= -REORDER_AFTER ? 2 : 1;
      // Ties keep the order packages were derived in (Poetry's order: its explanations depend on it).
      const key = [count < 2 ? 0 : 1, conflictClass, tier, count];
      if (best === null || lexLess(key, bestKey)) {
        best = t;
        bestKey = key;
      }
    }
    return best!;
  }

  private async chooseNext(): Promise<string | null> {
    const unsatisfied = this.solution.unsatisfied();
    if (unsatisfied.length === 0) return null;
    const rootTerm = unsatisfied.find((t) => t.name === this.root.name);
    if (rootTerm !== undefined) return this.select(this.root.name, this.root.version, this.root.dependencies);

    this.decisionCount++;
    this.scanned += unsatisfied.length;
    const term = await this.pickTerm(unsatisfied);
    const name = term.name;
    const list = this.lists.get(name) ?? null;
    if (list === null) {
      this.addIncompatibility(new Incompatibility([new Term(name, term.constraint, true, term.pretty)], { kind: "not-found" }, this.root.name));
      return name;
    }
    const strategy = this.options.strategy ?? "highest";
    const lowest = strategy === "lowest" || (strategy === "lowest-direct" && this.direct.has(name));
    const ordered = list.ordered(term.constraint, lowest, this.allowPre.has(name));
    const chosen = ordered[0];
    if (chosen === undefined) {
      this.addIncompatibility(new Incompatibility([new Term(name, term.constraint, true, term.pretty)], { kind: "no-versions" }, this.root.name));
      return name;
    }
    this.maybeBatch(name, ordered);
    if (this.rejectForPython(name, chosen.version, chosen.requiresPython)) return name;
    const meta = await this.provider.dependencies(name, chosen.version);
    if (this.rejectForPython(name, chosen.version, meta.requiresPython)) return name;
    return this.select(name, chosen.version, meta.dependencies);
  }

  /** Add the version's dependencies; decide it unless one of them already contradicts the solution. */
  private select(name: string, version: Version, rawDeps: readonly Dependency[]): string {
    const key = `${name} ${version.toString()}`;
    let incs = this.added.get(key);
    if (incs === undefined) {
      const deps = mergeDependencies(name, version, rawDeps);
      this.depsOf.set(key, deps);
      const self = new Term(name, new ExactVersion(version), true, version.toString());
      incs = [];
      for (const dep of deps) {
        if (dep.name === name && dep.constraint.allows(version)) throw new SelfDependencyError(name);
        if (dep.allowPrereleases && !this.allowPre.has(dep.name)) {
          this.allowPre.add(dep.name);
          this.counts = new WeakMap(); // the counts of that package's terms change
        }
        const inc = new Incompatibility([self, new Term(dep.name, dep.constraint, false, dep.pretty ?? null)], { kind: "dependency" }, this.root.name);
        this.addIncompatibility(inc);
        incs.push(inc);
      }
      this.added.set(key, incs);
      const fresh = deps.map((d) => d.name).filter((n) => !this.requested.has(n));
      for (const n of fresh) this.requested.add(n);
      if (fresh.length > 0) this.provider.prefetch?.(fresh);
    }
    // A dependency the solution already rules out: choosing this version would conflict at once.
    const conflicting = incs.find((inc) => inc.terms.every((t) => t.name === name || this.solution.satisfies(t)));
    if (conflicting === undefined) this.solution.decide(name, version);
    else if (name !== this.root.name) this.blame(name, conflicting);
    return name;
  }

  /**
   * A candidate of `victim` was rejected by a dependency the solution already rules out. Count it;
   * when one earlier decision keeps rejecting candidates, jump back before that decision so the
   * victim is decided first (each pair once, so solving always ends).
   */
  private blame(victim: string, inc: Incompatibility): void {
    let level = 0;
    for (const t of inc.terms) if (t.name !== victim) level = Math.max(level, this.solution.satisfier(t).decisionLevel);
    const culprit = level > 1 ? [...this.solution.decisions.keys()][level - 1] : undefined;
    const n = (this.conflicts.get(victim) ?? 0) + 1;
    this.conflicts.set(victim, n);
    this.failures.set(victim, (this.failures.get(victim) ?? 0) + 1);
    if (culprit === undefined) return;
    this.culprits.set(culprit, (this.culprits.get(culprit) ?? 0) + 1);
    const pair = `${victim}\0${culprit}`;
    if (n >= REORDER_AFTER && !this.reordered.has(pair)) {
      this.reordered.add(pair);
      this.backtrack(level - 1);
    }
  }

  private rejectForPython(name: string, version: Version, req: PythonRequirement | null | undefined): boolean {
    const python = this.options.python;
    if (python == null || req == null || req.constraint.allowsAll(python.constraint)) return false;
    const term = new Term(name, new ExactVersion(version), true, version.toString());
    const cause = { kind: "python", pythonText: req.text, python: req.constraint, rootPython: python.constraint } as const;
    this.addIncompatibility(new Incompatibility([term], cause, this.root.name));
    return true;
  }

  /** A package that keeps conflicting: let the provider fetch several candidates' metadata at once. */
  private maybeBatch(name: string, ordered: readonly Candidate[]): void {
    const n = this.failures.get(name) ?? 0;
    if (this.provider.prefetchDependencies === undefined || n - (this.batched.get(name) ?? 0) < BATCH_AFTER) return;
    this.batched.set(name, n);
    this.provider.prefetchDependencies(name, ordered.slice(0, BATCH_SIZE).map((c) => c.version));
  }

  private result(): Solution {
    performance.mark(`resolve: ${this.solution.decisions.size} packages, ${this.decisionCount} decisions, ${this.solution.attemptedSolutions} attempt(s), ${this.scanned} terms scanned`);
    const packages = new Map<string, Version>();
    const dependencies = new Map<string, readonly Dependency[]>();
    const warnings: string[] = [];
    for (const [name, version] of this.solution.decisions) {
      dependencies.set(name, this.depsOf.get(`${name} ${version.toString()}`) ?? []);
      if (name === this.root.name) continue;
      packages.set(name, version);
      const yanked = this.lists.get(name)?.all.find((c) => c.version.equals(version))?.yanked;
      if (yanked) {
        const reason = typeof yanked === "string" && yanked !== "" ? ` Reason for being yanked: ${yanked}` : "";
        warnings.push(`The selected version ${version.toString()} of ${name} is a yanked version.${reason}`);
      }
    }
    return { packages, dependencies, warnings, attemptedSolutions: this.solution.attemptedSolutions };
  }
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
