import { describe, expect, test } from "bun:test";
import { canonicalizeName, isNormalizedName, InvalidName } from "../../src/standards/names.ts";
import { loadVector } from "../helpers/vectors.ts";

const utils = loadVector<{
  canonicalize_name: [string, string][];
  canonicalize_name_invalid: [string, string][];
  is_normalized_name: [string, string][];
}>("packaging/utils.json");

describe("packaging/utils.json names", () => {
  test.each(utils.canonicalize_name)("canonicalize %p", (name, expected) => {
    expect(canonicalizeName(name) as string).toBe(expected);
    expect(canonicalizeName(name, true) as string).toBe(expected);
  });
  test.each(utils.canonicalize_name_invalid)("invalid %p", (name, expected) => {
    expect(() => canonicalizeName(name, true)).toThrow(InvalidName);
    expect(canonicalizeName(name) as string).toBe(expected);
  });
  test.each(utils.is_normalized_name)("is_normalized %p", (name, normalized) => {
    expect(isNormalizedName(normalized)).toBe(true);
    if (name !== normalized) expect(isNormalizedName(name)).toBe(false);
  });
});
