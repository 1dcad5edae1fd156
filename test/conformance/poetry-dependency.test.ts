/**
 * Poetry's dependency -> PEP 508 conversion against poetry-core's tests:
 * poetry_constraints.json (dependency_str, dependency_python_versions,
 * dependency_allows_prereleases) and the parametrize tables of tests/packages/test_dependency.py,
 * tests/packages/test_main.py and tests/packages/utils/test_utils.py. Each block states the
 * upstream assertion it replays.
 */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import {
  InvalidDependency, allowsPrereleases, dependencyFromPep508, dependencyMarker, dependencyString, dependencyToPep508,
  genericConstraintMarker, pythonConstraintFromMarker, pythonConstraintMarker,
} from "../../src/standards/poetry-dependency.ts";
import { parseConstraint } from "../../src/standards/constraint.ts";
import { parseGenericConstraint } from "../../src/standards/generic-constraint.ts";
import { parseMarker } from "../../src/standards/markers.ts";
import { InvalidRequirement } from "../../src/standards/requirement.ts";
import { Version } from "../../src/standards/version.ts";
import type { VersionConstraint } from "../../src/standards/range.ts";

type Row = Record<string, unknown>;
interface Table { tests: Record<string, { parametrize: { argnames: string[]; rows: Row[] }[] }> }
const rowsOf = (t: Table, name: string): Row[] => t.tests[name]!.parametrize.flatMap((p) => p.rows);
/** Several tables on one test are a cartesian product. */
function product(t: Table, name: string): Row[] {
  return t.tests[name]!.parametrize.reduce<Row[]>((acc, p) => acc.flatMap((a) => p.rows.map((r) => ({ ...a, ...r }))), [{}]);
}

interface Constraints {
  dependency_str: { name: string; constraint: string; extras: string[] | null; expected: string }[];
  dependency_python_versions: { constraint: string; python_versions: string; expected_pep508: string; expected_marker: string }[];
  dependency_allows_prereleases: { constraint: string; allows_prereleases: boolean | null }[];
}
const V = loadVector<Constraints>("poetry-core/poetry_constraints.json");
const depTable = loadVector<Table>("poetry-core/tables/packages__test_dependency.json");
const mainTable = loadVector<Table>("poetry-core/tables/packages__test_main.json");
const utilsTable = loadVector<Table>("poetry-core/tables/packages__utils__test_utils.json");

describe("poetry_constraints.json", () => {
  for (const c of V.dependency_str) {
    // str(Dependency(name, constraint, extras=extras)) == expected
    test(`str: ${c.name} ${c.constraint} ${JSON.stringify(c.extras)}`, () => {
      expect(dependencyString({ name: c.name, constraint: c.constraint, extras: c.extras ?? [] })).toBe(c.expected);
    });
  }
  for (const c of V.dependency_python_versions) {
    // dep = Dependency("Django", constraint); dep.python_versions = ...; to_pep_508() and str(dep.marker)
    test(`python_versions ${c.python_versions}`, () => {
      const dep = { name: "Django", constraint: c.constraint, python: c.python_versions };
      expect(dependencyToPep508(dep)).toBe(c.expected_pep508);
      expect(dependencyMarker(dep).toString()).toBe(c.expected_marker);
    });
  }
  for (const c of V.dependency_allows_prereleases) {
    // Dependency("A", constraint, allows_prereleases=x).allows_prereleases() == x
    test(`allows_prereleases ${c.constraint} ${c.allows_prereleases}`, () => {
      expect(allowsPrereleases({ allowPrereleases: c.allows_prereleases })).toBe(c.allows_prereleases);
    });
  }
});

