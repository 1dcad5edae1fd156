/**
 * `verse install` of packages that are not wheels, end to end (the compiled binary, the test
 * index in this process, real Pythons, no network):
 *  - an sdist-only dependency built through setuptools (setuptools + wheel served by the test
 *    index from this machine's wheels) installs and imports, on Python 3.8 and 3.12;
 *  - a poetry-core backend sdist (poetry-core zipped from Debian's python3-poetry-core);
 *  - a git dependency (a repository made here, locked at a tag, in a subdirectory);
 *  - a path dependency (a directory), and a develop path dependency (PEP 660 build_editable);
 *  - the root project of a non-Poetry backend installed editable through build_editable;
 *  - a second install in a fresh environment reuses the cached built wheels (no build);
 *  - a failing sdist build shows its output and leaves the environment as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LockedPackage } from "../../src/lock/index.ts";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import {
  backendWheelsAvailable,
  buildBackendWheels,
  failingSdist,
  inTreeBackend,
  locked,
  poetryCoreAvailable,
  poetrySdist,
  setuptoolsSdist,
  setuptoolsTree,
  sha256,
  writeLockedProject,
  writeTree,
} from "../unit/installer/pep517-fixtures.ts";

const PYTHONS = ["3.8.18", "3.12.1"].map((v) => `/root/.pyenv/versions/${v}/bin/python`).filter((p) => existsSync(p));

let root: string;
let index: IndexServer;
let env: Record<string, string>;
let gitRepo: string;
let tagCommit: string;
let pathDep: string;
let editableDep: string;
const fromIndex: LockedPackage[] = [];
let bad: LockedPackage;
let urlDep: LockedPackage;

async function run(argv: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(argv, { cwd, env: { ...env, ...extra }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

const verse = (args: string[], cwd: string) => run([VERSE_BIN, ...args], cwd);

async function gitIn(dir: string, ...args: string[]): Promise<string> {
  const r = await run(["git", ...args], dir, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" });
  if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.err}`);
  return r.out.trim();
}

function indexPackage(name: string, version: string, bytes: Uint8Array, filename: string): LockedPackage {
  return locked({ name, version, files: [{ file: filename, hash: `sha256:${sha256(bytes)}` }], source: { type: "legacy", url: index.simpleUrl, reference: "local", resolvedReference: null, subdirectory: null } });
}

function allPackages(): LockedPackage[] {
  return [
    ...fromIndex,
    urlDep,
    locked({ name: "gitdep", version: "1.0", source: { type: "git", url: gitRepo, reference: "v1.0", resolvedReference: tagCommit, subdirectory: "pkgs/gitdep" }, develop: false }),
    locked({ name: "pathdep", version: "0.1", source: { type: "directory", url: pathDep, reference: null, resolvedReference: null, subdirectory: null }, develop: false }),
    locked({ name: "editdep", version: "0.3", source: { type: "directory", url: editableDep, reference: null, resolvedReference: null, subdirectory: null }, develop: true }),
  ];
}

function newProject(python: string, packages: LockedPackage[], extra?: string): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeLockedProject(dir, packages, { simpleUrl: index.simpleUrl, extra });
  writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
  return dir;
}

function sitePackages(venv: string): string {
  const lib = join(venv, "lib");
  return join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-sdist-e2e-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { VERSE_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
  index = await startIndexServer({ dirs: backendWheelsAvailable() ? [buildBackendWheels(join(root, "backends"))] : [] });
  const sd = setuptoolsSdist("sdonly", "1.2");
  index.addDist(sd);
  fromIndex.push(indexPackage("sdonly", "1.2", sd.bytes, sd.filename));
  if (poetryCoreAvailable()) {
    const pd = poetrySdist("poetic", "0.5");
    index.addDist(pd);
    fromIndex.push(indexPackage("poetic", "0.5", pd.bytes, pd.filename));
  }
  const ud = setuptoolsSdist("urldep", "4.0");
  index.addDist(ud);
  urlDep = locked({ name: "urldep", version: "4.0", files: [{ file: ud.filename, hash: `sha256:${sha256(ud.bytes)}` }], source: { type: "url", url: `${index.url}/files/${ud.filename}`, reference: null, resolvedReference: null, subdirectory: null } });
  const fd = failingSdist("badbuild", "0.1");
  index.addDist(fd);
  bad = indexPackage("badbuild", "0.1", fd.bytes, fd.filename);
  // a git repository: the package lives in pkgs/gitdep; v1.0 is tagged, then main moves on
  gitRepo = join(root, "repo");
  writeTree(gitRepo, { "README": "monorepo\n" });
  writeTree(join(gitRepo, "pkgs", "gitdep"), setuptoolsTree("gitdep", "1.0"));
  await gitIn(gitRepo, "init", "-q", "-b", "main");
  await gitIn(gitRepo, "add", "-A");
  await gitIn(gitRepo, "commit", "-q", "-m", "v1");
  await gitIn(gitRepo, "tag", "v1.0");
  tagCommit = await gitIn(gitRepo, "rev-parse", "HEAD");
  writeTree(join(gitRepo, "pkgs", "gitdep"), { "gitdep/__init__.py": 'VALUE = "moved on"\n' });
  await gitIn(gitRepo, "commit", "-q", "-am", "later");
  pathDep = writeTree(join(root, "pathdep"), setuptoolsTree("pathdep", "0.1"));
  editableDep = writeTree(join(root, "editdep"), inTreeBackend("editdep", "0.3"));
}, 60_000);

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

const maybe = binaryBuilt() && backendWheelsAvailable() ? describe : describe.skip;

maybe("sdists, git and path dependencies through PEP 517", () => {
  for (const python of PYTHONS) {
    const minor = /versions\/(\d+\.\d+)/.exec(python)![1];
    test(`Python ${minor}: install, import, then a fresh environment reuses the built wheels`, async () => {
      const dir = newProject(python, allPackages());
      expect((await verse(["env", "use", python], dir)).code).toBe(0);
      const r = await verse(["install"], dir);
      expect(r.code, r.err + r.out).toBe(0);
      expect(r.out).toContain("Building sdonly (1.2)");
      expect(r.out).toContain("Building gitdep (1.0)");
      const py = join(dir, ".venv", "bin", "python");
      const names = ["sdonly", "urldep", "gitdep", "pathdep", ...(poetryCoreAvailable() ? ["poetic"] : [])];
      const imp = await run([py, "-c", `import ${names.join(", ")}; print(${names.map((n) => `${n}.VALUE`).join(", ")})`], dir);
      expect(imp.err).toBe("");
      expect(imp.out).toContain("sdonly 1.2 built");
      expect(imp.out).toContain("gitdep 1.0 built"); // the tag, not main's later commit
      expect(imp.out).toContain("pathdep 0.1 built");
      expect(imp.out).toContain("urldep 4.0 built");
      if (poetryCoreAvailable()) expect(imp.out).toContain("poetic 0.5 built by poetry-core");
      // the develop path dependency is editable: its src/ is on sys.path through a .pth
      expect((await run([py, "-c", "import editdep; print(editdep.EDITABLE, editdep.__file__)"], dir)).out).toContain(join(editableDep, "src", "editdep"));
      // build environments never touch the project's environment
      expect(readdirSync(sitePackages(join(dir, ".venv"))).filter((d) => /^(setuptools|wheel|poetry)/.test(d))).toEqual([]);
      // no-op
      expect((await verse(["install"], dir)).out).toContain("No dependencies to install or update");

      const fresh = newProject(python, allPackages());
      expect((await verse(["env", "use", python], fresh)).code).toBe(0);
      const before = index.requests.filter((q) => q.path.includes("/files/")).length;
      const r2 = await verse(["install"], fresh);
      expect(r2.code, r2.err + r2.out).toBe(0);
      expect(r2.out).not.toContain("Building");
      expect(index.requests.filter((q) => q.path.includes("/files/")).length).toBe(before);
      expect((await run([join(fresh, ".venv", "bin", "python"), "-c", "import sdonly, urldep, gitdep, pathdep, editdep; print('ok')"], fresh)).out.trim()).toBe("ok");
    }, 300_000);
  }

  test("a failing sdist build shows its output and leaves the environment as it was", async () => {
    const python = PYTHONS[0]!;
    const dir = newProject(python, fromIndex.slice(0, 1));
    expect((await verse(["env", "use", python], dir)).code).toBe(0);
    expect((await verse(["install"], dir)).code).toBe(0);
    const site = sitePackages(join(dir, ".venv"));
    const before = readdirSync(site).sort();
    writeLockedProject(dir, [...fromIndex.slice(0, 1), bad], { simpleUrl: index.simpleUrl });
    const r = await verse(["install"], dir);
    expect(r.code).toBe(1);
    const text = r.out + r.err;
    expect(text).toContain("Building badbuild (0.1) failed");
    expect(text).toContain("compiling step 69");
    expect(text).toContain("cc-does-not-exist");
    expect(text).not.toContain("    at "); // no stack trace
    expect(readdirSync(site).sort()).toEqual(before);
    expect((await run([join(dir, ".venv", "bin", "python"), "-c", "import sdonly; print('ok')"], dir)).out.trim()).toBe("ok");
  }, 180_000);

  test("installer.no-binary builds the sdist, only-binary refuses to, build-config-settings reach the backend", async () => {
    const python = PYTHONS[0]!;
    const wheel = makeWheel({ name: "both", version: "3.0", files: { "both/__init__.py": 'VALUE = "from the wheel"\n' } });
    const sd = setuptoolsSdist("both", "3.0", { "both/__init__.py": 'VALUE = "both 3.0 built"\n' });
    index.addDist(wheel);
    index.addDist(sd);
    const both = locked({ name: "both", version: "3.0", files: [{ file: wheel.filename, hash: `sha256:${sha256(wheel.bytes)}` }, { file: sd.filename, hash: `sha256:${sha256(sd.bytes)}` }], source: { type: "legacy", url: index.simpleUrl, reference: "local", resolvedReference: null, subdirectory: null } });
    const cfgDir = writeTree(join(root, "cfgdep"), inTreeBackend("cfgdep", "1.0"));
    const cfg = locked({ name: "cfgdep", version: "1.0", source: { type: "directory", url: cfgDir, reference: null, resolvedReference: null, subdirectory: null }, develop: false });
    const dir = newProject(python, [both, cfg]);
    writeFileSync(join(dir, "poetry.toml"), '[virtualenvs]\nin-project = true\n\n[installer]\nno-binary = "both"\n\n[installer.build-config-settings.cfgdep]\nmode = "fast"\n');
    expect((await verse(["env", "use", python], dir)).code).toBe(0);
    const r = await verse(["install"], dir);
    expect(r.code, r.err + r.out).toBe(0);
    const py = join(dir, ".venv", "bin", "python");
    const out = (await run([py, "-c", "import both, cfgdep; print(both.VALUE); print(cfgdep.SETTINGS)"], dir)).out;
    expect(out).toContain("both 3.0 built");
    expect(out).toContain("{'mode': 'fast'}");

    const strict = newProject(python, [fromIndex[0]!]);
    writeFileSync(join(strict, "poetry.toml"), '[virtualenvs]\nin-project = true\n\n[installer]\nonly-binary = ":all:"\n');
    expect((await verse(["env", "use", python], strict)).code).toBe(0);
    const s = await verse(["install"], strict);
    expect(s.code).not.toBe(0);
    expect(s.out + s.err).toContain("Cannot install sdonly (1.2)");
    expect(s.out + s.err).toContain("only-binary");
  }, 120_000);

  test("the root project of a non-Poetry backend is installed editable through build_editable", async () => {
    const python = PYTHONS[0]!;
    const dir = mkdtempSync(join(root, "root-"));
    writeTree(dir, inTreeBackend("rooted", "0.9"));
    writeFileSync(join(dir, "pyproject.toml"), `[project]\nname = "rooted"\nversion = "0.9"\nrequires-python = ">=3.8"\ndependencies = []\n\n[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_build"]\n`);
    writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
    expect((await verse(["env", "use", python], dir)).code).toBe(0);
    const lock = await verse(["lock"], dir);
    expect(lock.code, lock.err).toBe(0);
    const r = await verse(["install"], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain("Installing the current project: rooted (0.9)");
    const imp = await run([join(dir, ".venv", "bin", "python"), "-c", "import rooted; print(rooted.__file__)"], dir);
    expect(imp.out.trim()).toBe(join(dir, "src", "rooted", "__init__.py"));
    // made by the backend's build_editable (its own .pth name), recorded as editable (PEP 610)
    const site = sitePackages(join(dir, ".venv"));
    expect(existsSync(join(site, "_rooted_editable.pth"))).toBe(true);
    expect(readFileSync(join(site, "rooted-0.9.dist-info", "direct_url.json"), "utf8")).toContain('"editable":true');
    expect(existsSync(join(site, "rooted-0.9.dist-info", "REQUESTED"))).toBe(true);
  }, 120_000);

  test("a setuptools root project is installed editable through setuptools' build_editable", async () => {
    const python = PYTHONS[PYTHONS.length - 1]!;
    const dir = mkdtempSync(join(root, "root-st-"));
    writeTree(dir, setuptoolsTree("stroot", "2.0"));
    writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
    writeFileSync(join(dir, "pyproject.toml"), `[project]\nname = "stroot"\nversion = "2.0"\nrequires-python = ">=3.8"\ndependencies = []\n\n[tool.setuptools]\npackages = ["stroot"]\n\n[[tool.poetry.source]]\nname = "local"\nurl = "${index.simpleUrl}"\npriority = "primary"\n\n[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n`);
    rmSync(join(dir, "setup.cfg"));
    expect((await verse(["env", "use", python], dir)).code).toBe(0);
    expect((await verse(["lock"], dir)).code).toBe(0);
    const r = await verse(["install"], dir);
    expect(r.code, r.err + r.out).toBe(0);
    writeTree(dir, { "stroot/__init__.py": 'VALUE = "edited in place"\n' });
    const imp = await run([join(dir, ".venv", "bin", "python"), "-c", "import stroot; print(stroot.VALUE)"], dir);
    expect(imp.out.trim(), imp.err).toBe("edited in place");
  }, 120_000);
});
