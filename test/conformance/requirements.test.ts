/** packaging's requirement tests (tests/test_requirements.py) through packaging/requirements.json. */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import {
  InvalidRequirement,
  parseRequirement,
  requirementsEqual,
  requirementToString,
} from "../../src/standards/requirement.ts";
import { Pep508Marker } from "../../src/standards/markers.ts";
import { SpecifierSet } from "../../src/standards/specifier.ts";

interface ValidCase {
  input: string;
  name: string;
  extras: string[];
  url: string | null;
  specifier: string;
  marker: string | null;
  marker_str_derived: string | null;
  from: string;
}
interface RequirementsVector {
  valid: ValidCase[];
  valid_marker_inputs: string[];
  str: [string, string][];
  equal: { a: string; b: string; str_differs: boolean }[];
  not_equal: [string, string][];
  invalid: { input: string; message?: string }[];
}

const v = loadVector<RequirementsVector>("packaging/requirements.json");

describe("requirements: valid", () => {
  test(`${v.valid.length} requirements parse to the expected parts`, () => {
    const failures: string[] = [];
    for (const c of v.valid) {
      try {
        const r = parseRequirement(c.input);
        const problems: string[] = [];
        if (r.name !== c.name) problems.push(`name ${r.name}`);
        if (JSON.stringify([...r.extras].sort()) !== JSON.stringify(c.extras)) problems.push(`extras ${r.extras}`);
        if (r.url !== c.url) problems.push(`url ${r.url}`);
        if (!r.specifier.equals(SpecifierSet.parse(c.specifier))) {
          problems.push(`specifier ${r.specifier}`);
        }
        const marker = r.marker === null ? null : r.marker.toString();
        const expectedMarker = c.marker === null ? null : Pep508Marker.parse(c.marker).toString();
        if (marker !== expectedMarker) problems.push(`marker ${marker}`);
        if (c.marker_str_derived !== null && marker !== c.marker_str_derived) problems.push(`marker str ${marker}`);
        if (problems.length > 0) failures.push(`${JSON.stringify(c.input)}: ${problems.join("; ")}`);
      } catch (e) {
        failures.push(`${JSON.stringify(c.input)}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  for (const input of v.valid_marker_inputs) {
    test(`marker input ${input}`, () => expect(parseRequirement(input).marker).not.toBeNull());
  }
});

describe("requirements: str", () => {
  for (const [input, expected] of v.str) {
    test(JSON.stringify(input), () => expect(requirementToString(parseRequirement(input))).toBe(expected));
  }
});

describe("requirements: equality", () => {
  for (const c of v.equal) {
    test(`${c.a} == ${c.b}`, () => {
      const a = parseRequirement(c.a);
      const b = parseRequirement(c.b);
      expect(requirementsEqual(a, b)).toBe(true);
      expect(requirementToString(a) !== requirementToString(b)).toBe(c.str_differs);
    });
  }
  for (const [a, b] of v.not_equal) {
    test(`${a} != ${b}`, () => expect(requirementsEqual(parseRequirement(a), parseRequirement(b))).toBe(false));
  }
});

describe("requirements: invalid", () => {
  for (const c of v.invalid) {
    test(JSON.stringify(c.input), () => {
      let error: unknown = null;
      try {
        parseRequirement(c.input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidRequirement);
      if (c.message !== undefined) expect((error as Error).message).toBe(c.message);
    });
  }
});