describe("tests/packages/test_dependency.py", () => {
  for (const r of product(depTable, "test_allows_prerelease")) {
    test(`allows_prerelease ${r.constraint} ${r.allows_prereleases}`, () => {
      expect(allowsPrereleases({ allowPrereleases: r.allows_prereleases as boolean | null })).toBe(r.allows_prereleases as boolean | null);
    });
  }
  for (const r of rowsOf(depTable, "test_to_pep_508_with_excluded_versions")) {
    // Dependency("foo", exclusion).to_pep_508() == f"foo ({expected})"
    test(`excluded ${r.exclusion}`, () => {
      expect(dependencyToPep508({ name: "foo", constraint: r.exclusion as string })).toBe(`foo (${r.expected})`);
    });
  }
  for (const r of rowsOf(depTable, "test_to_pep_508_with_python_versions")) {
    // Dependency("Django", "^1.23") with python_versions: to_pep_508() and str(marker)
    test(`python_versions ${r.python_versions}`, () => {
      const dep = { name: "Django", constraint: "^1.23", python: r.python_versions as string };
      expect(dependencyToPep508(dep)).toBe(`Django (>=1.23,<2.0) ; ${r.marker}`);
      expect(dependencyMarker(dep).toString()).toBe(r.marker as string);
    });
  }
  for (const r of rowsOf(depTable, "test_to_pep_508_with_invalid_marker")) {
    // Dependency.create_from_pep_508(requirement) raises (an `extra` compared with marker text).
    test(`invalid marker: ${r.requirement}`, () => {
      expect(() => dependencyFromPep508(r.requirement as string)).toThrow(InvalidDependency);
    });
  }
  for (const r of rowsOf(depTable, "test_to_pep_508_with_invalid_requirement")) {
    test(`invalid requirement: ${r.requirement}`, () => {
      expect(() => dependencyFromPep508(r.requirement as string)).toThrow(InvalidRequirement);
    });
  }
  for (const r of rowsOf(depTable, "test_to_pep_508_with_invalid_path_requirement")) {
    test.skip(`invalid path requirement (${JSON.stringify(r.dependency_type)}): checks the file system for the path; verse's standards are pure`, () => {});
  }
  for (const r of rowsOf(depTable, "test_dependency_string_representation")) {
    // str(Dependency(name, constraint, extras=extras)) == expected
    test(`str: ${r.name} ${r.constraint} ${JSON.stringify(r.extras)}`, () => {
      expect(dependencyString({ name: r.name as string, constraint: r.constraint as string, extras: (r.extras as string[] | null) ?? [] })).toBe(r.expected as string);
    });
  }
  for (const r of rowsOf(depTable, "test_marker_properly_sets_python_constraint")) {
    // dependency.marker = marker; str(dependency.python_constraint) == expected
    test(`python constraint of ${r.marker}`, () => {
      expect(String(pythonConstraintFromMarker(parseMarker(r.marker as string)))).toBe(r.expected as string);
    });
  }
  test.skip("test_eq: equality and hashing of poetry's Dependency objects (Python-only)", () => {});
  test.skip("test_mutable_attributes_not_in_hash: Python object hashing (Python-only)", () => {});
});

describe("tests/packages/test_main.py", () => {
  for (const r of rowsOf(mainTable, "test_dependency_python_version_in_")) {
    // create_from_pep_508(f"requests (==2.18.0); python_version in '{v}'"): constraint, python_versions, marker
    test(`python_version in ${JSON.stringify(r.marker_value)}`, () => {
      const dep = dependencyFromPep508(`requests (==2.18.0); python_version in '${r.marker_value}'`);
      expect(dep.name).toBe("requests");
      expect(dep.constraint).toBe("2.18.0");
      expect(dep.pythonVersions).toBe("3.3.* || 3.4.* || 3.5.*");
      expect(dep.marker.toString()).toBe(`python_version in "${r.marker_value}"`);
    });
  }
  for (const r of rowsOf(mainTable, "test_dependency_platform_in")) {
    test(`sys_platform in ${JSON.stringify(r.marker_value)}`, () => {
      const dep = dependencyFromPep508(`requests (==2.18.0); sys_platform in '${r.marker_value}'`);
      expect(dep.name).toBe("requests");
      expect(dep.constraint).toBe("2.18.0");
      expect(dep.platform).toBe("win32 || darwin");
      expect(dep.marker.toString()).toBe(`sys_platform in "${r.marker_value}"`);
    });
  }
});

/** Final releases that tell python constraints apart (pre-release bounds aside). */
const PROBES = ["2.6", "2.7", "2.7.5", "2.8", "3.0", "3.0.1", "3.1", "3.2", "3.5", "3.5.4", "3.6", "3.6.1", "3.6.2", "3.6.5",
  "3.7", "3.7.6", "3.7.7", "3.8", "3.9", "3.9.1", "3.10", "4.0", "4.1"].map((v) => Version.parse(v));
