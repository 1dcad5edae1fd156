/**
 * `verse install` / `verse sync` on a missing or stale poetry.lock, as Poetry 2 does: resolve
 * first ("Updating dependencies", "Resolving dependencies..."), install, then write the lock;
 * with --locked fail instead (Poetry's stale message), leaving the lock untouched.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import { parseLock } from "../../src/lock/index.ts";

const PYTHON = ["/root/.pyenv/versions/3.11.7/bin/python", "/root/.pyenv/versions/3.12.1/bin/python"].find((p) => existsSync(p));

let root: string;
let index: IndexServer;
let env: Record<string, string>;

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

function project(deps: string[]): string {
  const dir = mkdtempSync(join(root, "p-"));
  writePyproject(dir, deps);
  return dir;
}

function writePyproject(dir: string, deps: string[]): void {
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[project]\nname = "relock"\nversion = "0.1.0"\nrequires-python = ">=3.8"\ndependencies = ${JSON.stringify(deps)}\n\n[tool.poetry]\npackage-mode = false\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
  );
}

const lockedVersions = (dir: string) => Object.fromEntries(parseLock(readFileSync(join(dir, "poetry.lock"), "utf8")).packages.map((p) => [p.name, p.version]));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-relock-"));
  index = await startIndexServer({});
  index.addDist(makeWheel({ name: "rl-a", version: "1.0", deps: ["rl-b>=1"] }));
  index.addDist(makeWheel({ name: "rl-b", version: "1.0" }));
  index.addDist(makeWheel({ name: "rl-c", version: "2.0" }));
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", VERSE_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true", ...(PYTHON ? { PATH: `${join(PYTHON, "..")}:${process.env.PATH}` } : {}) });
});

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt())("install with a missing or stale lock", () => {
  test("no poetry.lock: locks, installs, then writes the lock", async () => {
    const dir = project(["rl-a"]);
    const r = await verse(["install"], dir);
    expect(r.err).not.toContain("Warning");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Updating dependencies\nResolving dependencies...");
    expect(r.out).not.toContain("Installing dependencies from lock file");
    expect(r.out).toContain("Installing rl-a (1.0)");
    expect(r.out).toContain("Installing rl-b (1.0)");
    expect(r.out).toContain("Writing lock file");
    expect(r.out.indexOf("Resolving dependencies")).toBeLessThan(r.out.indexOf("Installing rl-a"));
    expect(lockedVersions(dir)).toEqual({ "rl-a": "1.0", "rl-b": "1.0" });
    // the written lock is fresh: the next install is a no-op from the lock
    const again = await verse(["install"], dir);
    expect(again.code).toBe(0);
    expect(again.out).toContain("Installing dependencies from lock file");
    expect(again.out).not.toContain("Updating dependencies");
    expect(again.out).toContain("No dependencies to install or update");
  });

  test("stale lock: relocks keeping locked versions; sync removes what the new lock drops", async () => {
    const dir = project(["rl-a"]);
    expect((await verse(["install"], dir)).code).toBe(0);
    index.addDist(makeWheel({ name: "rl-b", version: "1.5" }));
    writePyproject(dir, ["rl-a", "rl-c"]);
    const r = await verse(["install"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Updating dependencies\nResolving dependencies...");
    expect(r.out).toContain("Installing rl-c (2.0)");
    expect(r.out).not.toContain("rl-b (1.5)");
    expect(lockedVersions(dir)).toEqual({ "rl-a": "1.0", "rl-b": "1.0", "rl-c": "2.0" });
    writePyproject(dir, ["rl-c"]);
    const s = await verse(["sync"], dir);
    expect(s.code).toBe(0);
    expect(s.out).toContain("Resolving dependencies...");
    expect(s.out).toContain("Removing rl-a (1.0)");
    expect(lockedVersions(dir)).toEqual({ "rl-c": "2.0" });
  });

  test("--locked: a stale lock fails with Poetry's message and is left as it is", async () => {
    const dir = project(["rl-a"]);
    expect((await verse(["lock"], dir)).code).toBe(0);
    const before = readFileSync(join(dir, "poetry.lock"), "utf8");
    writePyproject(dir, ["rl-a", "rl-c"]);
    const r = await verse(["install", "--locked"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("pyproject.toml changed significantly since poetry.lock was last generated. Run `verse lock` to fix the lock file.");
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(before);
    const s = await verse(["sync", "--locked"], dir);
    expect(s.code).toBe(1);
    expect(s.err).toContain("pyproject.toml changed significantly");
  });

  test("--locked without poetry.lock fails and writes nothing", async () => {
    const dir = project(["rl-a"]);
    const r = await verse(["install", "--locked"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("poetry.lock does not exist");
    expect(existsSync(join(dir, "poetry.lock"))).toBe(false);
  });

  test("--dry-run without poetry.lock resolves and shows the operations, writing nothing", async () => {
    const dir = project(["rl-a"]);
    const r = await verse(["install", "--dry-run"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Resolving dependencies...");
    expect(r.out).toContain("rl-a");
    expect(existsSync(join(dir, "poetry.lock"))).toBe(false);
  });

  test("a failing resolution installs nothing and writes no lock", async () => {
    const dir = project(["rl-missing"]);
    const r = await verse(["install"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("rl-missing");
    expect(existsSync(join(dir, "poetry.lock"))).toBe(false);
  });
});
