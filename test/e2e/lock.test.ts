/**
 * `verse lock` end to end: the compiled binary against the test index.
 *  - resolvelib's PyPI snapshot cases, served as synthesized wheels: a universal lock holds more
 *    than one environment needs, so the packages whose lock markers hold on CPython 3.8 / Linux
 *    must be exactly the expected resolution (the project's python is ~3.8, as the cases assume).
 *    The cases use resolvelib's test rule that a marker only applies through an extra; with real
 *    markers some resolutions need more (chalice needs urllib3 through botocore's
 *    `urllib3...; python_version != "3.4"`): those extra packages are listed here by case.
 *  - universal forks on python_version and sys_platform, requires-python narrowing;
 *  - keeping locked versions, --regenerate, --resolution, --exclude-newer, no rewrite when unchanged;
 *  - bad input: unknown package (close names suggested), unsatisfiable, index dying, corrupt lock:
 *    each a clear message and the existing poetry.lock untouched.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import { loadVector, VECTORS_DIR } from "../helpers/vectors.ts";
import { parseLock } from "../../src/lock/index.ts";
import { parseMarker } from "../../src/standards/markers.ts";
import { SNAPSHOT_ENVIRONMENT } from "../../src/resolver/index.ts";
import { canonicalizeName } from "../../src/standards/names.ts";
import { canonicalizeVersion, Version } from "../../src/standards/version.ts";

interface Case {
  index: string;
  requested: string[];
  resolved?: Record<string, string | { version: string }>;
  conflicted?: Record<string, string[]>;
}

/** Packages a real-marker resolution adds to resolvelib's extras-only expectation. */
const REAL_MARKER_EXTRAS: Record<string, readonly string[]> = {
  "chalice.json": ["urllib3"],
};

let root: string;
let index: IndexServer;
/** One server per snapshot: the first snapshot holding a project wins, and several hold pandas. */
const snapshotServers = new Map<string, IndexServer>();
async function snapshotServer(name: string): Promise<IndexServer> {
  let s = snapshotServers.get(name);
  if (s === undefined) snapshotServers.set(name, (s = await startIndexServer({ snapshots: [name] })));
  return s;
}
let env: Record<string, string>;

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