function sameOnProbes(a: VersionConstraint, b: VersionConstraint): boolean {
  return PROBES.every((v) => a.allows(v) === b.allows(v));
}

describe("tests/packages/utils/test_utils.py", () => {
  test.skip("test_convert_markers: poetry-core's internal dict form of a marker (convert_markers), not verse API", () => {});
  for (const r of rowsOf(utilsTable, "test_create_nested_marker_base_constraint")) {
    // create_nested_marker("sys_platform", parse_generic_constraint(c)) == expected
    test(`sys_platform ${r.constraint}`, () => {
      expect(genericConstraintMarker("sys_platform", parseGenericConstraint(r.constraint as string))).toBe(r.expected as string);
    });
  }
  for (const r of rowsOf(utilsTable, "test_create_nested_marker_version_constraint")) {
    // create_nested_marker("python_version", parse_constraint(c)) == expected
    test(`python ${r.constraint}`, () => {
      expect(pythonConstraintMarker(parseConstraint(r.constraint as string))).toBe(r.expected as string);
    });
  }
  for (const r of rowsOf(utilsTable, "test_get_python_constraint_from_marker")) {
    // get_python_constraint_from_marker(parse_marker(m)) == parse_constraint(c); compared on final
    // releases, as verse's marker ranges do not carry poetry-core's ".dev0" wildcard bounds.
    test(`python of ${r.marker}`, () => {
      const actual = pythonConstraintFromMarker(parseMarker(r.marker as string));
      expect(sameOnProbes(actual, parseConstraint(r.constraint as string))).toBe(true);
    });
  }
  test.skip("test_is_python_project: inspects project directories on disk (not a standards concern)", () => {});
});

describe("direct dependencies and extras", () => {
  test("url, git and path forms", () => {
    expect(dependencyToPep508({ name: "demo", source: { kind: "url", url: "https://example.com/demo-1.0.tar.gz" } }))
      .toBe("demo @ https://example.com/demo-1.0.tar.gz");
    expect(dependencyToPep508({ name: "demo", extras: ["foo"], source: { kind: "git", url: "https://github.com/o/demo.git", rev: "v1.0", subdirectory: "sub" } }))
      .toBe("demo[foo] @ git+https://github.com/o/demo.git@v1.0#subdirectory=sub");
    expect(dependencyToPep508({ name: "demo", source: { kind: "git", url: "git@github.com:o/demo.git" } }))
      .toBe("demo @ git+ssh://git@github.com/o/demo.git");
    expect(dependencyToPep508({ name: "demo", source: { kind: "path", path: "/srv/my demo" }, python: ">=3.8" }))
      .toBe('demo @ file:///srv/my%20demo ; python_version >= "3.8"');
    expect(() => dependencyToPep508({ name: "demo", source: { kind: "path", path: "rel/demo" } })).toThrow(InvalidDependency);
  });
  test("optional dependency: extra markers, platform, markers", () => {
    expect(dependencyToPep508({ name: "a", constraint: "^1.0", inExtras: ["foo", "bar"] }))
      .toBe('a (>=1.0,<2.0) ; extra == "foo" or extra == "bar"');
    expect(dependencyToPep508({ name: "a", constraint: "^1.0", python: "^3.8", inExtras: ["foo"] }))
      .toBe('a (>=1.0,<2.0) ; (python_version >= "3.8" and python_version < "4.0") and (extra == "foo")');
    expect(dependencyToPep508({ name: "a", constraint: "*", platform: "linux" })).toBe('a ; sys_platform == "linux"');
    expect(dependencyToPep508({ name: "a", markers: 'extra == "x" and os_name == "nt"', inExtras: ["x"] }))
      .toBe('a ; extra == "x" and os_name == "nt"');
    expect(dependencyToPep508({ name: "a", markers: 'extra == "x" and os_name == "nt"' }, false)).toBe('a ; os_name == "nt"');
    expect(() => dependencyToPep508({ name: "a", python: ">=3.x" })).toThrow(InvalidDependency);
  });
});
