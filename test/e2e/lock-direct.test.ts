/**
 * `verse lock` with dependencies from outside the indexes, written as Poetry writes them:
 *  - git (a repository made in the test): branch, tag, rev and subdirectory, resolved_reference =
 *    the commit, `files = []`, `develop = false`;
 *  - a url archive (served by the test), a local wheel and a local sdist: `files` with the hash;
 *  - a directory with another build backend (in-tree, PEP 517), and a setup.py project when the
 *    setuptools wheel is on this machine.
 * Their metadata comes from the wheel they are or build into; their dependencies are resolved
 * from the index. The lock then installs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeTarGz, makeWheel } from "../helpers/make-wheel.ts";
import { backendWheelsAvailable, buildBackendWheels, setuptoolsTree } from "../unit/installer/pep517-fixtures.ts";
import { parseLock } from "../../src/lock/index.ts";

const PYTHON = ["/root/.pyenv/versions/3.11.7/bin/python", "/root/.pyenv/versions/3.12.1/bin/python"].find((p) => existsSync(p));

/** A PEP 517 backend in the tree (no build requirements): name, version and deps from meta.json. */
const BACKEND = `
import base64, hashlib, json, os, zipfile

def _meta():
    with open("meta.json") as f:
        return json.load(f)

def get_requires_for_build_wheel(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    m = _meta()
    name, version = m["name"], m["version"]
    mod = name.replace("-", "_")
    dist = "%s-%s.dist-info" % (mod, version)
    meta = "Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\n" % (name, version)
    if m.get("summary"):
        meta += "Summary: %s\\n" % m["summary"]
    for d in m.get("deps", []):
        meta += "Requires-Dist: %s\\n" % d
    files = {"%s/__init__.py" % mod: "VALUE = %r\\n" % (name + " " + version), "%s/METADATA" % dist: meta,
             "%s/WHEEL" % dist: "Wheel-Version: 1.0\\nGenerator: in-tree\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(text.encode())))
    record.append("%s/RECORD,," % dist)
    files["%s/RECORD" % dist] = "\\n".join(record) + "\\n"
    filename = "%s-%s-py3-none-any.whl" % (mod, version)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as z:
        for path, text in files.items():
            z.writestr(path, text)
    return filename
`;

function tree(name: string, version: string, deps: string[] = [], summary = ""): Record<string, string> {
  return {
    "pyproject.toml": `[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_build"]\n`,
    "meta.json": JSON.stringify({ name, version, deps, summary }),
    "_build/backend.py": BACKEND,
  };
}

