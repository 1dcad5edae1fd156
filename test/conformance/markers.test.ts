/** packaging's marker tests (tests/test_markers.py) through ../shared/vectors/packaging/markers.json. */
import { describe, expect, test } from "bun:test";
import { loadVector } from "../helpers/vectors.ts";
import {
  InvalidMarker,
  Pep508Marker,
  UndefinedComparison,
  UndefinedEnvironmentName,
  type EvaluateContext,
  type EvaluationEnvironment,
} from "../../src/standards/markers.ts";
import { serializeValue } from "../../src/standards/markers-parse.ts";

interface EvaluateCase {
  marker: string;
  environment: Record<string, string | string[] | null>;
  context: EvaluateContext | null;
  expected?: boolean;
  error?: "UndefinedComparison" | "UndefinedEnvironmentName";
  from: string;
}
interface MarkersVector {
  base_environment: Record<string, string>;
  valid: string[];
  invalid: { marker: string; message?: string }[];
  str: [string, string][];
  equal: [string, string][];
  not_equal: [string, string][];
  evaluate: EvaluateCase[];
  combine: { left: string; right: string; op: "and" | "or"; equals: string }[];
  value_serialize: { cases: [string, string][] };
}

const v = loadVector<MarkersVector>("packaging/markers.json");

describe("markers: valid", () => {
  test(`${v.valid.length} markers parse`, () => {
    const failures: string[] = [];
    for (const text of v.valid) {
      try {
        Pep508Marker.parse(text);
      } catch (e) {
        failures.push(`${text}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("markers: invalid", () => {
  for (const c of v.invalid) {
    test(JSON.stringify(c.marker), () => {
      let error: unknown = null;
      try {
        Pep508Marker.parse(c.marker);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidMarker);
      if (c.message !== undefined) expect((error as Error).message).toBe(c.message);
    });
  }
});

describe("markers: str", () => {
  for (const [input, expected] of v.str) {
    test(input, () => {
      const m = Pep508Marker.parse(input);
      expect(m.toString()).toBe(expected);
      expect(m.equals(Pep508Marker.parse(expected))).toBe(true);
    });
  }
});

describe("markers: equality", () => {
  for (const [a, b] of v.equal) {
    test(`${JSON.stringify(a)} == ${JSON.stringify(b)}`, () => {
      expect(Pep508Marker.parse(a).equals(Pep508Marker.parse(b))).toBe(true);
    });
  }
  for (const [a, b] of v.not_equal) {
    test(`${JSON.stringify(a)} != ${JSON.stringify(b)}`, () => {
      expect(Pep508Marker.parse(a).equals(Pep508Marker.parse(b))).toBe(false);
    });
  }
});

describe("markers: evaluate", () => {
  v.evaluate.forEach((c, i) => {
    test(`${i}: ${c.marker} ${JSON.stringify(c.environment)} ${c.context ?? ""}`, () => {
      // extra=None upstream is Python-specific; null here means "no extra", as the vector says.
      const env: EvaluationEnvironment = { ...v.base_environment, ...c.environment };
      const run = () => Pep508Marker.parse(c.marker).evaluate(env, c.context ?? "metadata");
      if (c.error === "UndefinedComparison") expect(run).toThrow(UndefinedComparison);
      else if (c.error === "UndefinedEnvironmentName") expect(run).toThrow(UndefinedEnvironmentName);
      else expect(run()).toBe(c.expected!);
    });
  });
});

describe("markers: combine", () => {
  for (const c of v.combine) {
    test(`${c.left} ${c.op} ${c.right}`, () => {
      const l = Pep508Marker.parse(c.left);
      const r = Pep508Marker.parse(c.right);
      const combined = c.op === "and" ? l.and(r) : l.or(r);
      expect(combined.toString()).toBe(c.equals);
      expect(combined.equals(Pep508Marker.parse(c.equals))).toBe(true);
    });
  }
});

describe("markers: value serialization", () => {
  for (const [value, expected] of v.value_serialize.cases) {
    test(value, () => expect(serializeValue(value)).toBe(expected));
  }
});