function project(deps: string[], python = ">=3.8,<3.9", extra = "", url = index.simpleUrl): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[project]\nname = "case"\nversion = "0.1.0"\nrequires-python = ${JSON.stringify(python)}\ndependencies = ${JSON.stringify(deps)}\n${extra}\n[[tool.poetry.source]]\nname = "test"\nurl = "${url}"\npriority = "primary"\n`,
  );
  return dir;
}

function lockOf(dir: string) {
  return parseLock(readFileSync(join(dir, "poetry.lock"), "utf8"));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-lock-"));
  index = await startIndexServer({});
  const w = (name: string, version: string, deps: string[] = [], requiresPython?: string) => index.addDist(makeWheel({ name, version, deps, requiresPython }));
  w("uni-a", "1.0", ['uni-b>=2; python_version >= "3.10"', 'uni-b<2; python_version < "3.10"', 'uni-win; sys_platform == "win32"', "uni-np"]);
  w("uni-b", "1.0");
  w("uni-b", "2.0", [], ">=3.10");
  w("uni-win", "1.0");
  w("uni-np", "1.0", [], ">=3.8");
  w("uni-np", "2.0", [], ">=3.11");
  w("uni-c", "1.0");
  w("keep-me", "1.0");
  w("needs-new", "1.0", ["uni-c>=5"]);
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache") });
});

afterAll(async () => {
  await index?.stop();
  for (const s of snapshotServers.values()) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt())("pypi snapshot cases through the test index", () => {
  const casesDir = join(VECTORS_DIR, "pypi-snapshots/cases");
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
    const c = loadVector<Case>(`pypi-snapshots/cases/${file}`);
    test(file, async () => {
      const dir = project(c.requested, ">=3.8,<3.9", "", (await snapshotServer(c.index)).simpleUrl);
      const r = await verse(["lock"], dir);
      if (c.conflicted !== undefined) {
        expect(r.code).toBe(1);
        for (const name of Object.keys(c.conflicted)) expect(r.err).toContain(canonicalizeName(name));
        return;
      }
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      const got: Record<string, string> = {};
      for (const p of lockOf(dir).packages) {
        const m = p.markers === null ? null : p.markers.kind === "all" ? p.markers.marker : Object.values(p.markers.markers)[0]!;
        if (m !== null && !parseMarker(m).evaluate({ ...SNAPSHOT_ENVIRONMENT, extra: "" })) continue;
        got[p.name] = canonicalizeVersion(Version.parse(p.version));
      }
      const want: Record<string, string> = {};
      for (const [name, v] of Object.entries(c.resolved ?? {})) want[canonicalizeName(name)] = canonicalizeVersion(Version.parse(typeof v === "string" ? v : v.version));
      for (const extra of REAL_MARKER_EXTRAS[file] ?? []) delete got[extra];
      expect(got).toEqual(want);
    });
  }
});

describe.skipIf(!binaryBuilt())("universal lock", () => {
  test("forks on python_version, keeps sys_platform dependencies, narrows by requires-python", async () => {
    const dir = project(["uni-a"], ">=3.8,<4");
    const r = await verse(["lock"], dir);
    expect(r.err).toBe("");
    const lock = lockOf(dir);
    const show = (name: string) =>
      lock.packages.filter((p) => p.name === name).map((p) => `${p.version} ${p.markers === null ? "*" : p.markers.kind === "all" ? p.markers.marker : JSON.stringify(p.markers.markers)}`);
    expect(show("uni-b")).toEqual(['1.0 python_version < "3.10"', '2.0 python_version >= "3.10"']);
    expect(show("uni-win")).toEqual(['1.0 sys_platform == "win32"']);
    expect(show("uni-np")).toEqual(["1.0 *"]);
    expect(lock.packages.every((p) => p.groups?.join() === "main")).toBe(true);
    const text = readFileSync(join(dir, "poetry.lock"), "utf8");
    expect(text).toContain('uni-b = [\n    {version = ">=2", markers = "python_version >= \\"3.10\\""},\n    {version = "<2", markers = "python_version < \\"3.10\\""},\n]');
  });

  test("keeps locked versions, --regenerate starts fresh, writes only when changed, --resolution", async () => {
    const dir = project(["uni-c"]);
    expect((await verse(["lock"], dir)).code).toBe(0);
    expect(lockOf(dir).packages.map((p) => p.version)).toEqual(["1.0"]);
    index.addDist(makeWheel({ name: "uni-c", version: "1.1" }));
    const before = statSync(join(dir, "poetry.lock")).mtimeMs;
    const again = await verse(["lock"], dir);
    expect(again.out).toContain("already up to date");
    expect(statSync(join(dir, "poetry.lock")).mtimeMs).toBe(before);
    expect((await verse(["lock", "--regenerate"], dir)).code).toBe(0);
    expect(lockOf(dir).packages.map((p) => p.version)).toEqual(["1.1"]);
    expect((await verse(["lock", "--regenerate", "--resolution", "lowest"], dir)).code).toBe(0);
    expect(lockOf(dir).packages.map((p) => p.version)).toEqual(["1.0"]);
    const bad = await verse(["lock", "--resolution", "newest"], dir);
    expect(bad.code).toBe(2);
  });

  test("--exclude-newer leaves out files uploaded later (and failing leaves the lock alone)", async () => {
    const dir = project(["uni-c"]);
    expect((await verse(["lock", "--exclude-newer", "2021-01-01"], dir)).code).toBe(0);
    const text = readFileSync(join(dir, "poetry.lock"), "utf8");
    const r = await verse(["lock", "--regenerate", "--exclude-newer", "2019-06-01"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("uni-c");
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(text);
  });
});

describe.skipIf(!binaryBuilt())("debug resolve", () => {
  test("resolves requirements without a project, forks shown by marker", async () => {
    const dir = mkdtempSync(join(root, "noproj-"));
    const r = await verse(["debug", "resolve", "uni-a", "uni-c@^1.0", "--python", ">=3.8,<4", "--index-url", index.simpleUrl, "--no-ansi"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Resolution results:");
    expect(r.out).toContain('uni-b 1.0 ; python_version < "3.10"');
    expect(r.out).toContain('uni-b 2.0 ; python_version >= "3.10"');
    expect(r.out).toMatch(/uni-c 1\.\d\n/);
    const missing = await verse(["debug", "resolve", "uni-zzz", "--index-url", index.simpleUrl], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("uni-zzz");
  });
});

describe.skipIf(!binaryBuilt())("bad input leaves poetry.lock untouched", () => {
  const withLock = async (deps: string[]): Promise<{ dir: string; text: string }> => {
    const dir = project(["keep-me"]);
    expect((await verse(["lock"], dir)).code).toBe(0);
    const text = readFileSync(join(dir, "poetry.lock"), "utf8");
    const py = readFileSync(join(dir, "pyproject.toml"), "utf8").replace('dependencies = ["keep-me"]', `dependencies = ${JSON.stringify(deps)}`);
    writeFileSync(join(dir, "pyproject.toml"), py);
    return { dir, text };
  };

  test("a package that does not exist: close names suggested", async () => {
    const { dir, text } = await withLock(["uni-cc"]);
    const r = await verse(["lock"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("uni-cc");
    expect(r.err).toContain("did you mean");
    expect(r.err).toContain("'uni-c'");
    expect(r.err).toContain("project.dependencies");
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(text);
  });

  test("an unsatisfiable project explains itself", async () => {
    const { dir, text } = await withLock(["needs-new"]);
    const r = await verse(["lock"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Because");
    expect(r.err).toContain("needs-new");
    expect(r.err).toContain("version solving failed");
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(text);
  });

  test("an index that dies mid-resolution: a network error (exit 4)", async () => {
    const { dir, text } = await withLock(["uni-a"]);
    index.faults = { errors: { count: 1000, status: 503, match: /uni-(b|np|win)/ } };
    try {
      const r = await verse(["lock", "--no-cache"], dir);
      expect(r.code).toBe(4);
      expect(r.err).toContain("503");
    } finally {
      index.faults = {};
    }
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(text);
  });

  test("a git dependency that cannot be fetched gets a clear message; the lock is untouched", async () => {
    const { dir, text } = await withLock(["gitpkg @ git+file:///nonexistent/gitpkg.git"]);
    const r = await verse(["lock"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("gitpkg");
    expect(r.err).toContain("nonexistent/gitpkg.git");
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(text);
  });

  test("a corrupt poetry.lock is reported (exit 3) and left alone; --regenerate replaces it", async () => {
    const { dir } = await withLock(["keep-me"]);
    const corrupt = '[[package]]\nname = "keep-me"\nversion = 1\n';
    writeFileSync(join(dir, "poetry.lock"), corrupt);
    const r = await verse(["lock"], dir);
    expect(r.code).toBe(3);
    expect(r.err).toContain("poetry.lock");
    expect(r.err).toContain("--regenerate");
    expect(readFileSync(join(dir, "poetry.lock"), "utf8")).toBe(corrupt);
    expect((await verse(["lock", "--regenerate"], dir)).code).toBe(0);
    expect(lockOf(dir).packages.map((p) => p.name)).toEqual(["keep-me"]);
  });
});

