/**
 * content-hash against Python: test/fixtures/lock/content-hash/expected.json holds, for every
 * pyproject there, the hash of the machine's Poetry 1.3.2 (`Locker._get_content_hash`), and the
 * Poetry 2 rules ("current" ≥ 2.3 with [dependency-groups], "legacy" 2.0–2.2) computed in Python
 * with Python's own json.dumps, plus the JSON text itself (regenerate with generate.py there).
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { contentHash, contentHashOfText, relevantContent } from "../../src/lock/index.ts";
import { pyJsonDumps } from "../../src/lock/python-json.ts";
import { parsePyproject } from "../../src/project/index.ts";

const DIR = join(import.meta.dir, "../fixtures/lock/content-hash");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<
  string,
  { poetry_1_3_2: string; current: string; legacy: string; json: string }
>;
const files = readdirSync(DIR).filter((f) => f.endsWith(".toml")).sort();

describe("content-hash", () => {
  test("every fixture has an expected value", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(expected).sort()).toEqual(files);
  });
  for (const file of files) {
    const text = readFileSync(join(DIR, file), "utf8");
    const want = expected[file] as { poetry_1_3_2: string; current: string; legacy: string; json: string };
    test(`${file}: the JSON Python hashes`, () => {
      const data = parse(text, { integersAsBigInt: true });
      expect(pyJsonDumps(relevantContent(data))).toBe(want.json);
    });
    test(`${file}: Poetry 2 hashes (current and legacy)`, () => {
      expect(contentHashOfText(text)).toBe(want.current);
      expect(contentHashOfText(text, "legacy")).toBe(want.legacy);
    });
    const data = parse(text, { integersAsBigInt: true }) as Record<string, unknown>;
    if (!("project" in data) && !("dependency-groups" in data)) {
      test(`${file}: equals Poetry 1.3.2's hash ([tool.poetry] only)`, () => {
        expect(contentHashOfText(text)).toBe(want.poetry_1_3_2);
      });
    }
  }
  test("through the project model", () => {
    const text = readFileSync(join(DIR, "pep621-dependency-groups.toml"), "utf8");
    const project = parsePyproject(text);
    expect(contentHash(project)).toBe((expected["pep621-dependency-groups.toml"] as { current: string }).current);
    expect(contentHash(project)).toBe(contentHash(project)); // cached
  });
  test("[dependency-groups] counts only since Poetry 2.3", () => {
    const want = expected["pep621-dependency-groups.toml"] as { current: string; legacy: string };
    expect(want.current).not.toBe(want.legacy);
  });
  test("Poetry 1.3.2 ignores [project]: its hash differs from Poetry 2's there (documented difference)", () => {
    const want = expected["pep621.toml"] as { current: string; poetry_1_3_2: string };
    expect(want.current).not.toBe(want.poetry_1_3_2);
  });
});
