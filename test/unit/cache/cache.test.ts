import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cache, clearCache, parseClearTarget, withFileLock } from "../../../src/cache/index.ts";
import { UsageError } from "../../../src/errors.ts";

const root = (): string => mkdtempSync(join(tmpdir(), "verse-cache-"));

describe("cache store", () => {
  test("metadata entries are checked: a corrupt one reads as absent", () => {
    const c = new Cache(root());
    c.writeMetadata("ab12", "Name: x\n");
    expect(c.readMetadata("ab12")).toBe("Name: x\n");
    const path = c.layout.metadataPath("ab12");
    writeFileSync(path, readFileSync(path, "utf8").replace("Name: x", "Name: y"));
    expect(c.readMetadata("ab12")).toBeNull();
    writeFileSync(path, "{not json");
    expect(c.readMetadata("ab12")).toBeNull();
    expect(existsSync(join(c.root, "CACHEDIR.TAG"))).toBe(true);
  });
  test("pages, list and clear", () => {
    const r = root();
    const c = new Cache(r);
    const entry = { v: 1 as const, url: "u", etag: null, lastModified: null, fetchedAt: 0, maxAge: 0, data: [] };
    c.writePage("PyPI", "foo", entry);
    c.writePage("PyPI", "bar", entry);
    c.writePage("corp", "foo", entry);
    expect(c.listSources()).toEqual(["corp", "pypi"]);
    // A page's modification time later than its fetch time counts as its last validation.
    expect(c.readPage("pypi", "foo")).toEqual({ ...entry, fetchedAt: c.readPage<never[]>("pypi", "foo")!.fetchedAt });
    expect(c.readPage<never[]>("pypi", "foo")!.fetchedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(clearCache(r, parseClearTarget("pypi:foo:1.0", false))).toContain("Cleared 'foo'");
    expect(c.readPage("pypi", "foo")).toBeNull();
    expect(c.readPage("pypi", "bar")).not.toBeNull();
    expect(clearCache(r, parseClearTarget("pypi", true))).toContain("Cleared 1 entry");
    expect(c.listSources()).toEqual(["corp"]);
    expect(() => clearCache(r, parseClearTarget("nope", true))).toThrow(UsageError);
    clearCache(r, parseClearTarget(undefined, true));
    expect(c.listSources()).toEqual([]);
  });
  test("clear target parsing follows Poetry", () => {
    expect(() => parseClearTarget("pypi", false)).toThrow(UsageError);
    expect(() => parseClearTarget(undefined, false)).toThrow(UsageError);
    expect(() => parseClearTarget("pypi:foo", false)).toThrow(UsageError);
    expect(parseClearTarget("pypi:foo", true)).toEqual({ kind: "project", source: "pypi", project: "foo" });
  });
});

describe("file locks", () => {
  test("exclusive within and across holders, stale locks taken over", async () => {
    const r = root();
    const lock = join(r, "locks", "x.lock");
    const order: string[] = [];
    await Promise.all(
      ["a", "b", "c"].map((n) =>
        withFileLock(lock, async () => {
          order.push(`${n}+`);
          await Bun.sleep(20);
          order.push(`${n}-`);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i]!.slice(0, 1)).toBe(order[i + 1]!.slice(0, 1));
    // a lock left by a dead process is stale
    writeFileSync(lock, `999999999 ${(await import("node:os")).hostname()} 0`);
    let ran = false;
    await withFileLock(lock, async () => {
      ran = true;
    }, { timeoutMs: 2000 });
    expect(ran).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});
