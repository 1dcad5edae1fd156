/**
 * `verse remove` end to end against the test index: removal from every place a dependency is
 * declared ([project].dependencies, optional-dependencies, [tool.poetry.*], [dependency-groups])
 * or from one group (-G/-D); groups left empty go away; comments kept; re-lock; what nothing
 * needs any more is uninstalled (and only that); unknown names and failures change nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import { parseLock } from "../../src/lock/index.ts";

let root: string;
let index: IndexServer;
let env: Record<string, string>;

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

function project(body: string): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(join(dir, "pyproject.toml"), `${body}\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`);
  return dir;
}

const read = (dir: string, f = "pyproject.toml") => readFileSync(join(dir, f), "utf8");
const locked = (dir: string) => parseLock(read(dir, "poetry.lock")).packages.map((p) => p.name).sort();

function installed(dir: string): string[] {
  const lib = join(dir, ".venv", "lib");
  const site = join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
  return readdirSync(site).filter((n) => n.endsWith(".dist-info") && !n.startsWith("pip-")).map((n) => n.replace(/-[^-]+\.dist-info$/, "")).sort();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-remove-"));
  index = await startIndexServer({});
  const w = (name: string, version: string, deps: string[] = []) => index.addDist(makeWheel({ name, version, deps }));
  w("alpha", "1.0");
  w("gamma", "1.0", ["alpha<2"]);
  w("delta", "1.0");
  w("eps", "1.0");
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
});

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

const PEP621 = `[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.8"
dependencies = [
    "gamma (>=1.0,<2.0)", # gamma pulls alpha
    "delta (>=1.0,<2.0)",
]

[project.optional-dependencies]
fast = ["delta>=1"]

[tool.poetry]
package-mode = false

[tool.poetry.dependencies]
delta = {allow-prereleases = true}

[tool.poetry.group.lint.dependencies]
eps = "^1.0"

[dependency-groups]
test = ["delta", "eps"]
`;

describe.skipIf(!binaryBuilt())("verse remove", () => {
  test("everywhere it is declared; re-locked; uninstalled with what only it needed", async () => {
    const dir = project(PEP621);
    expect((await verse(["install"], dir)).code).toBe(0);
    expect(installed(dir)).toEqual(["alpha", "delta", "eps", "gamma"]);
    const r = await verse(["remove", "gamma", "DELTA"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Writing lock file");
    const text = read(dir);
    expect(text).toContain('dependencies = [\n]\n');
    expect(text).toContain("[project.optional-dependencies]\nfast = []\n");
    expect(text).not.toContain("delta");
    expect(text).toContain('[tool.poetry.group.lint.dependencies]\neps = "^1.0"\n');
    expect(text).toContain('[dependency-groups]\ntest = ["eps"]\n');
    expect(locked(dir)).toEqual(["eps"]);
    expect(installed(dir)).toEqual(["eps"]); // alpha came only through gamma
  });

  test("-G removes from that group only; an emptied group goes away; comments kept", async () => {
    const dir = project(PEP621);
    let r = await verse(["remove", "--lock", "-G", "lint", "eps"], dir);
    expect(r.code).toBe(0);
    let text = read(dir);
    expect(text).not.toContain("[tool.poetry.group.lint");
    expect(text).toContain('test = ["delta", "eps"]');
    expect(text).toContain('"gamma (>=1.0,<2.0)", # gamma pulls alpha');
    r = await verse(["remove", "--lock", "-G", "test", "eps", "delta"], dir);
    expect(r.code).toBe(0);
    text = read(dir);
    expect(text).not.toContain("[dependency-groups]");
    expect(text).toContain('"delta (>=1.0,<2.0)",');
    expect(locked(dir)).toEqual(["alpha", "delta", "gamma"]);
    expect(existsSync(join(dir, ".venv"))).toBe(false);
  });

  test("[tool.poetry] projects, -D", async () => {
    const dir = project(`[tool.poetry]\nname = "app"\nversion = "0.1.0"\ndescription = ""\nauthors = []\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.8"\nalpha = "^1.0" # keep me\ndelta = "^1.0"\n\n[tool.poetry.group.dev.dependencies]\neps = "^1.0"\n`);
    let r = await verse(["remove", "--lock", "delta"], dir);
    expect(r.code).toBe(0);
    expect(read(dir)).toContain('[tool.poetry.dependencies]\npython = "^3.8"\nalpha = "^1.0" # keep me\n\n[tool.poetry.group.dev.dependencies]');
    r = await verse(["remove", "--lock", "-D", "eps"], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain("deprecated");
    expect(read(dir)).not.toContain("[tool.poetry.group.dev");
    expect(locked(dir)).toEqual(["alpha"]);
  });

  test("an unknown name (or one outside the group) changes nothing", async () => {
    const dir = project(PEP621);
    const before = read(dir);
    let r = await verse(["remove", "gamma", "nope"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("The following packages were not found: nope");
    r = await verse(["remove", "-G", "lint", "gamma"], dir);
    expect(r.code).toBe(1);
    expect(read(dir)).toBe(before);
    expect(existsSync(join(dir, "poetry.lock"))).toBe(false);
  });

  test("--dry-run shows the removals and writes nothing", async () => {
    const dir = project(PEP621);
    expect((await verse(["lock"], dir)).code).toBe(0);
    const before = read(dir);
    const lock = read(dir, "poetry.lock");
    const r = await verse(["remove", "--dry-run", "gamma"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("  - Removing alpha (1.0)");
    expect(r.out).toContain("  - Removing gamma (1.0)");
    expect(read(dir)).toBe(before);
    expect(read(dir, "poetry.lock")).toBe(lock);
  });
});
