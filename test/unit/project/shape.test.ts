/**
 * The hand-written pyproject checks (src/project/shape.ts) must never accept what the zod schemas
 * reject: on every fixture pyproject.toml and each one-value mutation of it, and on every
 * dependency table (plus one with every key) and its mutations. Fixtures zod accepts pass the
 * fast check too, so the fast path is the one taken.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseToml } from "../../../src/project/core.ts";
import { schemas } from "../../../src/project/schema.ts";
import { hasPyprojectShape, isDependencyTable } from "../../../src/project/shape.ts";
import { looserThanSchema } from "../../helpers/mutations.ts";

const FIX = join(import.meta.dir, "../../fixtures");

function pyprojects(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return pyprojects(p);
    return n === "pyproject.toml" ? [p] : [];
  });
}

const files = pyprojects(FIX);
const tables: unknown[] = [
  {
    version: "^1", extras: ["a"], optional: true, python: ">=3.8", platform: "linux", markers: "os_name == 'posix'", source: "s",
    "allow-prereleases": true, "allows-prereleases": false, git: "https://g", branch: "b", tag: "t", rev: "r", subdirectory: "d",
    path: "../p", url: "https://u", develop: true,
  },
];

describe("hasPyprojectShape agrees with the pyproject schema", () => {
  test("the fixtures exist", () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parseToml(readFileSync(file, "utf8"), file);
    } catch {
      continue; // a fixture of invalid TOML
    }
    const deps = (doc as { tool?: { poetry?: { dependencies?: Record<string, unknown> } } }).tool?.poetry?.dependencies ?? {};
    for (const v of Object.values(deps)) if (typeof v === "object" && v !== null) tables.push(...(Array.isArray(v) ? v : [v]));
    const name = file.slice(FIX.length + 1);
    test(`${name}: never accepts a mutation zod rejects`, () => {
      const zod = (v: unknown) => schemas().pyproject.safeParse(v).success;
      if (zod(doc)) expect(hasPyprojectShape(doc)).toBe(true);
      const { wrong } = looserThanSchema(doc, hasPyprojectShape, zod);
      expect(wrong).toEqual([]);
    });
  }
  test("dependency tables: never accepts one zod rejects", () => {
    const zod = (v: unknown) => schemas().dependencyTable.safeParse(v).success;
    for (const t of tables) {
      if (zod(t)) expect(isDependencyTable(t)).toBe(true);
      const { wrong, rejected } = looserThanSchema(t, isDependencyTable, zod);
      expect(wrong).toEqual([]);
      expect(rejected).toBeGreaterThan(0);
    }
  });
});
