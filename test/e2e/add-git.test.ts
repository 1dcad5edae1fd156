/**
 * `verse add` of git dependencies, end to end: the compiled binary from an empty directory
 * (`verse new`), a git repository made here (a package at the root, tagged v1.0, a branch, a
 * later commit on main, and a second package in a subdirectory), build requirements (setuptools,
 * wheel) from the test index in this process, no network.
 *  - git+file:// with @tag, @branch, @rev (a full sha) and #subdirectory=;
 *  - written as Poetry 2 writes them: a PEP 508 direct reference in [project].dependencies
 *    (`name @ git+file:///repo@v1.0#subdirectory=sub`), a `{ git = ..., rev = ..., subdirectory = ... }`
 *    table in [tool.poetry.dependencies] (Poetry's `add` keeps what follows "@" as `rev`);
 *  - the lock's git source (type, url, reference, resolved_reference = the full commit, subdirectory);
 *  - `verse run python -c "import ..."` sees the tagged, branch or pinned code.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLock } from "../../src/lock/index.ts";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { backendWheelsAvailable, buildBackendWheels, setuptoolsTree, writeTree } from "../unit/installer/pep517-fixtures.ts";

let root: string;
let index: IndexServer;
let env: Record<string, string>;
/** The repository: its directory is named for the package at its root (the name verse reads from a URL). */
let repo: string;
let tagCommit: string;
let branchCommit: string;
let firstCommit: string;
let mainCommit: string;

