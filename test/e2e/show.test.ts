/**
 * `verse show` end to end: list, details, --tree, --why, --top-level, --latest/--outdated against
 * the test index, --format json, group options; and reading real lock files of lock-version 1.1,
 * 2.0 (Poetry 1.3.2's output) and 2.1.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";

const FIXTURES = resolve(import.meta.dir, "../fixtures/lock");
let root: string;
let index: IndexServer;
let env: Record<string, string>;
let dir: string;

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn([VERSE_BIN, ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
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
      const r = await verse(["show"], d);
      expect(r.code).toBe(0);
      expect(r.out.trimEnd().split("\n").map((l) => l.split(" ")[0])).toEqual(names);
    });
  }
});
