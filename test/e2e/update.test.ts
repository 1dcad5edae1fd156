/**
 * `verse update` end to end against the test index: named packages move to the newest allowed
 * version while every other locked version stays; no names re-resolves everything; --lock,
 * --dry-run, --sync and the group options; a name that is not a dependency is an error that
 * changes nothing.
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

const read = (dir: string, f = "pyproject.toml") => readFileSync(join(dir, f), "utf8");
const versions = (dir: string) => Object.fromEntries(parseLock(read(dir, "poetry.lock")).packages.map((p) => [p.name, p.version]));

function installed(dir: string): string[] {
  const lib = join(dir, ".venv", "lib");
  const site = join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
  return readdirSync(site).filter((n) => n.endsWith(".dist-info") && !n.startsWith("pip-")).sort();
}

const w = (name: string, version: string, deps: string[] = []) => index.addDist(makeWheel({ name, version, deps }));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-update-"));
  index = await startIndexServer({});
  w("upa", "1.0", ["upc>=1"]);
  w("upb", "1.0");
  w("upc", "1.0");
  w("upd", "1.0");
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
});

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt())("verse update", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(root, "p-"));
    writeFileSync(
      join(dir, "pyproject.toml"),
      `[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.8"\ndependencies = ["upa>=1", "upb>=1"]\n\n[tool.poetry]\npackage-mode = false\n\n[tool.poetry.group.extra]\noptional = true\n\n[tool.poetry.group.extra.dependencies]\nupd = ">=1"\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
    );
    expect((await verse(["install"], dir)).code).toBe(0);
    // new releases after the first lock
    w("upa", "1.1", ["upc>=1"]);
    w("upb", "1.1");
    w("upc", "1.1");
    w("upd", "1.1");
  });

  test("a name that is not a dependency is an error; nothing changes", async () => {
    const lock = read(dir, "poetry.lock");
    const r = await verse(["update", "upa", "nope"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("'nope' is not a dependency");
    expect(read(dir, "poetry.lock")).toBe(lock);
  });

  test("--dry-run lists the update and writes nothing", async () => {
    const lock = read(dir, "poetry.lock");
    const r = await verse(["update", "--dry-run", "upb"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("  - Updating upb (1.0 -> 1.1)");
    expect(r.out).not.toContain("upa");
    expect(read(dir, "poetry.lock")).toBe(lock);
  });

  test("named packages move; everything else keeps its locked version; installed", async () => {
    const r = await verse(["update", "upb"], dir);
    expect(r.code).toBe(0);
    expect(versions(dir)).toEqual({ upa: "1.0", upb: "1.1", upc: "1.0", upd: "1.0" });
    expect(installed(dir)).toEqual(["upa-1.0.dist-info", "upb-1.1.dist-info", "upc-1.0.dist-info"]);
  });

  test("a transitive package can be named too; --lock installs nothing", async () => {
    const r = await verse(["update", "--lock", "upc"], dir);
    expect(r.code).toBe(0);
    expect(versions(dir)).toEqual({ upa: "1.0", upb: "1.1", upc: "1.1", upd: "1.0" });
    expect(installed(dir)).toContain("upc-1.0.dist-info");
  });

  test("no names: everything moves; --with installs an optional group, --sync removes the rest", async () => {
    const r = await verse(["update", "--with", "extra"], dir);
    expect(r.code).toBe(0);
    expect(versions(dir)).toEqual({ upa: "1.1", upb: "1.1", upc: "1.1", upd: "1.1" });
    expect(installed(dir)).toEqual(["upa-1.1.dist-info", "upb-1.1.dist-info", "upc-1.1.dist-info", "upd-1.1.dist-info"]);
    const s = await verse(["update", "--sync"], dir);
    expect(s.code).toBe(0);
    expect(installed(dir)).toEqual(["upa-1.1.dist-info", "upb-1.1.dist-info", "upc-1.1.dist-info"]);
    expect(existsSync(join(dir, "poetry.lock"))).toBe(true);
  });
});
