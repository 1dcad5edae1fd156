import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockFileError, LockNotFoundError, parseLock, readLock, renderLock } from "../../../src/lock/index.ts";

const FIX = join(import.meta.dir, "../../fixtures/lock");
const v21 = readFileSync(join(FIX, "handwritten/v2.1.lock"), "utf8");
const v11 = readFileSync(join(FIX, "handwritten/v1.1.lock"), "utf8");
const poetry132 = readFileSync(join(FIX, "poetry-1.3.2/groups/poetry.lock"), "utf8");

function lockError(text: string): LockFileError {
  try {
    parseLock(text);
  } catch (e) {
    if (e instanceof LockFileError) return e;
    throw e;
  }
  throw new Error("parsed without error");
}

describe("lock-version 2.1", () => {
  test("read → write is byte-identical", () => {
    expect(renderLock(parseLock(v21))).toBe(v21);
  });
  test("groups and markers", () => {
    const lock = parseLock(v21);
    const colorama = lock.packages.find((p) => p.name === "colorama");
    expect(colorama?.groups).toEqual(["main", "dev"]);
    expect(colorama?.markers).toEqual({ kind: "per-group", markers: { main: 'platform_system == "Windows"', dev: 'sys_platform == "win32"' } });
    const tomli = lock.packages.find((p) => p.name === "tomli");
    expect(tomli?.markers).toEqual({ kind: "all", marker: 'python_version < "3.11"' });
    expect(tomli?.optional).toBe(true);
  });
  test("git, directory and url sources; VCS and multi-constraint dependencies", () => {
    const lock = parseLock(v21);
    const git = lock.packages.find((p) => p.name === "gitdep");
    expect(git?.source).toEqual({
      type: "git", url: "https://github.com/example/gitdep.git", reference: "main",
      resolvedReference: "0123456789abcdef0123456789abcdef01234567", subdirectory: "pkg",
    });
    expect(git?.develop).toBe(false);
    const mylib = lock.packages.find((p) => p.name === "mylib");
    expect(mylib?.dependencies.find((d) => d.name === "gitdep")?.constraints).toEqual([
      { vcs: { kind: "git", url: "https://github.com/example/gitdep.git" }, branch: "main", subdirectory: "pkg" },
    ]);
    expect(mylib?.dependencies.find((d) => d.name === "tzdata")?.constraints).toEqual([{ version: ">=2020" }, { version: "<2030" }]);
    expect(lock.packages.find((p) => p.name === "tzdata")?.description).toBe("Provider of \u0001 IANA time zone data — ☃");
  });
});

describe("lock-version 1.1", () => {
  test("files come from [metadata.files], matched by normalized name", () => {
    const lock = parseLock(v11);
    expect(lock.metadata.lockVersion).toBe("1.1");
    const requests = lock.packages.find((p) => p.name === "Requests");
    expect(requests?.files.map((f) => f.file)).toEqual(["requests-2.28.1-py3-none-any.whl", "requests-2.28.1.tar.gz"]);
    expect(lock.packages.find((p) => p.name === "mylib")?.files).toEqual([]);
    expect(lock.packages.find((p) => p.name === "colorama")?.category).toBe("dev");
  });
  test("written back as 2.1", () => {
    const text = renderLock(parseLock(v11));
    expect(text).toContain('lock-version = "2.1"');
    expect(text).not.toContain("category");
    expect(text).not.toContain("[metadata.files]");
    expect(text).toContain('    {file = "requests-2.28.1.tar.gz", hash = "sha256:7c5599b102feddaa661c826c56ab4fee28bfd17f5abca1ebbe3e7f19d7c97983"},');
    // "Requests" sorts by its normalized name, between mylib and nothing else
    expect(text.indexOf('name = "mylib"')).toBeLessThan(text.indexOf('name = "Requests"'));
  });
});

describe("bad lock files", () => {
  test("invalid TOML names the line", () => {
    const e = lockError('[[package]]\nname = "x\n');
    expect(e.line).toBe(2);
    expect(e.message).toContain("poetry.lock:2");
    expect(e.hint).toContain("verse lock --regenerate");
  });
  test("no [metadata]", () => {
    expect(lockError('[[package]]\nname = "x"\n').message).toContain("no [metadata]");
  });
  test("a mistyped field names the field and its line", () => {
    const text = poetry132.replace('optional = false\npython-versions = "*"', 'optional = "no"\npython-versions = "*"');
    const e = lockError(text);
    expect(e.message).toMatch(/package\[\d+\]\.optional: expected boolean/);
    expect(text.split("\n")[(e.line as number) - 1]).toBe('optional = "no"');
  });
  test("a missing field", () => {
    const e = lockError(poetry132.replace('version = "1.0"\n', ""));
    expect(e.message).toMatch(/package\[\d+\]\.version: expected string, found missing/);
    expect(e.line).not.toBeNull();
  });
  test("a bad dependency value", () => {
    const e = lockError(poetry132.replace('alpha = ">=1.0"', "alpha = 3"));
    expect(e.message).toContain(".dependencies.alpha");
    expect(poetry132.split("\n")[(e.line as number) - 1]).toBe('alpha = ">=1.0"');
  });
  test("unsupported lock-version", () => {
    expect(lockError(poetry132.replace('lock-version = "2.0"', 'lock-version = "3.0"')).message).toContain("not supported");
    expect(lockError(poetry132.replace('lock-version = "2.0"', 'lock-version = "two"')).message).toContain("not a version");
  });
  test("a newer 2.x warns", () => {
    const warnings: string[] = [];
    parseLock(poetry132.replace('lock-version = "2.0"', 'lock-version = "2.9"'), "poetry.lock", { onWarning: (w) => warnings.push(w) });
    expect(warnings.length).toBe(1);
  });
  test("a missing file", () => {
    expect(() => readLock(join(tmpdir(), "verse-no-such-dir", "poetry.lock"))).toThrow(LockNotFoundError);
  });
  test("readLock(path) and readLock({text})", () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-lock-"));
    try {
      writeFileSync(join(dir, "poetry.lock"), v21);
      expect(readLock(join(dir, "poetry.lock"))).toEqual(readLock({ text: v21 }));
      expect(() => readLock(dir)).toThrow(LockFileError); // a directory
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test("corrupted files never crash: every error is a LockFileError", () => {
    // deterministic pseudo-random edits: drop a line, cut the file, flip a character
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const sources = [v21, v11, poetry132];
    for (let i = 0; i < 600; i++) {
      const src = sources[i % sources.length] as string;
      let text: string;
      const kind = i % 3;
      if (kind === 0) {
        const lines = src.split("\n");
        lines.splice(rand(lines.length), 1 + rand(3));
        text = lines.join("\n");
      } else if (kind === 1) text = src.slice(0, rand(src.length));
      else {
        const at = rand(src.length);
        text = src.slice(0, at) + '"[]{}=,\n#x1'[rand(11)] + src.slice(at + 1);
      }
      try {
        parseLock(text);
      } catch (e) {
        if (!(e instanceof LockFileError)) throw new Error(`edit ${i} threw ${String(e)}`);
      }
    }
  });
});
