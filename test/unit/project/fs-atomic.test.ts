import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileWriteError, Transaction, writeFileAtomic } from "../../../src/project/fs-atomic.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "verse-atomic-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  test("writes, keeps the mode, leaves no temp file", () => {
    const f = join(dir, "a.toml");
    writeFileSync(f, "old");
    chmodSync(f, 0o640);
    writeFileAtomic(f, "new\r\n");
    expect(readFileSync(f, "utf8")).toBe("new\r\n");
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["a.toml"]);
  });
  test("forced mode for secrets", () => {
    const f = join(dir, "auth.toml");
    writeFileAtomic(f, "x", { mode: 0o600, forceMode: true });
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });
  test("a missing directory is a typed error", () => {
    expect(() => writeFileAtomic(join(dir, "no", "such", "f"), "x")).toThrow(FileWriteError);
  });
});

describe("Transaction", () => {
  test("rollback restores exact bytes and removes created files", async () => {
    const py = join(dir, "pyproject.toml");
    const lock = join(dir, "poetry.lock");
    writeFileSync(py, "[project]\r\nname = 'x'\r\n");
    await expect(
      Transaction.run([py, lock], () => {
        writeFileAtomic(py, "broken");
        writeFileAtomic(lock, "half");
        throw new Error("resolution failed");
      }),
    ).rejects.toThrow("resolution failed");
    expect(readFileSync(py, "utf8")).toBe("[project]\r\nname = 'x'\r\n");
    expect(existsSync(lock)).toBe(false);
  });
  test("commit keeps the edits", async () => {
    const py = join(dir, "pyproject.toml");
    writeFileSync(py, "a");
    const out = await Transaction.run([py], () => {
      writeFileAtomic(py, "b");
      return 42;
    });
    expect(out).toBe(42);
    expect(readFileSync(py, "utf8")).toBe("b");
    const tx = Transaction.begin([py]);
    writeFileAtomic(py, "c");
    tx.commit();
    tx.rollback();
    expect(readFileSync(py, "utf8")).toBe("c");
  });
});
