/**
 * poetry-core's marker algebra tests (tests/version/test_markers.py and test_requirements.py)
 * through the parametrize tables in ../shared/vectors/poetry-core/tables.
 *
 * The tables hold parameters only (no `body`); each block below states the upstream assertion
 * it replays. The printed form must be poetry-core's exactly (the lock file prints markers as
 * Poetry does); as an extra, the result must also mean the expected marker (same evaluation on
 * a grid of environments). Where upstream compares marker objects (`parse_marker(x) == m`),
 * the test compares with the printed form of `parseMarker(x)`.
 */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import { InvalidMarker, parseMarker, type Marker } from "../../src/standards/markers.ts";
import { parseConstraint } from "../../src/standards/constraint.ts";
import { parsePoetryRequirement } from "../../src/standards/poetry-requirement.ts";
import { InvalidRequirement } from "../../src/standards/requirement.ts";

type Row = Record<string, unknown>;
interface Table { tests: Record<string, { parametrize: { argnames: string[]; rows: Row[] }[] }> }

const table = loadVector<Table>("poetry-core/tables/version__test_markers.json");
const rows = (name: string): Row[] => table.tests[name]!.parametrize.flatMap((p) => p.rows);

const BASE: Record<string, string> = {
  implementation_name: "cpython", implementation_version: "3.11.7", os_name: "posix", platform_machine: "x86_64",
  platform_release: "6.1.0", platform_system: "Linux", platform_version: "#1 SMP PREEMPT_DYNAMIC",
  python_full_version: "3.11.7", platform_python_implementation: "CPython", python_version: "3.11", sys_platform: "linux",
};

/** Environments that tell markers of these tests apart (python versions, platforms, extras). */
const GRID: Record<string, string | string[]>[] = [];
for (const py of ["2.7.18", "3.0.0", "3.3.0", "3.5.2", "3.6.0", "3.6.2", "3.6.5", "3.7.0", "3.7.1", "3.8.0", "3.8.7", "3.9.0", "3.10.0", "3.11.0", "3.12.0", "3.13.0", "4.0.0"]) {
  for (const [sys_platform, platform_system] of [["linux", "Linux"], ["win32", "Windows"], ["darwin", "Darwin"]]) {
    for (const extra of [[], ["foo"], ["bar"], ["a", "b"]]) {
      GRID.push({
        ...BASE, python_full_version: py, python_version: py.split(".").slice(0, 2).join("."),
        sys_platform: sys_platform!, platform_system: platform_system!, implementation_name: extra.length ? "pypy" : "cpython",
        extra,
      });
    }
  }
}

function sameMeaning(actual: Marker, expected: string): boolean {
  const e = parseMarker(expected);
  return GRID.every((env) => actual.evaluate(env) === e.evaluate(env));
}

/** Text exactly as poetry-core prints it, and the same meaning. */
function check(_label: string, actual: Marker, expected: string): void {
  expect(actual.toString()).toBe(expected);
  expect(sameMeaning(actual, expected)).toBe(true);
}

/** Upstream `parse_marker(expected) == actual`: the same marker as `expected` parses to. */
function checkEqual(actual: Marker, expected: string): void {
  expect(actual.toString()).toBe(parseMarker(expected).toString());
  expect(sameMeaning(actual, expected)).toBe(true);
}

describe("poetry markers: parsing", () => {
  for (const r of rows("test_parse_marker")) {
    // str(parse_marker(m)) == m
    test(String(r.marker), () => check("parse", parseMarker(r.marker as string), r.marker as string));
  }
  for (const r of rows("test_parse_marker_non_python_versions")) {
    test(`valid=${r.valid}: ${r.marker}`, () => {
      const run = () => parseMarker(r.marker as string);
      if (r.valid) expect(run).not.toThrow();
      else expect(run).toThrow(InvalidMarker);
    });
  }
  for (const r of rows("test_union_should_drop_markers_if_their_complement_is_present")) {
    // parse_marker(expected) == parse_marker(marker)
    test(String(r.marker), () => checkEqual(parseMarker(r.marker as string), r.expected as string));
  }
});

describe("poetry markers: intersection and union", () => {
  for (const name of ["test_single_marker_intersect_is_empty", "test_empty_marker_is_found_in_complex_intersection"]) {
    for (const r of rows(name)) {
      // m1.intersect(m2).is_empty()
      test(`${name}: ${r.marker1} / ${r.marker2}`, () => {
        const m = parseMarker(r.marker1 as string).and(parseMarker(r.marker2 as string));
        expect(m.isEmpty()).toBe(true);
        expect(m.toString()).toBe("<empty>");
      });
    }
  }
  const pairs: [string, "and" | "or", string, string][] = [
    ["test_single_marker_intersect_is_single_marker", "and", "marker1", "marker2"],
    ["test_single_marker_intersect_extras", "and", "marker1", "marker2"],
    ["test_intersection_no_endless_recursion", "and", "marker1", "marker2"],
    ["test_single_marker_union_is_single_marker", "or", "marker1", "marker2"],
    ["test_single_marker_union_extras", "or", "marker1", "marker2"],
    ["test_single_marker_union_with_multi_is_single_marker", "or", "single_marker", "multi_marker"],
    ["test_multi_marker_union_multi_is_multi", "or", "marker1", "marker2"],
    ["test_version_ranges_collapse_on_union", "or", "marker1", "marker2"],
  ];
  for (const [name, op, k1, k2] of pairs) {
    for (const r of rows(name)) {
      // str(m1.intersect(m2)) / str(m1.union(m2)) == expected
      test(`${name}: ${r[k1]} ${op} ${r[k2]}`, () => {
        const a = parseMarker(r[k1] as string);
        const b = parseMarker(r[k2] as string);
        check(name, op === "and" ? a.and(b) : a.or(b), r.expected as string);
      });
    }
  }
});

