/**
 * A failing `verse add` gives everything back, end to end (the compiled binary, the test index
 * in this process, a real Python):
 *  - the install fails midway: `zbroken` has a broken RECORD, and is linked last, after alpha was
 *    upgraded 1.0 → 2.0 (its files and its console script replaced) and `good` was installed
 *    (over a file `keep` owns). The environment must come back file for file (paths, contents,
 *    modes, symlinks), with pyproject.toml and poetry.lock byte-identical, and the message says so;
 *  - a project without an environment: the one the failing `add` created is removed again, both
 *    when the install fails (broken wheel, failing sdist build) and when locking made it (to
 *    build a directory dependency whose build fails).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { unzipSync, zipSync } from "fflate";
import type { LockedPackage } from "../../src/lock/index.ts";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeSdist, makeWheel, type BuiltDist, type DistSpec } from "../helpers/make-wheel.ts";
import { backendWheelsAvailable, buildBackendWheels, locked, sha256, writeLockedProject } from "../unit/installer/pep517-fixtures.ts";

const PYTHON = ["3.12.1", "3.11.7", "3.8.18"].map((v) => `/root/.pyenv/versions/${v}/bin/python`).find((p) => existsSync(p));

let root: string;
let index: IndexServer;
let env: Record<string, string>;
const dists = new Map<string, BuiltDist>();

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

function serve(d: BuiltDist): BuiltDist {
  index.addDist(d);
  dists.set(d.filename, d);
  return d;
}

/** A wheel whose RECORD lists a wrong hash for its __init__.py (install must refuse it). */
function brokenWheel(spec: DistSpec): BuiltDist {
  const good = makeWheel(spec);
  const files = unzipSync(good.bytes);
  const recordPath = Object.keys(files).find((p) => p.endsWith(".dist-info/RECORD"))!;
  const record = new TextDecoder().decode(files[recordPath]).replace(/^(\w+\/__init__\.py),sha256=[^,]+,/m, "$1,sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,");
  files[recordPath] = new TextEncoder().encode(record);
  return { ...good, bytes: zipSync(files) };
}

function fromIndex(name: string, version: string, d: BuiltDist): LockedPackage {
  return locked({ name, version, files: [{ file: d.filename, hash: `sha256:${sha256(d.bytes)}` }], source: { type: "legacy", url: index.simpleUrl, reference: "local", resolvedReference: null, subdirectory: null } });
}

let keep: LockedPackage;
let alpha1: LockedPackage;

/** A project locked at keep 1.0 and alpha 1.0 (alpha 2.0 exists), with no environment yet. */
function lockedProject(): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeLockedProject(dir, [alpha1, keep], { simpleUrl: index.simpleUrl });
  writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
  return dir;
}

/** Every path under the venv (its .verse bookkeeping aside): files with mode and content hash, symlinks with target, directories. */
function snapshot(venv: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(venv, p);
      if (rel === ".verse") continue;
      if (e.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(p)}`);
      else if (e.isDirectory()) {
        out.push(`${rel}/`);
        walk(p);
      } else out.push(`${rel} ${(lstatSync(p).mode & 0o777).toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
    }
  };
  walk(venv);
  return out.sort();
}

function sitePackages(venv: string): string {
  const lib = join(venv, "lib");
  return join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
}

const read = (dir: string, f: string) => readFileSync(join(dir, f));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-add-rollback-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
  index = await startIndexServer({ dirs: backendWheelsAvailable() ? [buildBackendWheels(join(root, "backends"))] : [] });
  const k = serve(makeWheel({ name: "keep", version: "1.0", files: { "shared/data.txt": "keep's data\n" }, entryPoints: { console_scripts: { "keep-cli": "keep:main" } } }));
  keep = fromIndex("keep", "1.0", k);
  const a1 = serve(makeWheel({ name: "alpha", version: "1.0", files: { "alpha/old.py": "OLD = 1\n" }, entryPoints: { console_scripts: { "alpha-cli": "alpha:v1" } } }));
  alpha1 = fromIndex("alpha", "1.0", a1);
  serve(makeWheel({ name: "alpha", version: "2.0", files: { "alpha/new.py": "NEW = 2\n" }, entryPoints: { console_scripts: { "alpha-cli": "alpha:v2" } } }));
  // good overwrites a file keep owns, and brings a script and a new top-level directory
  serve(makeWheel({ name: "good", version: "1.0", files: { "shared/data.txt": "good's data\n", "good_extra/x.py": "X = 1\n" }, entryPoints: { console_scripts: { "good-cli": "good:main" } } }));
  serve(brokenWheel({ name: "zbroken", version: "1.0", deps: ["alpha>=2", "good"] }));
  // an sdist whose PKG-INFO (metadata 2.2, nothing dynamic) can be locked without building, but whose build fails
  const setupPy = "print(\"compiling step 1\")\nraise SystemExit(\"error: the C compiler 'cc-does-not-exist' failed\")\n";
  serve(makeSdist({ name: "zbadbuild", version: "0.1", files: { "pyproject.toml": '[build-system]\nrequires = ["setuptools>=40.8"]\nbuild-backend = "setuptools.build_meta"\n', "setup.py": setupPy } }));
  serve(makeWheel({ name: "zneedsbuild", version: "1.0", deps: ["good", "zbadbuild"] }));
}, 60_000);

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

