/**
 * poetry-core's parametrize tables for version constraints
 * (vectors/poetry-core/tables/constraints__version__*.json). The dumps carry the parameters
 * only; what each test asserts is restated here from the test's name and poetry-core's suite.
 */
import { lenientVersion } from "../../src/standards/markers-version.ts";
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import { InvalidVersion, Version, compareVersions } from "../../src/standards/version.ts";
import { ExactVersion, VersionRange, VersionUnion, hasUpperBound } from "../../src/standards/range.ts";
import { constraintRegions } from "../../src/standards/range-regions.ts";
import { InvalidConstraint, parseConstraint } from "../../src/standards/constraint.ts";
import { nextBreaking, stable } from "../../src/standards/range-version-ops.ts";
import { decode, decodeRange, describe as show, sameConstraint } from "./poetry-constraints-decode.ts";

type Row = Record<string, unknown>;
interface Table {
  tests: Record<string, { parametrize: { argnames: string[]; rows: Row[] }[]; case_count: number }>;
}

function rows(file: string, testName: string): Row[] {
  const t = loadVector<Table>(`poetry-core/tables/${file}.json`).tests[testName];
  if (!t) throw new Error(`${file}: no test ${testName}`);
  return t.parametrize[0]?.rows ?? [];
}

const label = (r: Row): string => JSON.stringify(r, (_k, v: unknown) =>
  typeof v === "object" && v !== null && "$constraint" in v ? `C<${(v as { $constraint: { str: string } }).$constraint.str}>` : v);

function expectSame(got: ReturnType<typeof decode>, want: ReturnType<typeof decode>): void {
  if (!sameConstraint(got, want)) expect(show(got)).toBe(show(want));
}

describe("test_parse_constraint", () => {
  const file = "constraints__version__test_parse_constraint";
  for (const name of ["test_parse_constraint", "test_parse_constraint_wildcard", "test_parse_constraint_tilde",
    "test_parse_constraint_caret", "test_parse_constraints_negative_wildcard", "test_parse_constraints_with_trailing_comma"]) {
    test.each(rows(file, name).map((r) => [label(r), r] as const))(`${name} %s`, (_l, r) => {
      expectSame(parseConstraint(r.input as string), decode(r.constraint));
    });
  }
  test.each(rows(file, "test_parse_constraint_multi_with_epochs").map((r) => [label(r), r] as const))(
    "test_parse_constraint_multi_with_epochs %s", (_l, r) => {
      expectSame(parseConstraint(r.input as string), decode(r.output));
    });
  test.each(rows(file, "test_constraints_keep_version_precision").map((r) => [label(r), r] as const))(
    "test_constraints_keep_version_precision %s", (_l, r) => {
      expect(String(parseConstraint(r.input as string))).toBe(r.expected as string);
    });
  // The second table is the padding flag (cartesian product): 4 spaces around every part, or none.
  for (const padded of [true, false]) {
    test.each(rows(file, "test_parse_constraint_with_white_space_padding").map((r) => [label(r), r] as const))(
      `test_parse_constraint_with_white_space_padding (padding=${padded}) %s`, (_l, r) => {
        const pad = padded ? "    " : "";
        const text = pad + (r.constraint_parts as string[]).join(pad) + pad;
        expectSame(parseConstraint(text), decode(r.expected));
      });
  }
  test.each(rows(file, "test_parse_marker_constraint_does_not_allow_invalid_version").map((r) => [r.constraint as string]))(
    "test_parse_marker_constraint_does_not_allow_invalid_version %p", (text) => {
      expect(() => parseConstraint(text)).toThrow(InvalidConstraint);
    });
  for (const r of rows(file, "test_parse_marker_constraint_does_allow_invalid_version_if_requested")) {
    // parse_marker_version_constraint(c, pep440=False) == expected: verse reads these lenient
    // platform_release values in the markers module (lenientVersion).
    const expected = (r.expected as { $constraint: { str: string } }).$constraint.str;
    if (expected.split("+").length > 2) {
      test.skip(`test_parse_marker_constraint_does_allow_invalid_version_if_requested ${label(r)}: poetry keeps the non-PEP 440 local label verbatim; verse normalizes it to a PEP 440 local`, () => {});
    } else {
      test(`test_parse_marker_constraint_does_allow_invalid_version_if_requested ${label(r)}`, () => {
        expect(String(lenientVersion(r.constraint as string))).toBe(expected);
      });
    }
  }
});