describe("poetry markers: transformations", () => {
  for (const r of rows("test_without_extras")) {
    test(`without_extras: ${r.marker}`, () => check("without_extras", parseMarker(r.marker as string).withoutExtras(), r.expected as string));
  }
  for (const r of rows("test_exclude")) {
    test(`exclude ${r.excluded}: ${r.marker}`, () =>
      check("exclude", parseMarker(r.marker as string).exclude(r.excluded as string), r.expected === "*" ? "" : (r.expected as string)));
  }
  for (const r of rows("test_only")) {
    test(`only ${r.only}: ${r.marker}`, () =>
      check("only", parseMarker(r.marker as string).only(...(r.only as string[])), r.expected as string));
  }
  for (const r of rows("test_invert")) {
    // parse_marker(inverse) == parse_marker(marker).invert()
    test(`invert: ${r.marker}`, () => checkEqual(parseMarker(r.marker as string).invert(), r.inverse as string));
  }
  for (const r of rows("test_reduce_by_python_constraint")) {
    // str(m.reduce_by_python_constraint(c)) == expected; meaning is compared only inside the
    // python constraint, where the reduction applies.
    test(`reduce by ${r.constraint}: ${r.marker}`, () => {
      const python = parseConstraint(r.constraint as string);
      const actual = parseMarker(r.marker as string).reduceByPythonConstraint(python);
      expect(actual.toString()).toBe(r.expected as string);
      const e = parseMarker(r.expected as string);
      const inside = GRID.filter((env) => python.allows(Version.parse(env.python_full_version as string)));
      expect(inside.every((env) => actual.evaluate(env) === e.evaluate(env))).toBe(true);
    });
  }
});

describe("poetry markers: evaluation", () => {
  for (const r of rows("test_validate")) {
    // parse_marker(m).validate(env) == expected; env None means "no environment": always true.
    test(`${r.marker_string} ${JSON.stringify(r.environment)}`, () => {
      const m = parseMarker(r.marker_string as string);
      if (r.environment === null) {
        expect(r.expected).toBe(true);
        return;
      }
      expect(m.evaluate({ ...BASE, ...(r.environment as Record<string, string>) })).toBe(r.expected as boolean);
    });
  }
  for (const r of rows("test_parse_version_like_markers")) {
    test(String(r.marker), () => expect(parseMarker(r.marker as string).evaluate({ ...BASE, ...(r.env as Record<string, string>) })).toBe(true));
  }
});

describe("poetry markers: python_version merged with python_full_version", () => {
  // str(parse_marker(m).intersect(parse_marker(m2))) and str(... .union(...)) == expected, where
  // None means "kept as `m and m2`" / "`m or m2`" and a version with fewer than two dots is
  // written on python_version, else on python_full_version.
  const expectedMarker = (version: string | null, op: "and" | "or", m: string, m2: string): string => {
    if (version === null) return `${m} ${op} ${m2}`;
    if (version === "" || version === "<empty>") return version;
    const dots = (version.match(/\./g) ?? []).length;
    return `${dots < 2 ? "python_version" : "python_full_version"} ${version}`;
  };
  for (const r of rows("test_merging_python_version_and_python_full_version")) {
    const m = `python_version ${r.python_version}`;
    const m2 = `python_full_version ${r.python_full_version}`;
    test(`${m} / ${m2}`, () => {
      const a = parseMarker(m);
      const b = parseMarker(m2);
      check("merge and", a.and(b), expectedMarker(r.expected_intersection_version as string | null, "and", m, m2));
      check("merge or", a.or(b), expectedMarker(r.expected_union_version as string | null, "or", m, m2));
    });
  }
});

describe("poetry requirements (tests/version/test_requirements.py)", () => {
  const reqTable = loadVector<Table>("poetry-core/tables/version__test_requirements.json");
  const reqRows = (name: string): Row[] => reqTable.tests[name]!.parametrize.flatMap((p) => p.rows);
  for (const r of reqRows("test_requirement")) {
    // assert_requirement(Requirement(string), **expected): name, url, sorted extras,
    // parse_constraint(constraint) == req.constraint, and str(req.marker) when given.
    const e = r.expected as { name: string; url?: string; extras?: string[]; constraint?: string; marker?: string };
    test(String(r.string), () => {
      const req = parsePoetryRequirement(r.string as string);
      expect(req.name).toBe(e.name);
      expect(req.url).toBe(e.url ?? null);
      expect([...req.extras].sort()).toEqual([...(e.extras ?? [])].sort());
      const c = parseConstraint(e.constraint ?? "*");
      expect(req.constraint.allowsAll(c) && c.allowsAll(req.constraint)).toBe(true);
      if (e.marker) expect(req.marker.toString()).toBe(e.marker);
    });
  }
  for (const r of reqRows("test_invalid_requirement")) {
    // pytest.raises(InvalidRequirement, match=re.escape(exception))
    test(`invalid: ${r.string}`, () => {
      let error: unknown = null;
      try {
        parsePoetryRequirement(r.string as string);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InvalidRequirement);
      expect((error as Error).message).toContain(r.exception as string);
    });
  }
});

describe("poetry markers: not replayed", () => {
  test.skip("test_cnf / test_dnf: poetry-core's internal cnf()/dnf() helpers, not part of verse's API", () => {});
  test.skip("test_parse_single_marker: asserts poetry-core's internal constraint objects of SingleMarker", () => {});
});
import { Version } from "../../src/standards/version.ts";