const maybe = binaryBuilt() && PYTHON !== undefined ? describe : describe.skip;

maybe("a failing add restores the environment", () => {
  test("a broken wheel linked after an upgrade and a new package: every file as it was", async () => {
    const dir = lockedProject();
    expect((await verse(["env", "use", PYTHON!], dir)).code).toBe(0);
    const inst = await verse(["install"], dir);
    expect(inst.code, inst.err + inst.out).toBe(0);
    const venv = join(dir, ".venv");
    const site = sitePackages(venv);
    expect(readFileSync(join(site, "shared", "data.txt"), "utf8")).toBe("keep's data\n");
    const before = snapshot(venv);
    const pyproject = read(dir, "pyproject.toml");
    const lock = read(dir, "poetry.lock");

    const r = await verse(["add", "zbroken"], dir);
    expect(r.code).not.toBe(0);
    // it got as far as linking: alpha was upgraded and good installed before zbroken failed
    expect(r.out).toContain("Updating alpha (1.0 -> 2.0)");
    expect(r.out).toContain("Installing good (1.0)");
    expect(r.err).toContain("zbroken-1.0-py3-none-any.whl has a broken RECORD");
    expect(r.err).toContain("pyproject.toml, poetry.lock and the environment were left as they were.");
    expect(r.err).not.toContain("    at ");

    expect(read(dir, "pyproject.toml").equals(pyproject)).toBe(true);
    expect(read(dir, "poetry.lock").equals(lock)).toBe(true);
    expect(snapshot(venv)).toEqual(before);
    expect(readdirSync(join(venv, ".verse")).filter((n) => n.startsWith("rollback-"))).toEqual([]);
    // and it still works: the no-op check re-plans, finds nothing to do, and alpha 1.0 imports
    const again = await verse(["install"], dir);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("No dependencies to install or update");
    const py = await Bun.spawn([join(venv, "bin", "python"), "-c", "import alpha.old, keep; print('ok')"], { stdout: "pipe", stderr: "pipe" });
    expect((await new Response(py.stdout).text()).trim()).toBe("ok");
  }, 180_000);

  test("no environment before: the one the failing add created is removed", async () => {
    const dir = lockedProject();
    expect(existsSync(join(dir, ".venv"))).toBe(false);
    const pyproject = read(dir, "pyproject.toml");
    const lock = read(dir, "poetry.lock");
    const listing = readdirSync(dir).sort();
    const r = await verse(["add", "zbroken"], dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("broken RECORD");
    expect(r.err).toContain("left as they were");
    expect(existsSync(join(dir, ".venv"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(listing);
    expect(read(dir, "pyproject.toml").equals(pyproject)).toBe(true);
    expect(read(dir, "poetry.lock").equals(lock)).toBe(true);
  }, 180_000);

  test.skipIf(!backendWheelsAvailable())("no environment before, a dependency's sdist fails to build: the new environment is removed", async () => {
    const dir = lockedProject();
    const listing = readdirSync(dir).sort();
    const r = await verse(["add", "zneedsbuild"], dir);
    expect(r.code).not.toBe(0);
    expect(r.out + r.err).toContain("Building zbadbuild (0.1) failed");
    expect(r.err).toContain("left as they were");
    expect(readdirSync(dir).sort()).toEqual(listing);
  }, 180_000);

  test("an existing environment, a dependency's sdist fails to build: the environment is unchanged", async () => {
    if (!backendWheelsAvailable()) return;
    const dir = lockedProject();
    expect((await verse(["env", "use", PYTHON!], dir)).code).toBe(0);
    expect((await verse(["install"], dir)).code).toBe(0);
    const venv = join(dir, ".venv");
    const before = snapshot(venv);
    const r = await verse(["add", "zneedsbuild"], dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("pyproject.toml, poetry.lock and the environment were left as they were.");
    expect(snapshot(venv)).toEqual(before);
  }, 180_000);

  test("no environment before, locking builds a directory dependency that fails: the environment made to build it is removed", async () => {
    const dir = lockedProject();
    const lib = join(root, "failing-dir");
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, "pyproject.toml"), '[project]\nname = "failing-dir"\nversion = "1.0"\n\n[build-system]\nrequires = []\nbuild-backend = "nothere_backend"\n');
    const listing = readdirSync(dir).sort();
    const r = await verse(["add", lib], dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("left as they were");
    expect(readdirSync(dir).sort()).toEqual(listing);
  }, 180_000);
});
