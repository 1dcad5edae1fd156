/** PEP 440 versions against packaging's own tables (vectors/packaging/versions.json, utils.json). */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import {
  InvalidVersion, Version, canonicalizeVersion, compareVersions, tryParseVersion,
  type VersionParts,
} from "../../src/standards/version.ts";

interface VersionsVector {
  valid: string[];
  invalid: string[];
  ordering: string[];
  normalization: { input: string; normalized: string }[];
  attributes: Record<string, [string, unknown][]>;
  equal_pairs: [string, string][];
  from_parts: { args: Record<string, unknown>; string: string }[];
}
interface UtilsVector {
  canonicalize_version: { version: string; version_is_object: boolean; expected: string }[];
  canonicalize_version_keep_trailing_zero: string[];
}

const V = loadVector<VersionsVector>("packaging/versions.json");
const U = loadVector<UtilsVector>("packaging/utils.json");

describe("valid", () => {
  test.each(V.valid)("%p parses", (s) => {
    expect(Version.parse(s)).toBeInstanceOf(Version);
  });
});

describe("invalid", () => {
  test.each(V.invalid)("%p is rejected", (s) => {
    expect(() => Version.parse(s)).toThrow(InvalidVersion);
    expect(tryParseVersion(s)).toBeNull();
  });
  test("the message names the text, Python-style, with a hint", () => {
    try {
      Version.parse("french toast");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidVersion);
      expect((e as InvalidVersion).message).toBe("Invalid version: 'french toast'");
      expect((e as InvalidVersion).hint).toContain("1.2.3");
    }
  });
  test.skip("non-str inputs (None, 1, list, tuple, bytes): Python-only, TypeScript types exclude them", () => {});
  test("oversized numeric segments parse exactly and quickly (Python's int digit limit does not apply)", () => {
    const big = "1".repeat(5000);
    const t0 = performance.now();
    const a = Version.parse(big);
    const b = Version.parse(`1.0a${big}`);
    expect(a.toString()).toBe(big);
    expect(b.toString()).toBe(`1.0a${big}`);
    expect(compareVersions(a, Version.parse(`${big}.1`))).toBeLessThan(0);
    expect(compareVersions(Version.parse(`1${big}`), a)).toBeGreaterThan(0);
    expect(compareVersions(b, Version.parse(`1.0a${big}`))).toBe(0);
    expect(compareVersions(b, Version.parse("1.0a1"))).toBeGreaterThan(0);
    expect(Version.parse("1.9007199254740993").toString()).toBe("1.9007199254740993");
    expect(compareVersions(Version.parse("1.9007199254740993"), Version.parse("1.9007199254740992"))).toBe(1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe("ordering", () => {
  const parsed = V.ordering.map((s) => Version.parse(s));
  test("every ordered pair compares strictly increasing", () => {
    let checked = 0;
    for (let i = 0; i < parsed.length; i++) {
      for (let j = 0; j < parsed.length; j++) {
        const c = compareVersions(parsed[i]!, parsed[j]!);
        const want = i === j ? 0 : i < j ? -1 : 1;
        if (Math.sign(c) !== want) {
          throw new Error(`${V.ordering[i]} vs ${V.ordering[j]}: got ${c}, want ${want}`);
        }
        expect(parsed[i]!.equals(parsed[j]!)).toBe(i === j);
        checked++;
      }
    }
    expect(checked).toBe(parsed.length ** 2);
  });
  test("sorting a shuffled copy restores the order", () => {
    const shuffled = [...parsed].reverse();
    shuffled.sort(compareVersions);
    expect(shuffled.map(String)).toEqual(parsed.map(String));
  });
});

describe("normalization", () => {
  test.each(V.normalization.map((c) => [c.input, c.normalized]))("%p -> %p", (input, normalized) => {
    expect(Version.parse(input).toString()).toBe(normalized);
  });
});

describe("attributes", () => {
  const getters: Record<string, (v: Version) => unknown> = {
    public: (v) => v.public,
    base_version: (v) => v.baseVersion,
    epoch: (v) => v.epoch,
    release: (v) => v.release,
    local: (v) => v.local,
    pre: (v) => v.pre,
    dev: (v) => v.dev,
    post: (v) => v.post,
    is_prerelease: (v) => v.isPrerelease,
    is_devrelease: (v) => v.isDevrelease,
    is_postrelease: (v) => v.isPostrelease,
    major: (v) => v.major,
    minor: (v) => v.minor,
    micro: (v) => v.micro,
  };
  for (const [attr, cases] of Object.entries(V.attributes)) {
    const get = getters[attr];
    if (!get) throw new Error(`unknown attribute in vectors: ${attr}`);
    test.each(cases)(`${attr} of %p is %p`, (s, expected) => {
      expect(get(Version.parse(s))).toEqual(expected);
    });
  }
});

describe("equal_pairs", () => {
  test.each(V.equal_pairs)("%p == %p", (a, b) => {
    expect(Version.parse(a).equals(Version.parse(b))).toBe(true);
  });
});

describe("from_parts", () => {
  test.each(V.from_parts.map((c) => [JSON.stringify(c.args), c.string]))("%s -> %p", (args, s) => {
    const v = Version.fromParts(JSON.parse(args) as VersionParts);
    expect(v.equals(Version.parse(s))).toBe(true);
    expect(v.toString()).toBe(Version.parse(s).toString());
  });
});

describe("canonicalize_version", () => {
  test.each(U.canonicalize_version.map((c) => [c.version, c.version_is_object, c.expected]))(
    "%p (object: %p) -> %p",
    (version, isObject, expected) => {
      const input = isObject ? Version.parse(version as string) : (version as string);
      expect(canonicalizeVersion(input)).toBe(expected as string);
    },
  );
  test.each(U.canonicalize_version_keep_trailing_zero)("%p kept with stripTrailingZero=false", (v) => {
    expect(canonicalizeVersion(v, false)).toBe(v);
  });
});
