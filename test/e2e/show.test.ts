/**
 * `verse show` end to end: list, details, --tree, --why, --top-level, --latest/--outdated against
 * the test index, --format json, group options; and reading real lock files of lock-version 1.1,
 * 2.0 (Poetry 1.3.2's output) and 2.1.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";

const FIXTURES = resolve(import.meta.dir, "../fixtures/lock");
let root: string;
let index: IndexServer;
let env: Record<string, string>;
let dir: string;

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-show-"));
  index = await startIndexServer({});
  const w = (name: string, version: string, deps: string[] = [], summary?: string) => index.addDist(makeWheel({ name, version, deps, summary }));
  w("top", "1.0", ["mid>=1"], "The top");
  w("mid", "1.0", ["leaf"], "The middle");
  w("leaf", "1.0", [], "A leaf");
  w("devtool", "2.0", ["leaf"], "A dev tool");
  w("docsonly", "0.1", [], "Docs");
  env = cleanEnv(join(root, "home"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache") });
  dir = mkdtempSync(join(root, "p-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[tool.poetry]\nname = "app"\nversion = "1.0.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = "^3.8"\ntop = "^1.0"\n\n[tool.poetry.group.dev.dependencies]\ndevtool = "*"\n\n[tool.poetry.group.docs]\noptional = true\n\n[tool.poetry.group.docs.dependencies]\ndocsonly = "*"\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
  );
  if (binaryBuilt()) {
    const r = await verse(["lock"], dir);
    if (r.code !== 0) throw new Error(r.err);
  }
});

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt())("verse show", () => {
  test("lists the packages of the default groups, aligned", async () => {
    const r = await verse(["show"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe("devtool 2.0 A dev tool\nleaf    1.0 A leaf\nmid     1.0 The middle\ntop     1.0 The top\n");
  });

  test("group options", async () => {
    expect((await verse(["show", "--only", "main"], dir)).out).toBe("leaf 1.0 A leaf\nmid  1.0 The middle\ntop  1.0 The top\n");
    expect((await verse(["show", "--with", "docs", "--without", "dev"], dir)).out).toContain("docsonly 0.1 Docs");
    expect((await verse(["show", "--with", "nope"], dir)).code).toBe(2);
  });

  test("--top-level, --tree, --why, details", async () => {
    expect((await verse(["show", "--top-level"], dir)).out).toBe("devtool 2.0 A dev tool\ntop     1.0 The top\n");
    expect((await verse(["show", "--tree", "--only", "main"], dir)).out).toBe("top 1.0 The top\n└── mid >=1\n    └── leaf *\n");
    const why = await verse(["show", "--why", "leaf"], dir);
    expect(why.out).toContain("└── mid requires leaf (*)");
    expect(why.out).toContain("app requires top directly");
    const details = await verse(["show", "mid"], dir);
    expect(details.out).toContain(" name         : mid\n version      : 1.0\n description  : The middle\n\ndependencies\n - leaf *\n\nrequired by\n - top requires >=1\n");
    expect((await verse(["show", "nothere"], dir)).code).toBe(2);
  });

  test("--latest, --outdated and --format json", async () => {
    index.addDist(makeWheel({ name: "leaf", version: "1.5", summary: "A leaf" }));
    const latest = await verse(["show", "--latest", "--no-cache"], dir);
    expect(latest.out).toContain("leaf    1.0 1.5 A leaf");
    const outdated = await verse(["show", "--outdated", "--format", "json", "--no-cache"], dir);
    expect(JSON.parse(outdated.out)).toEqual([{ name: "leaf", version: "1.0", latest_version: "1.5", description: "A leaf" }]);
  });
});

describe.skipIf(!binaryBuilt())("reads real lock files", () => {
  const cases: [string, string, string[]][] = [
    ["1.1", join(FIXTURES, "handwritten/v1.1.lock"), ["colorama", "mylib", "Requests"]],
    ["2.0", join(FIXTURES, "poetry-1.3.2/multi/poetry.lock"), ["beta", "beta", "colorama", "multi"]],
    ["2.1", join(FIXTURES, "handwritten/v2.1.lock"), ["colorama", "gitdep", "mylib", "pytest", "tomli", "tzdata", "wheel-by-url"]],
  ];
  for (const [version, file, names] of cases) {
    test(`lock-version ${version}`, async () => {
      const d = mkdtempSync(join(root, "r-"));
      writeFileSync(join(d, "pyproject.toml"), `[tool.poetry]\nname = "r"\nversion = "1"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = "^3.8"\n\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n`);
      copyFileSync(file, join(d, "poetry.lock"));
      // --all: these locks do not belong to this pyproject.toml (nothing reaches their packages)
      // and some are for other platforms; reading them is what is checked here
      const r = await verse(["show", "--all"], d);
      expect(r.code).toBe(0);
      expect(r.out.trimEnd().split("\n").map((l) => l.split(" ")[0])).toEqual(names);
    });
  }
});

describe.skipIf(!binaryBuilt())("only what applies to this environment unless --all", () => {
  test("a win32-only and a Python 2-only dependency are listed only with --all", async () => {
    index.addDist(makeWheel({ name: "winonly", version: "1.0", summary: "Windows" }));
    index.addDist(makeWheel({ name: "oldpy", version: "1.0", summary: "Old" }));
    index.addDist(makeWheel({ name: "envleaf", version: "1.0", summary: "A leaf" }));
    index.addDist(makeWheel({ name: "envtop", version: "1.0", deps: ['winonly; sys_platform == "win32"', 'oldpy; python_version < "3.0"', "envleaf"], summary: "Env top" }));
    const p = mkdtempSync(join(root, "p-"));
    writeFileSync(
      join(p, "pyproject.toml"),
      `[tool.poetry]\nname = "envapp"\nversion = "1.0.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = ">=2.7"\nenvtop = "*"\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
    );
    const l = await verse(["lock"], p);
    expect(l.code, l.err).toBe(0);
    const r = await verse(["show"], p);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe("envleaf 1.0 A leaf\nenvtop  1.0 Env top\n");
    const all = await verse(["show", "--all"], p);
    expect(all.out).toBe("envleaf 1.0 A leaf\nenvtop  1.0 Env top\noldpy   1.0 Old\nwinonly 1.0 Windows\n");
  });

  const py38 = "/root/.pyenv/versions/3.8.18/bin/python";
  test.skipIf(!existsSync(py38))("markers are evaluated with the project environment's interpreter when it exists", async () => {
    index.addDist(makeWheel({ name: "backport", version: "1.0", summary: "Backport" }));
    index.addDist(makeWheel({ name: "usesbackport", version: "1.0", deps: ['backport; python_version < "3.9"'], summary: "Uses" }));
    const p = mkdtempSync(join(root, "p-"));
    writeFileSync(
      join(p, "pyproject.toml"),
      `[tool.poetry]\nname = "venvapp"\nversion = "1.0.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = ">=3.8"\nusesbackport = "*"\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
    );
    expect((await verse(["lock"], p)).code).toBe(0);
    // the discovered python (3.9 or newer here) does not need the backport
    const before = await verse(["show"], p);
    expect(before.out).toBe("usesbackport 1.0 Uses\n");
    const venv = Bun.spawnSync([py38, "-m", "venv", "--without-pip", join(p, ".venv")]);
    expect(venv.exitCode).toBe(0);
    const after = await verse(["show"], p);
    expect(after.out).toBe("backport     1.0 Backport\nusesbackport 1.0 Uses\n");
  }, 60_000);
});
