/**
 * Incompatibilities: sets of terms that must not all be true at once. Each carries its cause,
 * the fact it records (a dependency, a missing version, a Python requirement) or, when the
 * solver derived it during conflict resolution, the two incompatibilities it came from. Those
 * derived ones form the derivation graph that explain.ts turns into sentences.
 */
import { VerseError } from "../errors.ts";
import type { VersionConstraint } from "../standards/range.ts";
import { Term } from "./term.ts";

export type Cause =
  /** The root package must be selected. */
  | { readonly kind: "root" }
  /** A version of a package depends on another package. */
  | { readonly kind: "dependency" }
  /** No version of a package matches the term (after the yanked and pre-release rules). */
  | { readonly kind: "no-versions" }
  /** The package does not exist on any source. */
  | { readonly kind: "not-found" }
  /** The version's requires-python does not cover the project's Python range. */
  | {
      readonly kind: "python";
      /** The package's requirement as written, e.g. "<3.5". */
      readonly pythonText: string;
      readonly python: VersionConstraint;
      /** The project's Python range in the algebra's form, e.g. ">=3.6,<4.0". */
      readonly rootPython: VersionConstraint;
    }
  /** Derived by conflict resolution from two other incompatibilities. */
  | { readonly kind: "conflict"; readonly conflict: Incompatibility; readonly other: Incompatibility };

/** An internal invariant broke: a bug in the solver, never a user's mistake. */
export class ResolverBugError extends VerseError {}

export class Incompatibility {
  readonly terms: readonly Term[];

  /** `rootName`: the root package, whose positive terms derived incompatibilities drop. */
  constructor(terms: readonly Term[], readonly cause: Cause, readonly rootName: string) {
    let list = terms;
    // The root is always selected: saying so in a derived fact adds nothing to the explanation.
    if (list.length !== 1 && cause.kind === "conflict" && list.some((t) => t.positive && t.name === rootName)) {
      list = list.filter((t) => !t.positive || t.name !== rootName);
    }
    // Several terms about one package are one term (their intersection).
    if (list.length !== 1 && (list.length !== 2 || list[0]!.name === list[list.length - 1]!.name)) {
      const byName = new Map<string, Term>();
      for (const term of list) {
        const seen = byName.get(term.name);
        if (seen === undefined) {
          byName.set(term.name, term);
          continue;
        }
        const merged = seen.intersect(term);
        if (merged === null) throw new ResolverBugError(`Mutually exclusive terms for '${term.name}' in one incompatibility.`);
        byName.set(term.name, merged);
      }
      list = [...byName.values()];
    }
    this.terms = list;
  }

  /** True when this says the root cannot be selected: resolution has failed. */
  get isFailure(): boolean {
    return this.terms.length === 0 || (this.terms.length === 1 && this.terms[0]!.positive && this.terms[0]!.name === this.rootName);
  }

  /** The only term matching `pred`, or null when none or several do. */
  singleTermWhere(pred: (t: Term) => boolean): Term | null {
    let found: Term | null = null;
    for (const t of this.terms) {
      if (!pred(t)) continue;
      if (found !== null) return null;
      found = t;
    }
    return found;
  }
}
