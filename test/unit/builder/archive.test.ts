import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalizeMode, sourceDateEpoch, timestamps } from "../../../src/builder/archive-time.ts";
import { globFiles, globPaths } from "../../../src/builder/glob.ts";

describe("reproducible archive attributes", () => {
  test("modes become 644 or 755, the file type kept", () => {
    expect(normalizeMode(0o100600)).toBe(0o100644);
    expect(normalizeMode(0o100777)).toBe(0o100755);
    expect(normalizeMode(0o100700)).toBe(0o100755);
    expect(normalizeMode(0o100664)).toBe(0o100644);
  });

  test("fixed dates without SOURCE_DATE_EPOCH, its value with it", () => {
    const fixed = timestamps(null);
    expect([fixed.zipFile.getFullYear(), fixed.zipFile.getMonth(), fixed.zipFile.getDate()]).toEqual([1980, 0, 1]);
    expect(fixed.zipRecord.getFullYear()).toBe(2016);
    expect(fixed.tarMtime).toBe(0);
    const t = timestamps(1700000000);
    expect(t.tarMtime).toBe(1700000000);
    expect([t.zipFile.getFullYear(), t.zipFile.getMonth() + 1, t.zipFile.getDate(), t.zipFile.getHours()]).toEqual([2023, 11, 14, 22]);
    expect(timestamps(0).zipFile.getFullYear()).toBe(1980); // zip cannot hold earlier dates
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: "42" })).toBe(42);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: "soon" })).toBeNull();
    expect(sourceDateEpoch({})).toBeNull();
  });
});

describe("pathlib-style globs", () => {
  test("*, ?, [..], ** and hidden files", () => {
    const root = mkdtempSync(join(tmpdir(), "verse-glob-"));
    try {
      for (const f of ["a.py", "b.txt", ".hidden", "pkg/__init__.py", "pkg/sub/x.py", "pkg/sub/y.txt", "LICENSE", "LICENCE.md"]) {
        mkdirSync(join(root, f, ".."), { recursive: true });
        writeFileSync(join(root, f), "");
      }
      expect(globPaths(root, "*.py")).toEqual(["a.py"]);
      expect(globPaths(root, "?.txt")).toEqual(["b.txt"]);
      expect(globPaths(root, "*")).toContain(".hidden");
      expect(globPaths(root, "pkg")).toEqual(["pkg"]);
      expect(globFiles(root, "pkg/**/*.py")).toEqual(["pkg/__init__.py", "pkg/sub/x.py"]);
      expect(globFiles(root, "LICEN[CS]E*")).toEqual(["LICENCE.md", "LICENSE"]);
      expect(globPaths(root, "missing/*")).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