async function run(argv: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(argv, { cwd, env: { ...env, ...extra }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

const verse = (args: string[], cwd: string) => run([VERSE_BIN, ...args], cwd);

async function git(...args: string[]): Promise<string> {
  const r = await run(["git", ...args], repo, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" });
  if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.err}`);
  return r.out.trim();
}

const value = (text: string) => ({ "gitpkg/__init__.py": `VALUE = "${text}"\n` });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-add-git-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
  index = await startIndexServer({ dirs: backendWheelsAvailable() ? [buildBackendWheels(join(root, "backends"))] : [] });
  repo = join(root, "gitpkg");
  writeTree(repo, setuptoolsTree("gitpkg", "1.0", value("first")));
  writeTree(join(repo, "pkgs", "subpkg"), setuptoolsTree("subpkg", "0.5"));
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "first");
  firstCommit = await git("rev-parse", "HEAD");
  writeTree(repo, value("tagged"));
  await git("commit", "-q", "-am", "release");
  await git("tag", "v1.0");
  tagCommit = await git("rev-parse", "HEAD");
  await git("checkout", "-q", "-b", "feature");
  writeTree(repo, value("feature branch"));
  await git("commit", "-q", "-am", "feature");
  branchCommit = await git("rev-parse", "HEAD");
  await git("checkout", "-q", "main");
  writeTree(repo, value("main later"));
  await git("commit", "-q", "-am", "later");
  mainCommit = await git("rev-parse", "HEAD");
}, 60_000);

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** `verse new app` in a fresh directory, with the test index as its only source. */
async function newProject(): Promise<string> {
  const parent = mkdtempSync(join(root, "p-"));
  const r = await verse(["new", "app"], parent);
  expect(r.code, r.err).toBe(0);
  const dir = join(parent, "app");
  const s = await verse(["source", "add", "--priority", "primary", "local", index.simpleUrl], dir);
  expect(s.code, s.err).toBe(0);
  return dir;
}

/** A [tool.poetry] project, as Poetry 1 made them. */
function legacyProject(): string {
  const dir = mkdtempSync(join(root, "legacy-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[tool.poetry]\nname = "app"\nversion = "0.1.0"\ndescription = ""\nauthors = []\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.8"\n\n[[tool.poetry.source]]\nname = "local"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
  );
  return dir;
}

const read = (dir: string, f = "pyproject.toml") => readFileSync(join(dir, f), "utf8");

function lockedSource(dir: string, name: string) {
  const pkg = parseLock(read(dir, "poetry.lock")).packages.find((p) => p.name === name);
  expect(pkg).toBeDefined();
  return { version: pkg!.version, source: pkg!.source };
}

/** The lock's text of one package's [package.source] table (to check the keys as written). */
function sourceTable(dir: string, name: string): string {
  const text = read(dir, "poetry.lock");
  const at = text.indexOf(`name = "${name}"`);
  const start = text.indexOf("[package.source]", at);
  const end = text.indexOf("\n\n", start);
  return text.slice(start, end < 0 ? undefined : end);
}

async function imported(dir: string, code: string): Promise<string> {
  const r = await verse(["run", "python", "-c", code], dir);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return r.out.trim();
}

const url = () => `file://${repo}`;
const maybe = binaryBuilt() && backendWheelsAvailable() ? describe : describe.skip;

maybe("verse add git+file://: a [project] (PEP 621) project", () => {
  test("@tag: a PEP 508 direct reference, the tag locked at its full commit, the tagged code imported", async () => {
    const dir = await newProject();
    const r = await verse(["add", `git+${url()}@v1.0`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain("Installing gitpkg (1.0");
    expect(read(dir)).toContain(`dependencies = [\n    "gitpkg @ git+${url()}@v1.0"\n]`);
    expect(lockedSource(dir, "gitpkg")).toEqual({ version: "1.0", source: { type: "git", url: url(), reference: "v1.0", resolvedReference: tagCommit, subdirectory: null } });
    expect(sourceTable(dir, "gitpkg")).toBe(`[package.source]\ntype = "git"\nurl = "${url()}"\nreference = "v1.0"\nresolved_reference = "${tagCommit}"`);
    expect(await imported(dir, "import gitpkg; print(gitpkg.VALUE)")).toBe("tagged");
  }, 180_000);

  test("@branch, then @rev (a full sha) replacing it in place, then #subdirectory= beside it", async () => {
    const dir = await newProject();
    let r = await verse(["add", `git+${url()}@feature`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(read(dir)).toContain(`"gitpkg @ git+${url()}@feature"`);
    expect(lockedSource(dir, "gitpkg").source).toEqual({ type: "git", url: url(), reference: "feature", resolvedReference: branchCommit, subdirectory: null });
    expect(await imported(dir, "import gitpkg; print(gitpkg.VALUE)")).toBe("feature branch");

    r = await verse(["add", `git+${url()}@${firstCommit}`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    const text = read(dir);
    expect(text).toContain(`dependencies = [\n    "gitpkg @ git+${url()}@${firstCommit}"\n]`);
    expect(text).not.toContain("@feature");
    expect(lockedSource(dir, "gitpkg").source).toEqual({ type: "git", url: url(), reference: firstCommit, resolvedReference: firstCommit, subdirectory: null });
    expect(await imported(dir, "import gitpkg; print(gitpkg.VALUE)")).toBe("first");

    r = await verse(["add", `git+${url()}@v1.0#subdirectory=pkgs/subpkg`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(read(dir)).toContain(`    "gitpkg @ git+${url()}@${firstCommit}",\n    "subpkg @ git+${url()}@v1.0#subdirectory=pkgs/subpkg"\n]`);
    expect(lockedSource(dir, "subpkg")).toEqual({ version: "0.5", source: { type: "git", url: url(), reference: "v1.0", resolvedReference: tagCommit, subdirectory: "pkgs/subpkg" } });
    expect(sourceTable(dir, "subpkg")).toBe(`[package.source]\ntype = "git"\nurl = "${url()}"\nreference = "v1.0"\nresolved_reference = "${tagCommit}"\nsubdirectory = "pkgs/subpkg"`);
    expect(await imported(dir, "import gitpkg, subpkg; print(gitpkg.VALUE, '|', subpkg.VALUE)")).toBe("first | subpkg 0.5 built");
  }, 300_000);

  test("the name comes from the package, not from the repository's directory name", async () => {
    const clone = join(root, "a-clone-named-otherwise");
    const c = await run(["git", "clone", "-q", repo, clone], root);
    expect(c.code, c.err).toBe(0);
    const dir = await newProject();
    const r = await verse(["add", `git+file://${clone}@v1.0`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(read(dir)).toContain(`"gitpkg @ git+file://${clone}@v1.0"`);
    expect(read(dir)).not.toContain("a-clone-named-otherwise @");
    expect(await imported(dir, "import gitpkg; print(gitpkg.VALUE)")).toBe("tagged");
  }, 180_000);

  test("no reference: the default branch's head, locked as HEAD at its commit", async () => {
    const dir = await newProject();
    const r = await verse(["add", `gitpkg @ git+${url()}`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(read(dir)).toContain(`"gitpkg @ git+${url()}"`);
    const { source } = lockedSource(dir, "gitpkg");
    expect(source?.type).toBe("git");
    expect(source?.reference).toBe("HEAD");
    expect(source?.resolvedReference).toBe(mainCommit);
    expect(await imported(dir, "import gitpkg; print(gitpkg.VALUE)")).toBe("main later");
  }, 180_000);
});

maybe("verse add git+file://: a [tool.poetry] project", () => {
  test("{ git, rev } and { git, rev, subdirectory } tables, locked and installed", async () => {
    const dir = legacyProject();
    let r = await verse(["add", `git+${url()}@v1.0`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(read(dir)).toContain(`[tool.poetry.dependencies]\npython = "^3.8"\ngitpkg = {git = "${url()}", rev = "v1.0"}\n`);
    expect(lockedSource(dir, "gitpkg").source).toEqual({ type: "git", url: url(), reference: "v1.0", resolvedReference: tagCommit, subdirectory: null });

    r = await verse(["add", `git+${url()}@feature#subdirectory=pkgs/subpkg`], dir);
    expect(r.code, r.err + r.out).toBe(0);
    expect(read(dir)).toContain(`subpkg = {git = "${url()}", rev = "feature", subdirectory = "pkgs/subpkg"}\n`);
    expect(lockedSource(dir, "subpkg").source).toEqual({ type: "git", url: url(), reference: "feature", resolvedReference: branchCommit, subdirectory: "pkgs/subpkg" });
    // the first package kept its lock entry
    expect(lockedSource(dir, "gitpkg").source?.resolvedReference).toBe(tagCommit);
    expect(await imported(dir, "import gitpkg, subpkg; print(gitpkg.VALUE, '|', subpkg.VALUE)")).toBe("tagged | subpkg 0.5 built");
  }, 300_000);

  test("a reference that does not exist: a clear error, nothing written, no environment left behind", async () => {
    const dir = legacyProject();
    const before = read(dir);
    const r = await verse(["add", `git+${url()}@no-such-tag`], dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("no-such-tag");
    expect(r.err).toContain("left as they were");
    expect(r.err).not.toContain("    at ");
    expect(read(dir)).toBe(before);
    expect(() => read(dir, "poetry.lock")).toThrow();
    expect(() => read(join(dir, ".venv"), "pyvenv.cfg")).toThrow();
  }, 120_000);
});
