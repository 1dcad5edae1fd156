/**
 * The hand-written lock check (src/lock/shape.ts) must never accept what lockSchema rejects: on
 * every fixture lock, and on each of them with any one value replaced by a value of another type
 * or removed, "hasLockShape accepts" implies "lockSchema accepts". Valid locks pass both.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseToml } from "../../../src/project/core.ts";
import { lockSchema } from "../../../src/lock/schema.ts";
import { hasLockShape } from "../../../src/lock/shape.ts";
import { looserThanSchema } from "../../helpers/mutations.ts";

const FIX = join(import.meta.dir, "../../fixtures/lock");

function lockFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return lockFiles(p);
    return n.endsWith(".lock") ? [p] : [];
  });
}

const files = lockFiles(FIX);

describe("hasLockShape agrees with lockSchema", () => {
  test("the fixtures exist", () => {
    expect(files.length).toBeGreaterThan(3);
  });
  for (const file of files) {
    const doc: unknown = parseToml(readFileSync(file, "utf8"), file);
    const name = file.slice(FIX.length + 1);
    test(`${name}: accepted by both`, () => {
      expect(lockSchema().safeParse(doc).success).toBe(true);
      expect(hasLockShape(doc)).toBe(true);
    });
    test(`${name}: never accepts a mutation zod rejects`, () => {
      const { wrong, rejected } = looserThanSchema(doc, hasLockShape, (v) => lockSchema().safeParse(v).success);
      expect(wrong).toEqual([]);
      expect(rejected).toBeGreaterThan(0);
    });
  }
});
