/**
 * The PEP 517 builder below the CLI: the embedded hook runner against an in-tree backend
 * (backend-path, config_settings, failures with their output), setuptools sdists built in an
 * isolated environment whose requirements come from the local test index, the built-wheel cache.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IndexClient } from "../../../src/index/index.ts";
import { BuildError } from "../../../src/installer/errors.ts";
import { buildKey, listBuilt, makeWheelBuilder } from "../../../src/installer/build-wheel.ts";
import { DownloadProgress } from "../../../src/installer/progress.ts";
import { directoryHash, earlyKey } from "../../../src/installer/sources.ts";
import { readBuildSystem, LEGACY_BACKEND } from "../../../src/installer/pep517.ts";
import { queryInterpreter, type InterpreterInfo } from "../../../src/python/index.ts";
import { startIndexServer, type IndexServer } from "../../helpers/index-server.ts";
import { backendWheelsAvailable, buildBackendWheels, failingSdist, inTreeBackend, locked, setuptoolsSdist, sha256, writeTree } from "./pep517-fixtures.ts";

const PY38 = "/root/.pyenv/versions/3.8.18/bin/python";
const PY312 = "/root/.pyenv/versions/3.12.1/bin/python";

let root: string;
let index: IndexServer;
const infos = new Map<string, InterpreterInfo>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-pep517-"));
  const wheels = backendWheelsAvailable() ? [buildBackendWheels(join(root, "backends"))] : [];
  index = await startIndexServer({ dirs: wheels });
  for (const py of [PY38, PY312]) if (existsSync(py)) infos.set(py, await queryInterpreter(py));
}, 60_000);

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

function builder(python: string, cache: string, settings: Record<string, Record<string, string>> = {}) {
  const lines: string[] = [];
  const details: string[] = [];
  const client = new IndexClient({ sources: [{ name: "local", url: index.simpleUrl, priority: "primary" }], cacheDir: cache });
  const build = makeWheelBuilder({
    fetch: { cacheRoot: cache, client: () => client, progress: new DownloadProgress(null), concurrency: 4 },
    interp: { python, info: infos.get(python) as InterpreterInfo },
    configSettings: (name) => settings[name] ?? null,
    detail: (t) => details.push(t),
    line: (t) => lines.push(t),
  });
  return { build, lines, details };
}

describe("build-system", () => {
  test("absent pyproject.toml with setup.py: the legacy setuptools backend", () => {
    const dir = writeTree(mkdtempSync(join(root, "bs-")), { "setup.py": "" });
    expect(readBuildSystem(dir, "x")).toEqual({ requires: ["setuptools>=40.8.0"], backend: LEGACY_BACKEND, backendPath: [] });
  });
  test("no [build-system]: the legacy backend; requires without backend: legacy backend, given requires", () => {
    const a = writeTree(mkdtempSync(join(root, "bs-")), { "pyproject.toml": "[project]\nname = 'a'\n" });
    expect(readBuildSystem(a, "a").backend).toBe(LEGACY_BACKEND);
    const b = writeTree(mkdtempSync(join(root, "bs-")), { "pyproject.toml": "[build-system]\nrequires = ['flit_core']\n" });
    expect(readBuildSystem(b, "b")).toEqual({ requires: ["flit_core"], backend: LEGACY_BACKEND, backendPath: [] });
  });
  test("bad tables are BuildErrors naming the package", () => {
    const c = writeTree(mkdtempSync(join(root, "bs-")), { "pyproject.toml": "[build-system]\nbuild-backend = 'x'\n" });
    expect(() => readBuildSystem(c, "c (1.0)")).toThrow(BuildError);
    const d = writeTree(mkdtempSync(join(root, "bs-")), { "pyproject.toml": "[build-system]\nrequires = 'setuptools'\n" });
    expect(() => readBuildSystem(d, "d (1.0)")).toThrow(/d \(1\.0\).*requires/);
    const e = mkdtempSync(join(root, "bs-"));
    expect(() => readBuildSystem(e, "e (1.0)")).toThrow(/neither pyproject\.toml nor setup\.py/);
  });
});

describe("keys", () => {
  test("a directory's hash ignores build output and changes with the sources", () => {
    const dir = writeTree(mkdtempSync(join(root, "h-")), { "a/__init__.py": "x = 1\n", "pyproject.toml": "" });
    const h1 = directoryHash(dir);
    writeTree(dir, { "build/lib/a.py": "junk", "a.egg-info/PKG-INFO": "junk", "a/__pycache__/x.pyc": "junk" });
    expect(directoryHash(dir)).toBe(h1);
    writeTree(dir, { "a/__init__.py": "x = 2\n" });
    expect(directoryHash(dir)).not.toBe(h1);
  });
  test("early keys: sdist sha256 and locked git commits; branches need a fetch", () => {
    const file = { file: "a-1.tar.gz", hash: `sha256:${"a".repeat(64)}` };
    expect(earlyKey({ kind: "sdist", file, sha256: "a".repeat(64) })).toBe(`sdist:${"a".repeat(64)}`);
    expect(earlyKey({ kind: "vcs", vcs: "git", url: "u", rev: "b".repeat(40), subdirectory: "sub" })).toBe(`git:${"b".repeat(40)}:sub`);
    expect(earlyKey({ kind: "vcs", vcs: "git", url: "u", rev: "main", subdirectory: null })).toBeNull();
    expect(earlyKey({ kind: "directory", path: "/x", develop: false })).toBeNull();
  });
  test("the build key depends on the interpreter and the config settings", () => {
    const info = infos.get(PY38) ?? infos.get(PY312);
    if (info === undefined) return;
    const interp = { python: "p", info };
    const other = { python: "p", info: { ...info, version_info: [3, 99, 0, "final", 0] as typeof info.version_info } };
    expect(buildKey("k", interp, null, null)).toBe(buildKey("k", interp, null, null));
    expect(buildKey("k", interp, null, null)).not.toBe(buildKey("k", other, null, null));
    expect(buildKey("k", interp, { a: "1" }, null)).not.toBe(buildKey("k", interp, null, null));
    expect(buildKey("k", interp, null, "/src")).not.toBe(buildKey("k", interp, null, null));
  });
});

const withPython = (py: string) => (existsSync(py) ? describe : describe.skip);

withPython(PY38)("in-tree backend through the hook runner (Python 3.8)", () => {
  test("backend-path, config settings reach build_wheel; the wheel is cached by content", async () => {
    const cache = join(root, "cache-intree");
    const dir = writeTree(mkdtempSync(join(root, "it-")), inTreeBackend("inner", "2.0"));
    const { build, lines } = builder(PY38, cache, { inner: { "--global-option": "x", mode: "fast" } });
    const req = { name: "inner", version: "2.0", artifact: { kind: "directory", path: dir, develop: false } as const };
    const w = await build(req);
    expect(w.filename).toBe("inner-2.0-py3-none-any.whl");
    expect(readFileSync(join(w.wheelDir, "inner", "__init__.py"), "utf8")).toContain("'mode': 'fast'");
    expect(lines.filter((l) => l.includes("Building inner"))).toHaveLength(1);
    await build(req);
    expect(lines.filter((l) => l.includes("Building inner"))).toHaveLength(1);
    expect(listBuilt(cache)).toHaveLength(1);
    // the hook runner leaves nothing in the source tree
    expect(readdirSync(dir).sort()).toEqual(["_build", "meta.json", "pyproject.toml", "src"]);
  });
  test("build_editable for a develop directory", async () => {
    const dir = writeTree(mkdtempSync(join(root, "it-")), inTreeBackend("edit-me", "0.3"));
    const { build } = builder(PY38, join(root, "cache-edit"));
    const w = await build({ name: "edit-me", version: "0.3", artifact: { kind: "directory", path: dir, develop: true } });
    expect(readFileSync(join(w.wheelDir, "_edit_me_editable.pth"), "utf8").trim()).toBe(join(dir, "src"));
  });
  test("a failing backend: BuildError naming the package, the last 50 lines and the backend's error", async () => {
    const dir = writeTree(mkdtempSync(join(root, "it-")), inTreeBackend("broken", "1.0", { fail: true }));
    const { build } = builder(PY38, join(root, "cache-fail"));
    let err: unknown = null;
    try {
      await build({ name: "broken", version: "1.0", artifact: { kind: "directory", path: dir, develop: false } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BuildError);
    const msg = (err as BuildError).message;
    expect(msg).toContain("Building broken (1.0) failed");
    expect(msg).toContain("log line 79");
    expect(msg).toContain("log line 30");
    expect(msg).not.toContain("log line 29\n");
    expect(msg).toContain("RuntimeError: the compiler exploded");
    expect(listBuilt(join(root, "cache-fail"))).toHaveLength(0);
  });
});

for (const py of [PY38, PY312]) {
  const minor = /versions\/(\d+\.\d+)/.exec(py)?.[1];
  (existsSync(py) && backendWheelsAvailable() ? describe : describe.skip)(`setuptools sdist (Python ${minor})`, () => {
    test("built in an isolated environment with setuptools + wheel from the index; cached by sha256", async () => {
      const sd = setuptoolsSdist("sdonly", "1.2");
      index.addDist(sd);
      const sha = sha256(sd.bytes);
      const cache = join(root, `cache-st-${minor}`);
      const { build, lines } = builder(py, cache);
      const pkg = locked({ name: "sdonly", version: "1.2", files: [{ file: sd.filename, hash: `sha256:${sha}` }], source: { type: "legacy", url: index.simpleUrl, reference: "local", resolvedReference: null, subdirectory: null } });
      const artifact = { kind: "sdist", file: pkg.files[0]!, sha256: sha } as const;
      const w = await build({ name: "sdonly", version: "1.2", artifact, pkg });
      expect(w.filename).toBe("sdonly-1.2-py3-none-any.whl");
      expect(readFileSync(join(w.wheelDir, "sdonly", "__init__.py"), "utf8")).toContain("sdonly 1.2 built");
      const fetched = index.requests.filter((r) => r.path.includes("/files/")).length;
      const again = await builder(py, cache).build({ name: "sdonly", version: "1.2", artifact, pkg });
      expect(again.wheelDir).toBe(w.wheelDir);
      expect(index.requests.filter((r) => r.path.includes("/files/")).length).toBe(fetched); // no download, no build
      expect(lines.filter((l) => l.includes("Building"))).toHaveLength(1);
    }, 120_000);
    test("a failing setup.py shows its output", async () => {
      const sd = failingSdist("badbuild", "0.1");
      index.addDist(sd);
      const sha = sha256(sd.bytes);
      const pkg = locked({ name: "badbuild", version: "0.1", files: [{ file: sd.filename, hash: `sha256:${sha}` }], source: { type: "legacy", url: index.simpleUrl, reference: "local", resolvedReference: null, subdirectory: null } });
      const { build } = builder(py, join(root, `cache-bad-${minor}`));
      const p = build({ name: "badbuild", version: "0.1", artifact: { kind: "sdist", file: pkg.files[0]!, sha256: sha }, pkg });
      await expect(p).rejects.toThrow(/Building badbuild \(0\.1\) failed[\s\S]*compiling step 69[\s\S]*cc-does-not-exist/);
    }, 120_000);
  });
}

test("scratch directories are cleaned up", () => {
  for (const c of readdirSync(root).filter((d) => d.startsWith("cache-"))) {
    const tmp = join(root, c, "tmp");
    if (existsSync(tmp)) expect(readdirSync(tmp).filter((d) => d.startsWith("build-"))).toEqual([]);
  }
});