function writeTree(dir: string, files: Record<string, string>): string {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

let root: string;
let index: IndexServer;
let env: Record<string, string>;
let server: ReturnType<typeof Bun.serve>;
let repo: string;
const commits: Record<string, string> = {};
const served = makeWheel({ name: "urlpkg", version: "2.1", deps: ["dep-x>=1"] });
let sdistBytes: Uint8Array;
let wheelFile: ReturnType<typeof makeWheel>;

async function run(argv: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(argv, { cwd, env: { ...env, ...extra }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}
const verse = (args: string[], cwd: string) => run([VERSE_BIN, ...args], cwd);

async function git(dir: string, ...args: string[]): Promise<string> {
  const r = await run(["git", ...args], dir, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" });
  if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.err}`);
  return r.out.trim();
}

function project(deps: string, name = "app"): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[tool.poetry]\nname = "${name}"\nversion = "0.1.0"\ndescription = ""\nauthors = []\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.8"\n${deps}\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
  );
  return dir;
}

const lockText = (dir: string) => readFileSync(join(dir, "poetry.lock"), "utf8");
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** The [[package]] block of `name` in the lock text. */
function block(text: string, name: string): string {
  const parts = text.split("\n[[package]]\n");
  const found = parts.find((p) => p.startsWith(`name = "${name}"\n`));
  if (found === undefined) throw new Error(`${name} is not in the lock:\n${text}`);
  return found.split("\n[metadata]")[0]!.trimEnd();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-lock-direct-"));
  index = await startIndexServer({ dirs: backendWheelsAvailable() ? [buildBackendWheels(join(root, "backends"))] : [] });
  index.addDist(makeWheel({ name: "dep-x", version: "1.0" }));
  index.addDist(makeWheel({ name: "dep-x", version: "1.2" }));
  env = cleanEnv(join(root, "home"), {
    NO_PROXY: "*",
    VERSE_CACHE_DIR: join(root, "cache"),
    POETRY_VIRTUALENVS_IN_PROJECT: "true",
    ...(PYTHON ? { PATH: `${join(PYTHON, "..")}:${process.env.PATH}` } : {}),
  });
  // a repository: v1 tagged, then a `feature` branch, then main moves on; a package in sub/
  repo = join(root, "repo");
  mkdirSync(repo);
  await git(repo, "init", "--quiet", "-b", "main");
  writeTree(repo, tree("gitpkg", "0.1.0", ["dep-x>=1"], "From git"));
  await git(repo, "add", "-A");
  await git(repo, "commit", "--quiet", "-m", "one");
  await git(repo, "tag", "v1");
  commits.v1 = await git(repo, "rev-parse", "HEAD");
  await git(repo, "checkout", "--quiet", "-b", "feature");
  writeTree(repo, tree("gitpkg", "0.2.0"));
  await git(repo, "commit", "--quiet", "-am", "feature");
  commits.feature = await git(repo, "rev-parse", "HEAD");
  await git(repo, "checkout", "--quiet", "main");
  writeTree(repo, tree("gitpkg", "0.3.0", ["dep-x<1.1"]));
  writeTree(join(repo, "sub"), tree("subpkg", "1.5"));
  await git(repo, "add", "-A");
  await git(repo, "commit", "--quiet", "-m", "three");
  commits.main = await git(repo, "rev-parse", "HEAD");
  // a served wheel, a local wheel and a local sdist
  server = Bun.serve({ port: 0, fetch: (req) => (new URL(req.url).pathname === `/files/${served.filename}` ? new Response(served.bytes) : new Response("no", { status: 404 })) });
  wheelFile = makeWheel({ name: "localwheel", version: "3.0", deps: ["dep-x"] });
  writeFileSync(join(root, wheelFile.filename), wheelFile.bytes);
  const enc = new TextEncoder();
  sdistBytes = makeTarGz(Object.entries(tree("localsdist", "0.9", ["dep-x==1.0"])).map(([p, t]) => [`localsdist-0.9/${p}`, enc.encode(t)] as [string, Uint8Array]));
  writeFileSync(join(root, "localsdist-0.9.tar.gz"), sdistBytes);
});

afterAll(async () => {
  await index?.stop();
  server?.stop(true);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt() || PYTHON === undefined)("lock: git, url, file and directory dependencies", () => {
  test("git tag: resolved_reference is the tag's commit; the lock is Poetry's text and installs", async () => {
    const dir = project(`gitpkg = { git = "${repo}", tag = "v1" }`);
    const r = await verse(["lock"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const text = lockText(dir);
    expect(block(text, "gitpkg")).toBe(
      [
        'name = "gitpkg"',
        'version = "0.1.0"',
        'description = "From git"',
        "optional = false",
        'python-versions = "*"',
        'groups = ["main"]',
        "files = []",
        "develop = false",
        "",
        "[package.dependencies]",
        'dep-x = ">=1"',
        "",
        "[package.source]",
        'type = "git"',
        `url = "${repo}"`,
        'reference = "v1"',
        `resolved_reference = "${commits.v1}"`,
      ].join("\n"),
    );
    expect(parseLock(text).packages.find((p) => p.name === "dep-x")?.version).toBe("1.2");
    expect((await verse(["lock"], dir)).out).toContain("already up to date");
    const inst = await verse(["install"], dir);
    expect(inst.code, inst.err).toBe(0);
    expect(inst.out).toContain("Installing gitpkg (0.1.0");
  }, 60_000);

  test("git branch, rev, default HEAD and subdirectory", async () => {
    const branch = project(`gitpkg = { git = "${repo}", branch = "feature" }`);
    expect((await verse(["lock"], branch)).code).toBe(0);
    const b = parseLock(lockText(branch)).packages.find((p) => p.name === "gitpkg")!;
    expect([b.version, b.source?.reference, b.source?.resolvedReference]).toEqual(["0.2.0", "feature", commits.feature]);

    const rev = project(`gitpkg = { git = "${repo}", rev = "${commits.feature!.slice(0, 10)}" }`);
    expect((await verse(["lock"], rev)).code).toBe(0);
    const rv = parseLock(lockText(rev)).packages.find((p) => p.name === "gitpkg")!;
    expect([rv.version, rv.source?.reference, rv.source?.resolvedReference]).toEqual(["0.2.0", commits.feature!.slice(0, 10), commits.feature]);

    const head = project(`gitpkg = { git = "${repo}" }`);
    expect((await verse(["lock"], head)).code).toBe(0);
    const hd = parseLock(lockText(head)).packages;
    expect(hd.find((p) => p.name === "gitpkg")?.source?.reference).toBe("HEAD");
    expect(hd.find((p) => p.name === "gitpkg")?.source?.resolvedReference).toBe(commits.main);
    expect(hd.find((p) => p.name === "dep-x")?.version).toBe("1.0");

    const sub = project(`subpkg = { git = "${repo}", subdirectory = "sub" }`);
    const r = await verse(["lock"], sub);
    expect(r.err).toBe("");
    expect(block(lockText(sub), "subpkg")).toEndWith(`[package.source]\ntype = "git"\nurl = "${repo}"\nreference = "HEAD"\nresolved_reference = "${commits.main}"\nsubdirectory = "sub"`);
  }, 60_000);

  test("a git reference that does not exist is a clear error and writes nothing", async () => {
    const dir = project(`gitpkg = { git = "${repo}", branch = "nope" }`);
    const r = await verse(["lock"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("nope");
    expect(existsSync(join(dir, "poetry.lock"))).toBe(false);
  });

  test("url archive: files with its hash, source type url", async () => {
    const url = `http://127.0.0.1:${server.port}/files/${served.filename}`;
    const dir = project(`urlpkg = { url = "${url}" }`);
    const r = await verse(["lock"], dir);
    expect(r.err).toBe("");
    expect(block(lockText(dir), "urlpkg")).toBe(
      [
        'name = "urlpkg"',
        'version = "2.1"',
        'description = "The urlpkg test package"',
        "optional = false",
        'python-versions = "*"',
        'groups = ["main"]',
        "files = [",
        `    {file = "${served.filename}", hash = "sha256:${sha(served.bytes)}"},`,
        "]",
        "",
        "[package.dependencies]",
        'dep-x = ">=1"',
        "",
        "[package.source]",
        'type = "url"',
        `url = "${url}"`,
      ].join("\n"),
    );
  });

  test("local wheel and sdist files: files with the hash, source type file, relative url", async () => {
    const dir = project(`localwheel = { path = "../${wheelFile.filename}" }\nlocalsdist = { path = "../localsdist-0.9.tar.gz" }`);
    const r = await verse(["lock"], dir);
    expect(r.err).toBe("");
    const text = lockText(dir);
    expect(block(text, "localwheel")).toEndWith(
      `files = [\n    {file = "${wheelFile.filename}", hash = "sha256:${sha(wheelFile.bytes)}"},\n]\n\n[package.dependencies]\ndep-x = "*"\n\n[package.source]\ntype = "file"\nurl = "../${wheelFile.filename}"`,
    );
    expect(block(text, "localsdist")).toEndWith(
      `files = [\n    {file = "localsdist-0.9.tar.gz", hash = "sha256:${sha(sdistBytes)}"},\n]\n\n[package.dependencies]\ndep-x = "1.0"\n\n[package.source]\ntype = "file"\nurl = "../localsdist-0.9.tar.gz"`,
    );
    expect(parseLock(text).packages.find((p) => p.name === "dep-x")?.version).toBe("1.0");
    const inst = await verse(["install"], dir);
    expect(inst.code, inst.err).toBe(0);
  }, 60_000);

  test("a directory with another PEP 517 backend is built for its metadata", async () => {
    writeTree(join(root, "libs", "treepkg"), tree("treepkg", "4.0", ["dep-x>=1.1"]));
    const dir = project(`treepkg = { path = "../libs/treepkg", develop = true }`);
    const r = await verse(["lock"], dir);
    expect(r.err).toBe("");
    expect(block(lockText(dir), "treepkg")).toBe(
      [
        'name = "treepkg"',
        'version = "4.0"',
        'description = ""',
        "optional = false",
        'python-versions = "*"',
        'groups = ["main"]',
        "files = []",
        "develop = true",
        "",
        "[package.dependencies]",
        'dep-x = ">=1.1"',
        "",
        "[package.source]",
        'type = "directory"',
        'url = "../libs/treepkg"',
      ].join("\n"),
    );
  }, 60_000);

  test.skipIf(!backendWheelsAvailable())("a setup.py / setup.cfg directory (setuptools from the index)", async () => {
    writeTree(join(root, "libs", "stpkg"), { ...setuptoolsTree("stpkg", "1.3"), "setup.py": "from setuptools import setup\nsetup(install_requires=['dep-x<1.2'])\n" });
    const dir = project(`stpkg = { path = "../libs/stpkg" }`);
    const r = await verse(["lock"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const pkgs = parseLock(lockText(dir)).packages;
    const st = pkgs.find((p) => p.name === "stpkg")!;
    expect([st.version, st.source?.type, st.source?.url, st.develop]).toEqual(["1.3", "directory", "../libs/stpkg", false]);
    expect(pkgs.find((p) => p.name === "dep-x")?.version).toBe("1.0");
  }, 120_000);

  test("a dependency whose metadata names another package is an error", async () => {
    writeTree(join(root, "libs", "misnamed"), tree("othername", "1.0"));
    const dir = project(`misnamed = { path = "../libs/misnamed" }`);
    const r = await verse(["lock"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("othername");
  }, 60_000);
});