describe("test_version_range", () => {
  const file = "constraints__version__test_version_range";
  test.each(rows(file, "test_version_ranges").map((r) => [label(r), r] as const))("test_version_ranges %s", (_l, r) => {
    expect(parseConstraint(r.constraint as string).allows(Version.parse(r.check_version as string))).toBe(r.allowed as boolean);
  });
  test.each(rows(file, "test_specifiers").map((r) => [label(r), r] as const))("test_specifiers %s", (_l, r) => {
    expect(parseConstraint(r.spec as string).allows(Version.parse(r.version as string))).toBe(r.expected as boolean);
  });
  test.each(rows(file, "test_is_single_wildcard_range_include_min_include_max").map((r) => [label(r), r] as const))(
    "test_is_single_wildcard_range_include_min_include_max %s", (_l, r) => {
      const range = new VersionRange(Version.parse("1.2.dev0"), Version.parse("1.3"), r.include_min as boolean, r.include_max as boolean);
      expect(range.isSingleWildcardRange).toBe(r.expected as boolean);
    });
  test.each(rows(file, "test_is_single_wildcard_range").map((r) => [label(r), r] as const))(
    "test_is_single_wildcard_range %s", (_l, r) => {
      const v = (x: unknown): Version | null => (x === null ? null : Version.parse(x as string));
      const range = new VersionRange(v(r.min), v(r.max), true, false);
      expect(range.isSingleWildcardRange).toBe(r.expected as boolean);
    });
  test.each(rows(file, "test_str").map((r) => [label(r), r] as const))("test_str %s", (_l, r) => {
    expect(String(parseConstraint(r.version as string))).toBe(r.expected as string);
  });
});

describe("test_version_union", () => {
  const file = "constraints__version__test_version_union";
  test.each(rows(file, "test_excludes_single_wildcard_range_basics").map((r) => [label(r), r] as const))(
    "test_excludes_single_wildcard_range_basics %s", (_l, r) => {
      const union = new VersionUnion((r.ranges as unknown[]).map(decodeRange));
      expect(union.excludesSingleWildcardRange).toBe(r.expected as boolean);
    });
  test.each(rows(file, "test_excludes_single_wildcard_range").map((r) => [label(r), r] as const))(
    "test_excludes_single_wildcard_range %s", (_l, r) => {
      const union = new VersionUnion([
        new VersionRange(null, Version.parse(r.max as string), false, false),
        new VersionRange(Version.parse(r.min as string), null, true, false),
      ]);
      expect(union.excludesSingleWildcardRange).toBe(r.expected as boolean);
    });
  test.each(rows(file, "test_str").map((r) => [label(r), r] as const))("test_str %s", (_l, r) => {
    expect(String(parseConstraint(r.version as string))).toBe(r.expected as string);
  });
});

describe("test_version_constraint", () => {
  const file = "constraints__version__test_version_constraint";
  for (const r of rows(file, "test_constraints_are_hashable")) {
    test.skip(`test_constraints_are_hashable ${label(r)}: Python hashing, no counterpart in TypeScript`, () => {});
  }
  test.each(rows(file, "test_has_upper_bound").map((r) => [label(r), r] as const))("test_has_upper_bound %s", (_l, r) => {
    expect(hasUpperBound(decode(r.constraint))).toBe(r.expected as boolean);
  });
});

describe("test_utils", () => {
  test.each(rows("constraints__version__test_utils", "test_constraint_regions").map((r) => [label(r), r] as const))(
    "test_constraint_regions %s", (_l, r) => {
      const got = constraintRegions((r.versions as unknown[]).map(decode));
      const want = (r.expected as unknown[]).map(decode);
      expect(got.map(String)).toEqual(want.map(String));
      got.forEach((g, k) => expectSame(g, want[k]!));
    });
});

