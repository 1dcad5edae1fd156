/** `verse cache list` / `verse cache clear` through the compiled binary, on a filled cache. */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache } from "../../src/cache/index.ts";
import { binaryBuilt, cleanEnv, runBinary, VERSE_BIN } from "../helpers/binary.ts";

const root = mkdtempSync(join(tmpdir(), "verse-cache-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test.skipIf(!binaryBuilt())("cache list and clear", () => {
  const cacheDir = join(root, "cache");
  const c = new Cache(cacheDir);
  const entry = { v: 1 as const, url: "u", etag: null, lastModified: null, fetchedAt: 0, maxAge: 0, data: [] };
  c.writePage("pypi", "six", entry);
  c.writePage("corp", "six", entry);
  const env = cleanEnv(join(root, "home"), { VERSE_CACHE_DIR: cacheDir });
  const run = (...args: string[]) => runBinary(VERSE_BIN, args, { cwd: root, env });
  expect(run("cache", "list").stdout.split("\n").filter(Boolean)).toEqual(["corp", "pypi"]);
  const noAll = run("cache", "clear", "pypi");
  expect(noAll.exitCode).toBe(2);
  expect(noAll.stderr).toContain("--all");
  expect(run("cache", "clear", "pypi", "--all").exitCode).toBe(0);
  expect(run("cache", "list").stdout.trim()).toBe("corp");
  expect(run("cache", "clear", "--all").exitCode).toBe(0);
  expect(run("cache", "list").stdout).toContain("No caches found");
});
