/** Term relations and the explanation's numbered lines. */
import { describe, expect, test } from "bun:test";
import { InMemoryProvider, Relation, SolveFailure, Term, solve } from "../../../src/resolver/index.ts";
import { showConstraint } from "../../../src/resolver/term.ts";
import { parseConstraint } from "../../../src/standards/constraint.ts";
import { Version } from "../../../src/standards/version.ts";

const t = (text: string, positive = true) => new Term("foo", parseConstraint(text), positive);

describe("Term", () => {
  test.each([
    [">=1.5,<2", true, "^1.0", true, Relation.Subset],
    ["^2.0", true, "^1.0", true, Relation.Disjoint],
    ["^1.0", true, ">=1.5", true, Relation.Overlapping],
    ["^1.0", false, ">=1.5,<2", true, Relation.Disjoint],
    ["^2.0", true, "^1.0", false, Relation.Subset],
    ["^1.5", true, "^1.0", false, Relation.Disjoint],
    ["^1.0", false, ">=1.5,<2", false, Relation.Subset],
    [">=1.5,<2", false, "^1.0", false, Relation.Overlapping],
  ] as const)("%s (%p) against %s (%p)", (a, ap, b, bp, rel) => {
    expect(t(a, ap).relation(t(b, bp))).toBe(rel);
  });

  test("intersections", () => {
    expect(t("^1.0").intersect(t(">=1.5,<3"))?.toString()).toBe("foo (>=1.5,<2.0)");
    expect(t("^1.0").intersect(t("^1.5", false))?.toString()).toBe("foo (>=1.0,<1.5)");
    expect(t("^1.0", false).intersect(t("^2.0", false))?.toString()).toBe("not foo (>=1.0,<3.0)");
    expect(t("^1.0").intersect(t("^2.0"))).toBeNull();
    expect(t("^1.0").intersect(t("*", false))).toBeNull();
  });

  test("written constraints are kept until the solver derives a new one", () => {
    expect(new Term("foo", parseConstraint(">=2.0.0 <3.0.0"), true, ">=2.0.0 <3.0.0").shown).toBe(">=2.0.0 <3.0.0");
    expect(t(">=2.0.0 <3.0.0").shown).toBe(">=2.0.0,<3.0.0");
  });

  test("a union leaving out single versions prints as != holes", () => {
    expect(showConstraint(parseConstraint("!=1.0.0").intersect(parseConstraint("!=2.0.0")))).toBe("!=1.0.0,!=2.0.0");
    expect(showConstraint(parseConstraint("<1 || >=2"))).toBe("<1 || >=2");
  });
});

describe("explanations", () => {
  test("a fact used twice is numbered and referred to", async () => {
    const spec: Record<string, Record<string, Record<string, string>>> = {
      foo: { "1.0.0": { a: "^1.0.0", b: "^1.0.0" }, "1.1.0": { x: "^1.0.0", y: "^1.0.0" } },
      a: { "1.0.0": { b: "^2.0.0" } },
      b: { "1.0.0": {}, "2.0.0": {} },
      x: { "1.0.0": { y: "^2.0.0" } },
      y: { "1.0.0": {}, "2.0.0": {} },
    };
    const p = new InMemoryProvider();
    for (const [n, vs] of Object.entries(spec)) {
      for (const [v, d] of Object.entries(vs)) {
        p.add(n, { version: Version.parse(v), dependencies: Object.entries(d).map(([dn, c]) => ({ name: dn, constraint: parseConstraint(c), pretty: c })) });
      }
    }
    let error: unknown = null;
    try {
      await solve({ name: "root", version: Version.parse("0"), dependencies: [{ name: "foo", constraint: parseConstraint("^1.0.0"), pretty: "^1.0.0" }] }, p);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SolveFailure);
    const lines = (error as SolveFailure).message.split("\n");
    expect(lines.filter((l) => l.startsWith("(1) ")).length).toBe(1);
    expect(lines.some((l) => l.includes("(1), "))).toBe(true);
    expect(lines[lines.length - 1]).toBe("    So, because root depends on foo (^1.0.0), version solving failed.");
  });
});
