/**
 * Poetry-core's own PEP 440 version tables (vectors/poetry-core/tables/version__pep440__*.json):
 * parsing, Poetry's stability flags and the next_* helpers behind `verse version <rule>`.
 * The tables hold the parametrize rows; the assertions mirror the upstream test bodies.
 */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import { InvalidVersion, Version, type Num } from "../../src/standards/version.ts";
import {
  bumpVersion, firstDevrelease, firstPrerelease, isNoSuffixRelease, isStable, isUnstable, nextDevrelease,
  nextMajor, nextMinor, nextPatch, nextPhase, nextPostrelease, nextPrerelease, nextStable, nextTag,
  releaseNext, releaseNextMajor, releaseNextMinor, releaseNextPatch, releaseProperties, releaseTag,
  releasesEqual, withoutDevrelease, withoutLocal, withoutPostrelease,
} from "../../src/standards/version-bump.ts";

type Row = Record<string, unknown>;
interface Table { tests: Record<string, { parametrize: { argnames: string[]; rows: Row[] }[]; case_count: number }> }

const VERSION = loadVector<Table>("poetry-core/tables/version__pep440__test_version.json").tests;
const SEGMENTS = loadVector<Table>("poetry-core/tables/version__pep440__test_segments.json").tests;

/** Rows of a test; several tables on one test are a cartesian product, as pytest does. */
function rows(tests: Table["tests"], name: string): Row[] {
  const t = tests[name];
  if (!t) throw new Error(`missing table ${name}`);
  let out: Row[] = [{}];
  for (const p of t.parametrize) out = out.flatMap((acc) => p.rows.map((r) => ({ ...acc, ...r })));
  if (t.parametrize.length === 0) out = [];
  if (out.length !== t.case_count) throw new Error(`${name}: ${out.length} rows, table says ${t.case_count}`);
  return out;
}
const str = (x: unknown): string => x as string;
const P = (s: unknown): Version => Version.parse(s as string);
/** The release text inside a `Release(...)` repr. */
const reprText = (x: unknown): string => /text='([^']*)'/.exec((x as { $repr: string }).$repr)![1]!;
const parts = (text: string): Num[] => text.split(".").map(Number);
const join = (p: readonly Num[]): string => p.join(".");

describe("parsing", () => {
  test.each(rows(VERSION, "test_pep440_parse_text").map((r) => [str(r.text), r]))("%p", (text, r) => {
    const expected = P((r.result as { $PEP440Version: string }).$PEP440Version);
    expect(P(text).equals(expected)).toBe(true);
  });
  test.each(rows(VERSION, "test_pep440_parse_text_invalid_versions").map((r) => str(r.text)))("%p is invalid", (t) => {
    expect(() => Version.parse(t)).toThrow(InvalidVersion);
  });
  test.each(rows(VERSION, "test_properties").map((r) => [str(r.version), r]))("properties of %p", (v, r) => {
    const p = releaseProperties(P(v));
    expect([p.major, p.minor, p.patch, p.extra]).toEqual([r.major, r.minor, r.patch, r.non_semver_parts] as never);
    expect(P(v).release).toEqual(r.parts as number[]);
  });
});

describe("flags (Poetry's definitions)", () => {
  const flags: Record<string, (v: Version) => boolean> = {
    test_is_prerelease: (v) => v.pre !== null, // Poetry: a pre segment; a dev release alone is not one
    test_is_postrelease: (v) => v.isPostrelease,
    test_is_devrelease: (v) => v.isDevrelease,
    test_is_local: (v) => v.isLocal,
    test_is_no_suffix_release: isNoSuffixRelease,
    test_is_stable: isStable,
    test_is_stable_all_major_0_versions_are_treated_as_normal_versions: isStable,
  };
  for (const [name, flag] of Object.entries(flags)) {
    test.each(rows(VERSION, name).map((r) => [str(r.version), r.expected as boolean]))(`${name}: %p -> %p`, (v, e) => {
      expect(flag(P(v))).toBe(e);
      if (flag === isStable) expect(isUnstable(P(v))).toBe(!e);
    });
  }
});

describe("next_* and without_* helpers", () => {
  const helpers: Record<string, (v: Version) => Version> = {
    test_next_major: nextMajor,
    test_next_minor: nextMinor,
    test_next_patch: nextPatch,
    test_next_stable: nextStable,
    test_next_prerelease: (v) => nextPrerelease(v),
    test_next_postrelease: nextPostrelease,
    test_next_devrelease: nextDevrelease,
    test_first_prerelease: firstPrerelease,
    test_first_devrelease: firstDevrelease,
    test_without_local: withoutLocal,
    test_without_postrelease: withoutPostrelease,
    test_without_devrelease: withoutDevrelease,
  };
  for (const [name, fn] of Object.entries(helpers)) {
    test.each(rows(VERSION, name).map((r) => [str(r.version), str(r.expected)]))(`${name}: %p -> %p`, (v, e) => {
      expect(fn(P(v)).toString()).toBe(e);
    });
  }
  test.skip("test_local_version_ordering_and_equality: no parametrize rows in the table (covered by packaging's ordering vectors)", () => {});
});

