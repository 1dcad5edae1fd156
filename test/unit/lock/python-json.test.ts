import { describe, expect, test } from "bun:test";
import { pyFloatRepr, pyJsonDumps, pyJsonString } from "../../../src/lock/python-json.ts";

// [Python repr(x) written as a JS literal, json.dumps(x)] as CPython 3.11 prints them
const FLOATS: Array<[number, string]> = [
  [1.0, "1.0"], [0.1, "0.1"], [1e16, "1e+16"], [1.5e-7, "1.5e-07"], [-0.0, "-0.0"], [0.0, "0.0"],
  [1e-4, "0.0001"], [0.00001, "1e-05"], [12345.678, "12345.678"], [9999999999999998.0, "9999999999999998.0"],
  [1e22, "1e+22"], [5e-324, "5e-324"], [1.7976931348623157e308, "1.7976931348623157e+308"],
  [123456789.123, "123456789.123"], [0.3, "0.3"], [2.5e-5, "2.5e-05"], [1e15, "1000000000000000.0"],
  [1.2345e16, "1.2345e+16"], [-3.75, "-3.75"], [100.0, "100.0"], [1e21, "1e+21"], [1e-7, "1e-07"],
  [Infinity, "Infinity"], [-Infinity, "-Infinity"], [NaN, "NaN"],
];

describe("Python json.dumps", () => {
  for (const [x, want] of FLOATS) test(`float ${want}`, () => expect(pyFloatRepr(x)).toBe(want));

  test("ints stay ints, floats stay floats", () => {
    expect(pyJsonDumps([1n, 1.0, -12n, 123456789012345678n])).toBe("[1, 1.0, -12, 123456789012345678]");
  });

  test("ensure_ascii escapes, surrogate pairs, key order by code point", () => {
    const value = { "\u{1F600}": 1n, "\uff5a": 2n, a: [true, false, null, "\u0000\u001f\u007f\u0080\u2028\ud800", "tab\there"], "": {}, b: 1.0, c: 1n };
    expect(pyJsonDumps(value)).toBe(
      '{"": {}, "a": [true, false, null, "\\u0000\\u001f\\u007f\\u0080\\u2028\\ud800", "tab\\there"], "b": 1.0, "c": 1, "\\uff5a": 2, "\\ud83d\\ude00": 1}',
    );
  });

  test("short escapes", () => {
    expect(pyJsonString('"\\\n\r\t\b\f/')).toBe('"\\"\\\\\\n\\r\\t\\b\\f/"');
    expect(pyJsonString("Zoë ✓")).toBe('"Zo\\u00eb \\u2713"');
  });

  test("empty containers", () => {
    expect(pyJsonDumps({ a: [], b: {} })).toBe('{"a": [], "b": {}}');
  });
});
