/**
 * poetry-core's generic constraint tests (tests/constraints/generic/*) through the parametrize
 * tables in ../shared/vectors/poetry-core/tables/constraints__generic__*.json.
 *
 * The tables hold parameters only; the assertions are the upstream ones: `allows`,
 * `allows_any`/`allows_all` (for test_multi_constraint / test_union_constraint against the fixed
 * `!=win32, !=linux` and `win32 || linux` of those tests), `invert`, `intersect`, `union` (an
 * expected list means "one of these": Python compares the unordered forms), and parsing.
 */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import {
  ANY_CONSTRAINT,
  EMPTY_CONSTRAINT,
  allows,
  allowsAll,
  allowsAny,
  intersect,
  invert,
  parseGenericConstraint,
  union,
  type GenericConstraint,
} from "../../src/standards/generic-constraint.ts";

interface Encoded { $generic_constraint: string; $type: string }
type Param = Encoded | Encoded[] | boolean | string;
interface Table {
  tests: Record<string, { parametrize: { argnames: string[]; rows: Record<string, Param>[] }[] }>;
}

function decode(e: Encoded, extra: boolean): GenericConstraint {
  if (e.$type === "EmptyConstraint") return EMPTY_CONSTRAINT;
  if (e.$type === "AnyConstraint") return ANY_CONSTRAINT;
  return parseGenericConstraint(e.$generic_constraint, extra || e.$type.startsWith("Extra"));
}

function rows(table: Table, name: string): Record<string, Param>[] {
  return table.tests[name]!.parametrize.flatMap((p) => p.rows);
}

function show(c: GenericConstraint): string {
  return `${c.typeName()}(${c.toString()})`;
}

function expectOneOf(actual: GenericConstraint, expected: Param): void {
  const options = (Array.isArray(expected) ? expected : [expected as Encoded]).map(
    (e) => `${e.$type}(${e.$generic_constraint})`,
  );
  expect(options).toContain(show(actual));
}

const main = loadVector<Table>("poetry-core/tables/constraints__generic__test_main.json");
const single = loadVector<Table>("poetry-core/tables/constraints__generic__test_constraint.json");
const multi = loadVector<Table>("poetry-core/tables/constraints__generic__test_multi_constraint.json");
const unionTable = loadVector<Table>("poetry-core/tables/constraints__generic__test_union_constraint.json");

describe("generic constraints: parse", () => {
  for (const [name, extra] of [
    ["test_parse_constraint", false],
    ["test_parse_constraint_multi", false],
    ["test_parse_constraint_union", false],
    ["test_parse_extra_constraint", true],
    ["test_parse_extra_constraint_multi", true],
    ["test_parse_extra_constraint_union", true],
  ] as const) {
    for (const r of rows(main, name)) {
      test(`${name}: ${r.input}`, () => {
        expectOneOf(parseGenericConstraint(r.input as string, extra), r.constraint!);
      });
    }
  }
});

describe("generic constraints: relations", () => {
  for (const r of rows(single, "test_allows")) {
    const c1 = decode(r.constraint1 as Encoded, false);
    const c2 = r.constraint2 as Encoded;
    test(`${c1} allows ${c2.$generic_constraint}`, () => {
      expect(allows(c1, c2.$generic_constraint)).toBe(r.expected as boolean);
    });
  }
  for (const r of rows(single, "test_allows_any_and_allows_all")) {
    const c1 = decode(r.constraint1 as Encoded, false);
    const c2 = decode(r.constraint2 as Encoded, false);
    test(`${show(c1)} vs ${show(c2)}`, () => {
      expect(allowsAny(c1, c2)).toBe(r.expected_any as boolean);
      expect(allowsAll(c1, c2)).toBe(r.expected_all as boolean);
    });
  }
  for (const [table, fixed] of [
    [multi, "!=win32, !=linux"],
    [unionTable, "win32 || linux"],
  ] as const) {
    const c1 = parseGenericConstraint(fixed);
    for (const r of rows(table, "test_allows_any_and_allows_all")) {
      const c2 = decode(r.constraint as Encoded, false);
      test(`${fixed} vs ${show(c2)}`, () => {
        expect(allowsAny(c1, c2)).toBe(r.expected_any as boolean);
        expect(allowsAll(c1, c2)).toBe(r.expected_all as boolean);
      });
    }
  }
});

describe("generic constraints: invert, intersect, union", () => {
  for (const [name, extra] of [["test_invert", false], ["test_invert_extra", true]] as const) {
    for (const r of rows(single, name)) {
      const c = decode(r.constraint as Encoded, extra);
      test(`${name}: ${show(c)}`, () => expectOneOf(invert(c), r.inverted!));
    }
  }
  for (const [name, op, extra] of [
    ["test_intersect", intersect, false],
    ["test_intersect_extra", intersect, true],
    ["test_union", union, false],
    ["test_union_extra", union, true],
  ] as const) {
    for (const r of rows(single, name)) {
      const c1 = decode(r.constraint1 as Encoded, extra);
      const c2 = decode(r.constraint2 as Encoded, extra);
      test(`${name}: ${show(c1)} with ${show(c2)}`, () => {
        expectOneOf(op(c1, c2), r.expected!);
      });
    }
  }
  test.skip("test_constraints_are_hashable: Python hashing only", () => {});
  test.skip("test_difference, test_constraint_is_not_equal_to_extra_constraint: no rows in the table", () => {});
});