describe("test_version (a Version as a constraint)", () => {
  const file = "constraints__version__test_version";
  test.each(rows(file, "test_parse_valid").map((r) => [label(r), r] as const))("test_parse_valid %s", (_l, r) => {
    const v = Version.parse(r.text as string);
    expectSame(new ExactVersion(v), decode(r.version));
    expect(String(v)).toBe(r.normalized as string);
  });
  for (const r of rows(file, "test_parse_invalid")) {
    if (typeof r.value !== "string") {
      test.skip(`test_parse_invalid ${label(r)}: None is a Python-only input`, () => {});
    } else {
      test(`test_parse_invalid ${label(r)}`, () => expect(() => Version.parse(r.value as string)).toThrow(InvalidVersion));
    }
  }
  test.each(rows(file, "test_stable").map((r) => [label(r), r] as const))("test_stable %s", (_l, r) => {
    expect(String(stable(Version.parse(r.version as string)))).toBe(r.expected as string);
  });
  for (const name of ["test_next_breaking_for_major_over_0_results_into_next_major_and_preserves_precision",
    "test_next_breaking_for_major_0_is_treated_with_more_care_and_preserves_precision"]) {
    test.each(rows(file, name).map((r) => [label(r), r] as const))(`${name} %s`, (_l, r) => {
      expect(String(nextBreaking(Version.parse(r.version as string)))).toBe(r.expected as string);
    });
  }
  test.each(rows(file, "test_comparison").map((r) => [label(r), r] as const))("test_comparison %s", (_l, r) => {
    const vs = (r.versions as string[]).map((s) => Version.parse(s));
    for (let i = 0; i < vs.length; i++) {
      for (let j = 0; j < vs.length; j++) expect(Math.sign(compareVersions(vs[i]!, vs[j]!))).toBe(Math.sign(i - j));
    }
  });
  test.each(rows(file, "test_allows_zero_padding").map((r) => [label(r), r] as const))("test_allows_zero_padding %s", (_l, r) => {
    const a = Version.parse(r.version1 as string);
    const b = Version.parse(r.version2 as string);
    expect(new ExactVersion(a).allows(b)).toBe(true);
    expect(new ExactVersion(b).allows(a)).toBe(true);
  });
  test.each(rows(file, "test_allows_any").map((r) => [label(r), r] as const))("test_allows_any %s", (_l, r) => {
    expect(decode(r.version1).allowsAny(decode(r.version2))).toBe(r.expected as boolean);
  });
  test.each(rows(file, "test_intersect").map((r) => [label(r), r] as const))("test_intersect %s", (_l, r) => {
    const got = decode(r.version1).intersect(decode(r.version2));
    expectSame(got, decode(r.expected));
    expect(String(got)).toBe(String(decode(r.expected)));
  });
  test.each(rows(file, "test_to_string_normalizes").map((r) => [label(r), r] as const))("test_to_string_normalizes %s", (_l, r) => {
    expect(String(Version.parse(r.version as string))).toBe(r.normalized_version as string);
  });
  test.each(rows(file, "test_versions_are_sortable").map((r) => [label(r), r] as const))("test_versions_are_sortable %s", (_l, r) => {
    const sorted = (r.unsorted as string[]).map((s) => Version.parse(s)).sort(compareVersions).map(String);
    expect(sorted).toEqual(r.sorted_ as string[]);
  });
});

test("every parametrized table of the constraint tables is covered above", () => {
  const files = ["parse_constraint", "utils", "version", "version_constraint", "version_range", "version_union"];
  const covered = new Set([
    "test_parse_constraint", "test_parse_constraint_wildcard", "test_parse_constraint_tilde", "test_parse_constraint_caret",
    "test_parse_constraints_negative_wildcard", "test_parse_constraints_with_trailing_comma",
    "test_parse_constraint_multi_with_epochs", "test_constraints_keep_version_precision",
    "test_parse_constraint_with_white_space_padding", "test_parse_marker_constraint_does_not_allow_invalid_version",
    "test_parse_marker_constraint_does_allow_invalid_version_if_requested", "test_version_ranges", "test_specifiers",
    "test_is_single_wildcard_range_include_min_include_max", "test_is_single_wildcard_range", "test_str",
    "test_excludes_single_wildcard_range_basics", "test_excludes_single_wildcard_range", "test_constraints_are_hashable",
    "test_has_upper_bound", "test_constraint_regions", "test_parse_valid", "test_parse_invalid", "test_stable",
    "test_next_breaking_for_major_over_0_results_into_next_major_and_preserves_precision",
    "test_next_breaking_for_major_0_is_treated_with_more_care_and_preserves_precision", "test_comparison",
    "test_allows_zero_padding", "test_allows_any", "test_intersect", "test_to_string_normalizes", "test_versions_are_sortable",
  ]);
  for (const f of files) {
    const t = loadVector<Table>(`poetry-core/tables/constraints__version__test_${f}.json`).tests;
    for (const [name, body] of Object.entries(t)) if (body.case_count > 0) expect(covered.has(name) ? name : `MISSING ${f}:${name}`).toBe(name);
  }
});