describe("release segments", () => {
  test.each(rows(SEGMENTS, "test_release_equal_zero_padding").map((r) => [r.precision1 as number, r.precision2 as number]))(
    "precision %p vs %p", (p1, p2) => {
      const r1 = Array.from({ length: p1 }, (_, k) => k + 1);
      const r2 = p1 > p2 ? Array.from({ length: p2 }, (_, k) => k + 1) : [...r1, ...Array<number>(p2 - p1).fill(0)];
      expect(releasesEqual(r1, r2)).toBe(p1 <= p2);
      expect(releasesEqual(r2, r1)).toBe(p1 <= p2);
    });
  test.each(rows(SEGMENTS, "test_release_from_parts_to_parts").map((r) => [r.parts as number[], reprText(r.result)]))(
    "%p -> %p", (p, text) => {
      expect(join(p)).toBe(text);
      expect(P(text).release).toEqual(p);
    });
  const oneZeros = (p: number): number[] => [1, ...Array<number>(p - 1).fill(0)];
  test.each(rows(SEGMENTS, "test_release_precision").map((r) => r.precision as number))("precision %p", (p) => {
    expect(P(join(oneZeros(p))).release.length).toBe(p);
  });
  test.each(rows(SEGMENTS, "test_release_text").map((r) => r.precision as number))("text at precision %p", (p) => {
    const inc = Array.from({ length: p }, (_, k) => k + 1);
    expect(P(join(inc)).toString()).toBe(inc.join("."));
    expect(P(join(oneZeros(p))).toString()).toBe(oneZeros(p).join("."));
  });
  test.each(rows(SEGMENTS, "test_release_next_major").map((r) => r.precision as number))("next major at %p", (p) => {
    expect(releaseNextMajor(oneZeros(p))).toEqual([2, ...Array<number>(p - 1).fill(0)]);
  });
  test.each(rows(SEGMENTS, "test_release_next_minor").map((r) => r.precision as number))("next minor at %p", (p) => {
    expect(releaseNextMinor(oneZeros(p))).toEqual([1, 1, ...Array<number>(Math.max(0, p - 2)).fill(0)]);
  });
  test.each(rows(SEGMENTS, "test_release_next_patch").map((r) => r.precision as number))("next patch at %p", (p) => {
    expect(releaseNextPatch(oneZeros(p))).toEqual([1, 0, 1, ...Array<number>(Math.max(0, p - 3)).fill(0)]);
  });
  test.each(rows(SEGMENTS, "test_release_next").map((r) => [reprText(r.release), reprText(r.expected)]))(
    "next of %p is %p", (from, to) => {
      expect(join(releaseNext(parts(from)))).toBe(to);
    });
  test("Release(0) and Release(1, extra=(0,)) are fine (minor/patch read as 0)", () => {
    expect(releaseProperties(P("0")).major).toBe(0);
    const p = releaseProperties(P("1.0.0.0"));
    expect([p.minor, p.patch]).toEqual([0, 0]);
  });
});

describe("release tags", () => {
  test.each(rows(SEGMENTS, "test_release_tag_normalisation").map((r) => [r.parts as [string, number?], r.result as { $ReleaseTag: [string, number] }]))(
    "%p", (p, result) => {
      const tag = releaseTag(p[0], p[1] ?? 0);
      expect([tag.phase, tag.number]).toEqual(result.$ReleaseTag as never);
    });
  test.each(rows(SEGMENTS, "test_release_tag_next_phase").map((r) => [r.parts as [string], r.result as { $ReleaseTag: [string, number] } | null]))(
    "next phase of %p", (p, result) => {
      const next = nextPhase(releaseTag(p[0]));
      expect(next === null ? null : [next.phase, next.number]).toEqual(result === null ? null : (result.$ReleaseTag as never));
    });
  test.each(rows(SEGMENTS, "test_release_tag_next").map((r) => str(r.phase)))("next of %p", (phase) => {
    const tag = nextTag(releaseTag(phase));
    expect(tag.phase).toBe(releaseTag(phase).phase);
    expect(tag.number).toBe(1);
  });
});

describe("poetry version <rule> (Poetry's documented results)", () => {
  test.each([
    ["1.2.3", "major", false, "2.0.0"], ["1.2.3", "minor", false, "1.3.0"], ["1.2.3", "patch", false, "1.2.4"],
    ["1.2.3", "premajor", false, "2.0.0a0"], ["1.2.3", "preminor", false, "1.3.0a0"], ["1.2.3", "prepatch", false, "1.2.4a0"],
    ["1.2.3", "prerelease", false, "1.2.4a0"], ["1.2.3b1", "patch", false, "1.2.3"], ["1.2.3a1", "prerelease", false, "1.2.3a2"],
    ["1.2.3a1", "prerelease", true, "1.2.3b0"], ["1.2.3b1", "prerelease", true, "1.2.3rc0"], ["1.2.3rc1", "prerelease", true, "1.2.3"],
    ["1.2.3rc1", "major", false, "2.0.0"], ["2.0.0b1", "major", false, "2.0.0"], ["1.2.0a1", "minor", false, "1.2.0"],
  ] as const)("%p %p (next phase: %p) -> %p", (v, rule, phase, expected) => {
    expect(bumpVersion(P(v), rule, phase).toString()).toBe(expected);
  });
});
