/**
 * `verse version`: shows and bumps the project's version with Poetry's rules, writes it where
 * it is declared without touching anything else, and compares the bump results with the
 * machine's Poetry (1.3.2, whose rules are the same for these cases) when it is installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv, runBinary } from "../helpers/binary.ts";

let root: string;
let work: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-version-"));
  work = join(root, "work");
  mkdirSync(work);
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], cwd = work) => runBinary(VERSE_BIN, args, { cwd, env });

const PEP621 = `# my project
[project]
name = "demo"
version = '1.2.3'   # bumped by CI
description = ""

[tool.poetry]
packages = [{include = "demo"}]
`;

const LEGACY = `[tool.poetry]
name = "legacy"
version = "0.9.0"
description = ""
authors = []

[tool.poetry.dependencies]
python = "^3.9"
`;

describe("verse version", () => {
  test("shows the version, and --short", () => {
    writeFileSync(join(work, "pyproject.toml"), PEP621);
    expect(run(["version"]).stdout).toBe("demo 1.2.3\n");
    expect(run(["version", "--short"]).stdout).toBe("1.2.3\n");
  });

  test("bumps [project].version in place, keeping quotes and comments", () => {
    writeFileSync(join(work, "pyproject.toml"), PEP621);
    const r = run(["version", "minor"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Bumping version from 1.2.3 to 1.3.0\n");
    expect(readFileSync(join(work, "pyproject.toml"), "utf8")).toBe(PEP621.replace("'1.2.3'", "'1.3.0'"));
  });

  test("--dry-run and --short write nothing", () => {
    writeFileSync(join(work, "pyproject.toml"), PEP621);
    const r = run(["version", "prerelease", "--dry-run", "--short"]);
    expect(r.stdout).toBe("1.2.4a0\n");
    expect(readFileSync(join(work, "pyproject.toml"), "utf8")).toBe(PEP621);
  });

  test("writes [tool.poetry].version for a legacy project, and an explicit version as given", () => {
    writeFileSync(join(work, "pyproject.toml"), LEGACY);
    expect(run(["version", "2.0.0-beta.1"]).stdout).toBe("Bumping version from 0.9.0 to 2.0.0-beta.1\n");
    expect(readFileSync(join(work, "pyproject.toml"), "utf8")).toBe(LEGACY.replace('"0.9.0"', '"2.0.0-beta.1"'));
  });

  test("Poetry's documented results, with --next-phase", () => {
    const cases: [string, string[], string][] = [
      ["1.2.3b1", ["patch"], "1.2.3"],
      ["1.2.3", ["prerelease"], "1.2.4a0"],
      ["1.2.3a1", ["prerelease", "--next-phase"], "1.2.3b0"],
      ["1.2.3rc1", ["prerelease"], "1.2.3rc2"],
      ["1.2.3", ["premajor"], "2.0.0a0"],
      ["1.2.3", ["preminor"], "1.3.0a0"],
      ["1.2.3", ["prepatch"], "1.2.4a0"],
      ["1.2.3", ["major"], "2.0.0"],
      ["0.9", ["patch"], "0.9.1"],
    ];
    for (const [from, args, to] of cases) {
      writeFileSync(join(work, "pyproject.toml"), PEP621.replace("1.2.3", from));
      expect(run(["version", ...args, "--short"]).stdout.trim()).toBe(to);
    }
  });

  test("a bad rule is explained and nothing is written", () => {
    writeFileSync(join(work, "pyproject.toml"), PEP621);
    const r = run(["version", "bogus"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('"bogus" is neither a valid version nor a version rule.');
    expect(r.stderr).toContain("major, minor, patch, premajor, preminor, prepatch, prerelease");
    expect(readFileSync(join(work, "pyproject.toml"), "utf8")).toBe(PEP621);
  });

  test("an unparsable pyproject.toml is reported with line and column", () => {
    writeFileSync(join(work, "pyproject.toml"), '[project]\nname = "x"\nversion = "1.0\n');
    const r = run(["version", "patch"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/pyproject\.toml:3:\d+: invalid TOML/);
    expect(readFileSync(join(work, "pyproject.toml"), "utf8")).toBe('[project]\nname = "x"\nversion = "1.0\n');
  });

  const poetry = "/usr/bin/poetry";
  test.skipIf(!existsSync(poetry))("the same bumps as the machine's Poetry", () => {
    const home = join(root, "poetry-home");
    mkdirSync(home, { recursive: true });
    const penv = { ...env, HOME: home, POETRY_CONFIG_DIR: join(home, "config"), POETRY_CACHE_DIR: join(home, "cache") };
    const rules = ["major", "minor", "patch", "premajor", "preminor", "prepatch", "prerelease"];
    // each Poetry run costs about half a second: a few versions cover stable, pre-release and short forms
    for (const from of ["1.2.3a1", "2.0.0rc1", "1.0"]) {
      const dir = join(root, `cmp-${from}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "pyproject.toml"), LEGACY.replace("0.9.0", from));
      for (const rule of rules) {
        const theirs = Bun.spawnSync([poetry, "version", rule, "--dry-run", "--no-interaction"], { cwd: dir, env: penv });
        const ours = run(["version", rule, "--dry-run"], dir);
        expect(`${from} ${rule}: ${ours.stdout.trim()}`).toBe(`${from} ${rule}: ${theirs.stdout.toString().trim()}`);
      }
    }
  }, 90_000);
});
