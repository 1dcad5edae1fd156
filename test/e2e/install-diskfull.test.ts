/**
 * `verse install` when the disk fills up midway (issue 7, bad input): the environment, or the
 * cache, lives on a small tmpfs whose free space is used up by a filler file, so that a couple of
 * wheels larger than what is left cannot be written. The install must stop with a message that
 * names the problem and the path and says what to do (no stack trace, no "Unexpected error"),
 * leave no half-installed package (every dist-info present lists only files that exist), and
 * once the filler is removed the next `verse install` completes the environment. A read-only
 * environment (the tmpfs remounted read-only) gets the same treatment.
 *
 * Mounting a tmpfs needs root (CAP_SYS_ADMIN): without it the tests skip, named for the reason.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import { type FixturePackage, pickWheel, writeProject } from "../unit/installer/fixture.ts";

const PYTHON = ["3.12.1", "3.11.7", "3.13.0", "3.10.13"].map((v) => `/root/.pyenv/versions/${v}/bin/python`).find((p) => existsSync(p)) ?? "python3";
const MiB = 1024 * 1024;

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN); probed once, synchronously, so the suite can skip by name. */
function canMountTmpfs(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), "verse-mount-probe-"));
  try {
    const ok = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
    if (ok) Bun.spawnSync(["umount", probe]);
    return ok;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Incompressible, reproducible bytes (a sha256 chain), so a wheel's size on disk is its content's. */
function noise(seed: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let block = createHash("sha256").update(seed).digest();
  for (let at = 0; at < size; at += block.length) {
    out.set(block.subarray(0, Math.min(block.length, size - at)), at);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

/** A wheel of `files` data files of `each` bytes plus an importable module. */
function bigWheel(name: string, files: number, each: number) {
  const pkg = name.replace(/-/g, "_");
  const content: Record<string, string | Uint8Array> = { [`${pkg}/mod.py`]: `NAME = ${JSON.stringify(name)}\n` };
  for (let i = 0; i < files; i++) content[`${pkg}/blob${i}.bin`] = noise(`${name}-${i}`, each);
  return makeWheel({ name, version: "1.0", files: content });
}

let root: string;
let index: IndexServer;
let packages: FixturePackage[] = [];
const mounts: string[] = [];

function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  const r = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`mount failed: ${r.stderr.toString()}`);
  mounts.push(dir);
}

/** Fill the file system of `dir` until only `leave` bytes are free; returns the filler to delete later. */
function fillUntil(dir: string, leave: number): string {
  const s = statfsSync(dir);
  const free = s.bavail * s.bsize;
  const filler = join(dir, "filler.bin");
  writeFileSync(filler, new Uint8Array(Math.max(0, free - leave)));
  return filler;
}

async function verse(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

function sitePackages(venv: string): string {
  const lib = join(venv, "lib");
  return join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
}

/** Every dist-info of `site` lists only files that exist: no package is half installed. */
function expectNoHalfInstalled(site: string): string[] {
  const dists = readdirSync(site).filter((d) => d.endsWith(".dist-info"));
  for (const d of dists) {
    const record = join(site, d, "RECORD");
    expect(existsSync(record), `${d} has no RECORD`).toBe(true);
    for (const line of readFileSync(record, "utf8").split("\n").filter(Boolean)) {
      const path = line.split(",")[0]!;
      expect(existsSync(join(site, path)), `${d}: ${path}`).toBe(true);
    }
  }
  return dists;
}

function expectClearMessage(r: { code: number; out: string; err: string }, path: string): void {
  expect(r.code, r.out + r.err).toBe(1);
  expect(r.err).toContain("No space left on device");
  expect(r.err).toContain(path);
  expect(r.err).not.toContain("Unexpected error");
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
}

async function python(venv: string, code: string): Promise<string> {
  const p = Bun.spawn([join(venv, "bin", "python"), "-c", code], { stdout: "pipe", stderr: "pipe" });
  const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return out.trim() || err;
}

const mountable = binaryBuilt() && canMountTmpfs();
const suite = mountable ? describe : describe.skip;
const suiteName = mountable ? "disk full" : binaryBuilt() ? "disk full (skipped: mounting a tmpfs is not permitted here, needs root with CAP_SYS_ADMIN)" : "disk full (skipped: dist/verse not built)";

beforeAll(async () => {
  if (!mountable) return;
  root = mkdtempSync(join(tmpdir(), "verse-diskfull-e2e-"));
  index = await startIndexServer({});
  // two small packages around two of 600 KB (six 100 KB files each): the big ones do not fit in what is left
  index.addDist(makeWheel({ name: "aaa-small", version: "1.0", files: { "aaa_small/x.py": "X = 1\n" } }));
  index.addDist(bigWheel("big-one", 6, 100_000));
  index.addDist(bigWheel("big-two", 6, 100_000));
  index.addDist(makeWheel({ name: "zzz-small", version: "1.0", files: { "zzz_small/y.py": "Y = 2\n" } }));
  packages = [];
  for (const name of ["aaa-small", "big-one", "big-two", "zzz-small"]) {
    const w = await pickWheel(index.simpleUrl, name);
    packages.push({ name, version: w.version, files: [{ filename: w.filename, sha256: w.sha256 }] });
  }
}, 60_000);

afterAll(async () => {
  for (const m of mounts.reverse()) Bun.spawnSync(["umount", "-l", m]);
  await index?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const IMPORT_ALL = "import aaa_small.x, big_one.mod, big_two.mod, zzz_small.y; print('ok')";

/** A project (venv in-project) on its own 48 MiB tmpfs, its venv made; HOME and cache on the big disk. */
async function projectOnTmpfs(name: string, home: string, cache: string): Promise<{ mnt: string; dir: string; env: Record<string, string> }> {
  const mnt = join(root, name);
  mountTmpfs(mnt, "48m");
  const dir = join(mnt, "project");
  mkdirSync(dir);
  mkdirSync(join(root, home), { recursive: true });
  writeProject(dir, packages, { simpleUrl: index.simpleUrl });
  writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
  const env = cleanEnv(join(root, home), { VERSE_CACHE_DIR: join(root, cache) });
  const use = await verse(["env", "use", PYTHON], dir, env);
  expect(use.code, use.err).toBe(0);
  return { mnt, dir, env };
}

suite(suiteName, () => {
  test("the environment's file system fills up: clear message, nothing half installed, the next install repairs", async () => {
    const { mnt, dir, env } = await projectOnTmpfs("envfs", "home1", "cache1");
    // warm the cache elsewhere (on the big disk), so only the environment's writes can fail
    const warm = join(root, "warm");
    mkdirSync(warm);
    writeProject(warm, packages, { simpleUrl: index.simpleUrl });
    expect((await verse(["install"], warm, { ...env, POETRY_VIRTUALENVS_IN_PROJECT: "true" })).code).toBe(0);

    const filler = fillUntil(mnt, 400 * 1024);
    const r = await verse(["install"], dir, env);
    expectClearMessage(r, mnt);
    expect(r.err).toMatch(/virtualenvs\.(path|in-project)/); // where to move the environment
    const site = sitePackages(join(dir, ".venv"));
    const present = expectNoHalfInstalled(site);
    expect(present.some((d) => d.startsWith("big_one-") || d.startsWith("big_two-"))).toBe(false);

    rmSync(filler);
    const again = await verse(["install"], dir, env);
    expect(again.code, again.out + again.err).toBe(0);
    const dists = expectNoHalfInstalled(site);
    for (const stem of ["aaa_small-1.0", "big_one-1.0", "big_two-1.0", "zzz_small-1.0"]) expect(dists).toContain(`${stem}.dist-info`);
    expect(await python(join(dir, ".venv"), IMPORT_ALL)).toBe("ok");
    expect((await verse(["install"], dir, env)).out).toContain("No dependencies to install or update");
  }, 120_000);

  test("the environment's file system is read-only: clear message, the next install (remounted writable) completes", async () => {
    const { mnt, dir, env } = await projectOnTmpfs("rofs", "home3", "cache3");
    expect(Bun.spawnSync(["mount", "-o", "remount,ro", mnt]).exitCode).toBe(0);
    const r = await verse(["install"], dir, env);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.err).toContain("Read-only file system");
    expect(r.err).toContain(mnt);
    expect(r.err).not.toContain("Unexpected error");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(Bun.spawnSync(["mount", "-o", "remount,rw", mnt]).exitCode).toBe(0);
    const again = await verse(["install"], dir, env);
    expect(again.code, again.out + again.err).toBe(0);
    const site = sitePackages(join(dir, ".venv"));
    expect(expectNoHalfInstalled(site)).toContain("big_two-1.0.dist-info");
    expect(await python(join(dir, ".venv"), IMPORT_ALL)).toBe("ok");
  }, 120_000);

  test("the cache's file system fills up: clear message naming the cache, the next install repairs", async () => {
    const mnt = join(root, "cachefs");
    mountTmpfs(mnt, "16m");
    const cache = join(mnt, "cache");
    const dir = join(root, "project2");
    mkdirSync(dir);
    mkdirSync(join(root, "home2"), { recursive: true });
    writeProject(dir, packages, { simpleUrl: index.simpleUrl });
    writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
    const env = cleanEnv(join(root, "home2"), { VERSE_CACHE_DIR: cache });
    const use = await verse(["env", "use", PYTHON], dir, env);
    expect(use.code, use.err).toBe(0);

    const filler = fillUntil(mnt, 300 * 1024);
    const r = await verse(["install"], dir, env);
    expectClearMessage(r, mnt);
    expect(r.err).toMatch(/cache-dir|VERSE_CACHE_DIR/); // where to move the cache
    const site = sitePackages(join(dir, ".venv"));
    expectNoHalfInstalled(site);

    rmSync(filler);
    const again = await verse(["install"], dir, env);
    expect(again.code, again.out + again.err).toBe(0);
    const dists = expectNoHalfInstalled(site);
    for (const stem of ["aaa_small-1.0", "big_one-1.0", "big_two-1.0", "zzz_small-1.0"]) expect(dists).toContain(`${stem}.dist-info`);
    expect(await python(join(dir, ".venv"), IMPORT_ALL)).toBe("ok");
  }, 120_000);
});
