/** The python-version reading of markers and the printed forms the lock file relies on. */
import { describe, expect, test } from "bun:test";
import * as standards from "../../../src/standards/index.ts";
import { parseMarker } from "../../../src/standards/markers.ts";

const env = (full: string) => ({ python_full_version: full, python_version: full.split(".").slice(0, 2).join(".") });

describe("python_version values", () => {
  test('a one-part value is a minor: python_version == "3" is 3.0', () => {
    const m = parseMarker('python_version == "3"');
    expect(m.evaluate(env("3.0.1"))).toBe(true);
    expect(m.evaluate(env("3.5.0"))).toBe(false);
    expect(parseMarker('python_version <= "3"').evaluate(env("3.0.5"))).toBe(true);
    expect(parseMarker('python_version > "3"').evaluate(env("3.0.5"))).toBe(false);
  });
  test("a wildcard value on == and != covers the minor", () => {
    expect(parseMarker('python_version == "3.6.*"').evaluate(env("3.6.9"))).toBe(true);
    expect(parseMarker('python_version != "3.6.*"').evaluate(env("3.6.9"))).toBe(false);
    expect(parseMarker('python_version != "3.6.*"').evaluate(env("3.7.0"))).toBe(true);
  });
  test("merged forms keep poetry-core's spelling", () => {
    expect(String(parseMarker('python_version == "3.6" or python_version < "3.6"'))).toBe('python_version <= "3.6"');
    expect(String(parseMarker('python_version >= "3.6" and python_version < "3.7"'))).toBe('python_version == "3.6"');
    expect(String(parseMarker('python_version < "3.6" and python_version >= "3.3"'))).toBe('python_version < "3.6" and python_version >= "3.3"');
    expect(String(parseMarker('python_version > "3.6"').invert())).toBe('python_version <= "3.6"');
    expect(String(parseMarker('python_version == "3.6"').and(parseMarker('python_full_version <= "3.6.0"')))).toBe('python_full_version == "3.6.0"');
  });
});

describe("index", () => {
  test("re-exports the public surface", () => {
    for (const name of ["Version", "SpecifierSet", "parseConstraint", "parseMarker", "parseRequirement", "dependencyToPep508",
      "parsePoetryRequirement", "canonicalizeName", "parseWheelFilename", "parseTag", "parseMetadata", "parseRecord", "bumpVersion"]) {
      expect(typeof (standards as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
