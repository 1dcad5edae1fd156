/**
 * Set operations of the range algebra. poetry-core's own tests for these (test_union,
 * test_difference, test_allows_all...) are not parametrized, so the vectors hold no rows for
 * them; these cases restate the behaviour they check on small examples.
 */
import { describe, expect, test } from "bun:test";
import { Version } from "../../src/standards/version.ts";
import { parseConstraint as p } from "../../src/standards/constraint.ts";
import { ANY, EMPTY, complement } from "../../src/standards/range.ts";

describe("union", () => {
  test.each([
    [">=1,<2", ">=2,<3", ">=1,<3"],
    [">=1,<2", ">2,<3", ">=1,<2 || >2,<3"],
    ["<1", ">=1", "*"],
    [">=1,<2", ">=3", ">=1,<2 || >=3"],
    [">=1,<2", ">=1.5,<4", ">=1,<4"],
    ["1.0", ">1.0,<2", ">=1.0,<2"],
    [">=1,<2", "2", ">=1,<=2"],
    ["<1 || >=2", ">=0.5,<2.5", "*"],
    ["1.0 || 2.0", "1.5", "1.0 || 1.5 || 2.0"],
    ["<empty>", ">=1", ">=1"],
  ])("%p | %p = %p", (a, b, want) => {
    const ca = a === "<empty>" ? EMPTY : p(a);
    expect(String(ca.union(p(b)))).toBe(want);
    expect(String(p(b).union(ca))).toBe(want);
  });
});

describe("intersect", () => {
  test.each([
    [">=1,<3", ">=2,<4", ">=2,<3"],
    [">=2", "<1", "<empty>"],
    [">=1,<=1.5", ">=1.5", "1.5"],
    [">=1,<2 || >=3,<4", ">=1.5,<3.5", ">=1.5,<2 || >=3,<3.5"],
    ["!=1.5", ">=1,<2", ">=1,<1.5 || >1.5,<2"],
    ["*", "^1.2", ">=1.2,<2.0"],
    ["1.2.3", "^1.0", "1.2.3"],
  ])("%p & %p = %p", (a, b, want) => {
    expect(String(p(a).intersect(p(b)))).toBe(want);
    expect(String(p(b).intersect(p(a)))).toBe(want);
  });
});

describe("difference", () => {
  test.each([
    [">=1,<3", ">=2", ">=1,<2"],
    [">=1,<3", "2", ">=1,<2 || >2,<3"],
    ["*", "1.5", "!=1.5"],
    ["*", "1.5.*", "!=1.5.*"],
    ["<1 || >=2", ">=3", "<1 || >=2,<3"],
    [">=1,<2", ">=0,<5", "<empty>"],
    [">=1,<2", ">=3", ">=1,<2"],
    ["1.2.3", ">=1", "<empty>"],
    ["1.2.3", ">=2", "1.2.3"],
    [">=1,<4", ">=2,<3 || 3.5", ">=1,<2 || >=3,<3.5 || >3.5,<4"],
  ])("%p - %p = %p", (a, b, want) => {
    expect(String(p(a).difference(p(b)))).toBe(want);
  });
});

describe("allowsAll / allowsAny", () => {
  test.each([
    [">=1,<3", ">=1.5,<2", true, true],
    [">=1,<3", ">=0.5,<2", false, true],
    ["<1 || >=2", ">=1.5,<1.8", false, false],
    ["<1 || >=2", ">=1.5,<2.5", false, true],
    ["<1 || >=2", "<0.5 || >=3", true, true],
    ["*", "^1.2", true, true],
    ["^1.2", "1.5", true, true],
    ["^1.2", "2.0", false, false],
  ] as const)("%p vs %p", (a, b, all, any) => {
    expect(p(a).allowsAll(p(b))).toBe(all);
    expect(p(a).allowsAny(p(b))).toBe(any);
  });
  test("EMPTY is allowed by all and allows nothing", () => {
    expect(p(">=1").allowsAll(EMPTY)).toBe(true);
    expect(p(">=1").allowsAny(EMPTY)).toBe(false);
    expect(EMPTY.allows(Version.parse("1"))).toBe(false);
    expect(String(EMPTY)).toBe("<empty>");
  });
});

describe("complement and predicates", () => {
  test.each([
    [">=1,<2", "<1 || >=2"],
    ["!=1.5", "1.5"],
    ["*", "<empty>"],
    ["<1 || >=2,<3", ">=1,<2 || >=3"],
  ])("complement(%p) = %p", (a, want) => {
    expect(String(complement(p(a)))).toBe(want);
  });
  test("complement of EMPTY is ANY", () => {
    expect(complement(EMPTY)).toBe(ANY);
  });
  test("isSimple / isAny / isEmpty", () => {
    expect(p("!=1.5").isSimple()).toBe(true);
    expect(p("<1 || >=2").isSimple()).toBe(false);
    expect(p(">=1,<2").isSimple()).toBe(true);
    expect(p("*").isAny()).toBe(true);
    expect(p(">=1").isAny()).toBe(false);
    expect(p(">=2").intersect(p("<1")).isEmpty()).toBe(true);
  });
});

describe("pre-release subtleties of allows", () => {
  test.each([
    ["<2.0", "2.0.0a1", false],
    ["<2.0a2", "2.0.0a1", true],
    ["^1.2", "2.0.0rc1", false],
    [">=1.2,<2.0", "1.9.9", true],
    ["!=2.0", "2.0.0rc1", true],
    ["!=2.0", "2.0+local", false],
    [">2.0", "2.0.post1", false],
    [">=2.0", "2.0.post1", true],
    ["==1.2.*", "1.2.0a1", true],
  ] as const)("%p allows %p: %p", (c, v, want) => {
    expect(p(c).allows(Version.parse(v))).toBe(want);
  });
});
