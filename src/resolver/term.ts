/**
 * A PubGrub term: a statement "package P is (or is not) at a version in set S". Version sets
 * are the poetry-core constraint algebra of src/standards/range.ts; the solver never builds its
 * own. Each term keeps the text it is shown with in explanations: the constraint as the user
 * or the metadata wrote it ("^1.0", ">=2.0.0 <3.0.0") until the solver derives a new set, which
 * is then shown in the algebra's own form (">=2.0.0,<2.9.0"), as Poetry does.
 */
import { VersionUnion, type VersionConstraint } from "../standards/range.ts";

/** How the set of versions of one term relates to another term's set (of the same package). */
export const Relation = {
  /** Every version this term allows, the other allows too. */
  Subset: 0,
  /** No version is allowed by both. */
  Disjoint: 1,
  /** Neither of the above. */
  Overlapping: 2,
} as const;
export type Relation = (typeof Relation)[keyof typeof Relation];

export class Term {
  /** `pretty`: the constraint as written, shown in explanations; null shows the algebra's form. */
  constructor(
    readonly name: string,
    readonly constraint: VersionConstraint,
    readonly positive: boolean,
    readonly pretty: string | null = null,
  ) {}

  /** The constraint text shown in explanations. */
  get shown(): string {
    return this.pretty ?? showConstraint(this.constraint);
  }

  get inverse(): Term {
    return new Term(this.name, this.constraint, !this.positive, this.pretty);
  }

  /** True when this term being true makes `other` true (both about the same package). */
  satisfies(other: Term): boolean {
    return this.name === other.name && this.relation(other) === Relation.Subset;
  }

  relation(other: Term): Relation {
    const mine = this.constraint;
    const theirs = other.constraint;
    if (other.positive) {
      if (this.positive) {
        if (theirs.allowsAll(mine)) return Relation.Subset;
        return mine.allowsAny(theirs) ? Relation.Overlapping : Relation.Disjoint;
      }
      // "not foo S" against "foo T": disjoint when S covers T.
      return mine.allowsAll(theirs) ? Relation.Disjoint : Relation.Overlapping;
    }
    if (this.positive) {
      // "foo S" against "not foo T": inside when S misses T entirely.
      if (!theirs.allowsAny(mine)) return Relation.Subset;
      return theirs.allowsAll(mine) ? Relation.Disjoint : Relation.Overlapping;
    }
    // "not foo S" is inside "not foo T" when S covers T.
    return mine.allowsAll(theirs) ? Relation.Subset : Relation.Overlapping;
  }

  /** The term true exactly when both are, or null when that is impossible. */
  intersect(other: Term): Term | null {
    if (this.positive !== other.positive) {
      const pos = this.positive ? this : other;
      const neg = this.positive ? other : this;
      return nonEmpty(this.name, pos.constraint.difference(neg.constraint), true);
    }
    if (this.positive) return nonEmpty(this.name, this.constraint.intersect(other.constraint), true);
    return nonEmpty(this.name, this.constraint.union(other.constraint), false);
  }

  /** The term true when this is and `other` is not, or null when that is impossible. */
  difference(other: Term): Term | null {
    return this.intersect(other.inverse);
  }

  toString(): string {
    return `${this.positive ? "" : "not "}${this.name} (${this.shown})`;
  }
}

function nonEmpty(name: string, constraint: VersionConstraint, positive: boolean): Term | null {
  return constraint.isEmpty() ? null : new Term(name, constraint, positive);
}

/**
 * A constraint as explanations print it: the algebra's form, except that a union leaving out only
 * single versions reads "!=1.0.0,!=2.0.0" (as Poetry prints it) rather than as its ranges.
 */
export function showConstraint(c: VersionConstraint): string {
  if (c instanceof VersionUnion && c.ranges.length > 2) {
    const rs = c.ranges;
    if (rs[0]!.min === null && rs[rs.length - 1]!.max === null) {
      const holes: string[] = [];
      for (let i = 0; i + 1 < rs.length; i++) {
        const [a, b] = [rs[i]!, rs[i + 1]!];
        if (a.max === null || b.min === null || a.includeMax || b.includeMin || !a.max.equals(b.min)) return c.toString();
        holes.push(`!=${a.max.toString()}`);
      }
      return holes.join(",");
    }
  }
  return c.toString();
}
