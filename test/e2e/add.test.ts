/**
 * `verse add` end to end: the compiled binary, from an empty temp directory, against the test index.
 *  - every registry form (name, @^, @~, @latest, PEP 508 specifiers, ==, extras, @x.*), written as
 *    Poetry 2 writes them: PEP 508 strings in [project].dependencies (`alpha (>=2.0,<3.0)`) or
 *    Poetry values in [tool.poetry.dependencies] (`alpha = "^2.0"`); groups, --optional, markers;
 *  - an existing dependency is replaced in place; a bare name already there is skipped;
 *  - comments and layout kept; the lock keeps other versions; the package is installed;
 *  - failures (unknown package with close names, unsatisfiable, hash error, duplicate, invalid
 *    constraint) leave pyproject.toml and poetry.lock byte-identical and the venv unchanged.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import { parseLock } from "../../src/lock/index.ts";

let root: string;
let index: IndexServer;
let env: Record<string, string>;

export async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

const SOURCE = () => `\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`;

function pep621(deps = "dependencies = [\n]\n", extra = ""): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `# my project\n[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.8"\n# the runtime dependencies\n${deps}${extra}\n[tool.poetry]\npackage-mode = false # no root package\n${SOURCE()}`,
  );
  return dir;
}

function legacy(extra = ""): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[tool.poetry]\nname = "app"\nversion = "0.1.0"\ndescription = ""\nauthors = []\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.8" # keep\n${extra}${SOURCE()}`,
  );
  return dir;
}

const read = (dir: string, f = "pyproject.toml") => readFileSync(join(dir, f), "utf8");
const lockVersions = (dir: string) => Object.fromEntries(parseLock(read(dir, "poetry.lock")).packages.map((p) => [p.name, p.version]));

function sitePackages(dir: string): string {
  const lib = join(dir, ".venv", "lib");
  return join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
}

function installed(dir: string): string[] {
  return readdirSync(sitePackages(dir)).filter((n) => n.endsWith(".dist-info")).sort();
}

/** Every file in the venv's site-packages with its size: "unchanged" means this is equal. */
function venvSnapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${p}:${readFileSync(p).length}`);
    }
  };
  walk(sitePackages(dir));
  return out.sort();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-add-"));
  index = await startIndexServer({});
  const w = (name: string, version: string, o: { deps?: string[]; requiresPython?: string; extras?: Record<string, string[]> } = {}) =>
    index.addDist(makeWheel({ name, version, ...o }));
  w("alpha", "1.0");
  w("alpha", "1.5");
  w("alpha", "2.0");
  w("alpha", "2.1b1");
  w("beta", "1.0");
  w("beta", "2.0", { requiresPython: ">=3.14" });
  w("gamma", "1.0", { deps: ["alpha<2"] });
  w("gamma", "1.1", { deps: ["alpha<2"] });
  w("delta", "1.0");
  w("delta", "1.9");
  w("eps", "1.2.3");
  w("zeta", "1.2.5");
  w("withx", "1.0", { extras: { x: ["delta"] } });
  w("badhash", "1.0");
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
});

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt())("verse add: PEP 621 projects", () => {
  test("a bare name: ^latest as a PEP 508 range, locked and installed, comments kept", async () => {
    const dir = pep621();
    const r = await verse(["add", "alpha"], dir);
    expect(r.err).not.toContain("rror");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Using version ^2.0 for alpha");
    expect(r.out).toContain("Writing lock file");
    const text = read(dir);
    expect(text).toContain('# the runtime dependencies\ndependencies = [\n    "alpha (>=2.0,<3.0)"\n]\n');
    expect(text).toContain("package-mode = false # no root package");
    expect(text.startsWith("# my project\n")).toBe(true);
    expect(lockVersions(dir)).toEqual({ alpha: "2.0" });
    expect(installed(dir)).toContain("alpha-2.0.dist-info");
  });

  test("every registry form, as Poetry 2 writes it", async () => {
    const dir = pep621();
    const r = await verse(["add", "--lock", "beta", "gamma@^1.0", "delta>=1,<2", "withx[x]@^1", "eps@1.2.*", "zeta@~1.2", "alpha==1.5"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Using version ^1.0 for beta"); // beta 2.0 needs Python >= 3.14
    const text = read(dir);
    expect(text).toContain(
      'dependencies = [\n    "beta (>=1.0,<2.0)",\n    "gamma (>=1.0,<2.0)",\n    "delta (>=1,<2)",\n    "withx[x] (>=1,<2)",\n    "eps (==1.2.*)",\n    "zeta (>=1.2,<1.3)",\n    "alpha (==1.5)"\n]\n',
    );
    expect(lockVersions(dir)).toEqual({ alpha: "1.5", beta: "1.0", delta: "1.9", eps: "1.2.3", gamma: "1.1", withx: "1.0", zeta: "1.2.5" });
    expect(existsSync(join(dir, ".venv"))).toBe(false); // --lock: nothing installed
  });

  test("@latest, an existing entry replaced in place, a bare existing name skipped", async () => {
    const dir = pep621('dependencies = [\n    "delta (>=1.0,<1.5)",  # pinned low\n    "eps",\n]\n');
    let r = await verse(["add", "--lock", "delta@latest"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Using version ^1.9 for delta");
    expect(read(dir)).toContain('dependencies = [\n    "delta (>=1.9,<2.0)",  # pinned low\n    "eps",\n]\n');
    const before = read(dir);
    r = await verse(["add", "--lock", "eps"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("already present in the pyproject.toml and will be skipped");
    expect(r.out).toContain("Nothing to add.");
    expect(read(dir)).toBe(before);
  });

  test("groups: [tool.poetry.group.<g>] by default, [dependency-groups] when the project uses it; -D", async () => {
    const dir = pep621();
    let r = await verse(["add", "--lock", "-G", "test", "delta@^1.0"], dir);
    expect(r.code).toBe(0);
    expect(read(dir)).toContain('[tool.poetry.group.test.dependencies]\ndelta = "^1.0"\n');
    const dir2 = pep621("dependencies = []\n", '\n[dependency-groups]\ndev = [\n    "eps",\n]\n');
    r = await verse(["add", "--lock", "-D", "delta@^1.0"], dir2);
    expect(r.code).toBe(0);
    expect(r.err).toContain("--dev option is deprecated");
    expect(read(dir2)).toContain('[dependency-groups]\ndev = [\n    "eps",\n    "delta (>=1.0,<2.0)",\n]\n');
  });

  test("--optional, --python, --platform, --markers, --allow-prereleases, --source", async () => {
    const dir = pep621();
    let r = await verse(["add", "--lock", "--optional", "fast", "delta@^1.0"], dir);
    expect(r.code).toBe(0);
    expect(read(dir)).toContain('[project.optional-dependencies]\nfast = [\n    "delta (>=1.0,<2.0)"\n]\n');
    r = await verse(["add", "--lock", "--python", ">=3.9", "--platform", "linux", "--markers", 'implementation_name == "cpython"', "eps@^1.2"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(read(dir)).toContain('"eps (>=1.2,<2.0) ; implementation_name == \\"cpython\\" and python_version >= \\"3.9\\" and sys_platform == \\"linux\\""');
    r = await verse(["add", "--lock", "--allow-prereleases", "--source", "test", "alpha@>=2.1b1"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const text = read(dir);
    expect(text).toContain('"alpha (>=2.1b1)"');
    expect(text).toContain('[tool.poetry.dependencies]\nalpha = {allow-prereleases = true, source = "test"}\n');
    expect(lockVersions(dir).alpha).toBe("2.1b1");
  });

  test("a local directory (editable) and a wheel file", async () => {
    const dir = pep621();
    const lib = join(dir, "libs", "mylib");
    mkdirSync(join(lib, "mylib"), { recursive: true });
    writeFileSync(join(lib, "pyproject.toml"), '[project]\nname = "mylib"\nversion = "0.3.0"\ndependencies = ["delta>=1"]\n\n[build-system]\nrequires = ["poetry-core>=2.0"]\nbuild-backend = "poetry.core.masonry.api"\n');
    writeFileSync(join(lib, "mylib", "__init__.py"), "");
    const r = await verse(["add", "--lock", "--editable", "./libs/mylib"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const text = read(dir);
    expect(text).toContain(`"mylib @ file://${lib}"`);
    expect(text).toContain('[tool.poetry.dependencies]\nmylib = {develop = true}\n');
    expect(lockVersions(dir)).toMatchObject({ mylib: "0.3.0", delta: "1.9" });
    const wheel = makeWheel({ name: "localwhl", version: "0.5", deps: ["eps>=1"] });
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", wheel.filename), wheel.bytes);
    const w = await verse(["add", "--lock", `./dist/${wheel.filename}`], dir);
    expect(w.err).toBe("");
    expect(w.code).toBe(0);
    expect(read(dir)).toContain(`"localwhl @ file://${dir}/dist/${wheel.filename}"`);
    expect(lockVersions(dir)).toMatchObject({ mylib: "0.3.0", localwhl: "0.5", eps: "1.2.3" });
  });

  test("an archive URL", async () => {
    const dir = pep621();
    const page = (await (await fetch(`${index.simpleUrl}zeta/`, { headers: { accept: "application/vnd.pypi.simple.v1+json" } })).json()) as { files: { url: string }[] };
    const url = new URL(page.files[0]!.url, `${index.simpleUrl}zeta/`).href;
    const r = await verse(["add", "--lock", url], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(read(dir)).toContain(`"zeta @ ${url}"`);
    expect(lockVersions(dir)).toEqual({ zeta: "1.2.5" });
  });
});

describe.skipIf(!binaryBuilt())("verse add: [tool.poetry] projects", () => {
  test("Poetry tables: caret strings, inline tables for extras and markers, groups", async () => {
    const dir = legacy();
    const r = await verse(["add", "--lock", "beta", "gamma@~1.0", "withx[x]@^1", "delta>=1,<2"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Using version ^1.0 for beta");
    expect(read(dir)).toContain('[tool.poetry.dependencies]\npython = "^3.8" # keep\nbeta = "^1.0"\ngamma = "~1.0"\nwithx = {version = "^1", extras = ["x"]}\ndelta = ">=1,<2"\n');
    expect(lockVersions(dir)).toEqual({ alpha: "1.5", beta: "1.0", delta: "1.9", gamma: "1.0", withx: "1.0" });
  });

  test("groups, --python and --optional as Poetry tables", async () => {
    const dir = legacy();
    let r = await verse(["add", "--lock", "-G", "dev", "eps@^1.2", "--python", ">=3.9"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(read(dir)).toContain('[tool.poetry.group.dev.dependencies]\neps = {version = "^1.2", python = ">=3.9"}\n');
    r = await verse(["add", "--lock", "--optional", "fast", "delta@^1"], dir);
    expect(r.code).toBe(0);
    const text = read(dir);
    expect(text).toContain('delta = {version = "^1", optional = true}');
    expect(text).toContain('[tool.poetry.extras]\nfast = ["delta"]');
  });
});

describe.skipIf(!binaryBuilt())("verse add: failures change nothing", () => {
  async function unchanged(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
    const py = read(dir);
    const lock = existsSync(join(dir, "poetry.lock")) ? read(dir, "poetry.lock") : null;
    const venv = existsSync(join(dir, ".venv")) ? venvSnapshot(dir) : null;
    const r = await verse(args, dir);
    expect(r.code).not.toBe(0);
    expect(read(dir)).toBe(py);
    expect(existsSync(join(dir, "poetry.lock")) ? read(dir, "poetry.lock") : null).toBe(lock);
    if (venv !== null) expect(venvSnapshot(dir)).toEqual(venv);
    return r;
  }

  let dir: string;
  beforeAll(async () => {
    dir = pep621();
    const r = await verse(["add", "gamma"], dir);
    expect(r.err).not.toContain("rror");
    expect(r.code).toBe(0);
    expect(installed(dir).filter((d) => !d.startsWith("pip-"))).toEqual(["alpha-1.5.dist-info", "gamma-1.1.dist-info"]);
  });

  test("an unknown package: close names suggested", async () => {
    let r = await unchanged(dir, ["add", "alphx"]);
    expect(r.err).toContain("alphx");
    expect(r.err).toContain("did you mean 'alpha'");
    r = await unchanged(dir, ["add", "gamm@^1"]);
    expect(r.err).toContain("'gamma'");
  });

  test("an unsatisfiable constraint", async () => {
    let r = await unchanged(dir, ["add", "alpha@^9"]);
    expect(r.err).toContain("alpha");
    r = await unchanged(dir, ["add", "alpha@^2"]); // gamma needs alpha<2
    expect(r.err).toContain("gamma");
    expect(r.err).toContain("left as they were");
  });

  test("a download with the wrong hash: the environment is untouched", async () => {
    index.faults.wrongHash = /^badhash-/;
    try {
      const r = await unchanged(dir, ["add", "badhash"]);
      expect(r.err).toContain("badhash-1.0-py3-none-any.whl");
    } finally {
      index.faults.wrongHash = undefined;
    }
  });

  test("a build that fails (a directory whose build backend cannot be found)", async () => {
    const lib = join(dir, "broken");
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, "pyproject.toml"), '[project]\nname = "broken"\nversion = "1.0"\n\n[build-system]\nrequires = ["nothere-backend"]\nbuild-backend = "nothere.api"\n');
    const r = await unchanged(dir, ["add", "./broken"]);
    expect(r.err).toContain("broken");
  });

  test("bad input: duplicate, invalid constraint, invalid marker, unknown source, editable registry", async () => {
    let r = await unchanged(dir, ["add", "delta", "Delta@^1"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("given twice");
    r = await unchanged(dir, ["add", "delta@>=x!"]);
    expect(r.code).toBe(3);
    expect(r.err).toContain("Invalid dependency specification");
    r = await unchanged(dir, ["add", "delta@^1", "--markers", "os_name ==="]);
    expect(r.code).toBe(3);
    r = await unchanged(dir, ["add", "delta@^1", "--source", "nope"]);
    expect(r.err).toContain("nope");
    r = await unchanged(dir, ["add", "delta@^1", "--editable"]);
    expect(r.err).toContain("editable");
    r = await unchanged(dir, ["add", "delta@^1", "-G", "dev", "--optional", "x"]);
    expect(r.code).toBe(2);
  });

  test("--dry-run shows the operations and writes nothing", async () => {
    const py = read(dir);
    const lock = read(dir, "poetry.lock");
    const r = await verse(["add", "--dry-run", "delta@^1"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("  - Installing delta (1.9)");
    expect(read(dir)).toBe(py);
    expect(read(dir, "poetry.lock")).toBe(lock);
  });
});
