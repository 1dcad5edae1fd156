/**
 * `verse check`: a fresh `verse new` project passes; schema errors, unknown keys, trove
 * classifiers, SPDX licences, missing readmes and deprecated keys are reported with the key's
 * line; --strict fails on warnings; --lock checks the lock's freshness; an unparsable file
 * shows line and column.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv, runBinary } from "../helpers/binary.ts";
import { contentHash } from "../../src/lock/index.ts";
import { parsePyproject } from "../../src/project/index.ts";

let root: string;
let work: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-check-"));
  work = join(root, "work");
  mkdirSync(work);
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], cwd = work) => runBinary(VERSE_BIN, args, { cwd, env });

describe("verse check", () => {
  test("a new project is all set; --lock wants a lock file", () => {
    expect(run(["new", "fresh", "--python", ">=3.9"]).exitCode).toBe(0);
    const dir = join(work, "fresh");
    const r = run(["check"], dir);
    expect(r.stdout).toBe("All set!\n");
    expect(r.exitCode).toBe(0);
    const lock = run(["check", "--lock"], dir);
    expect(lock.exitCode).toBe(1);
    expect(lock.stderr).toContain("Error: poetry.lock was not found. Run `verse lock` to create it.");
  });

  test("--lock: a fresh lock passes, a stale one is reported", () => {
    const dir = join(work, "fresh");
    const text = readFileSync(join(dir, "pyproject.toml"), "utf8");
    const hash = contentHash(parsePyproject(text), "current");
    writeFileSync(join(dir, "poetry.lock"), `package = []\n\n[metadata]\nlock-version = "2.1"\npython-versions = ">=3.9"\ncontent-hash = "${hash}"\n`);
    const ok = run(["check", "--lock"], dir);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe("All set!\n");
    writeFileSync(join(dir, "pyproject.toml"), text.replace("dependencies = [\n]", 'dependencies = [\n    "requests (>=2)"\n]'));
    const stale = run(["check", "--lock"], dir);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain("Error: pyproject.toml changed significantly since poetry.lock was last generated. Run `verse lock` to fix the lock file.");
    writeFileSync(join(dir, "pyproject.toml"), text);
  });

  test("errors and warnings, each with its line", () => {
    const dir = join(work, "legacy");
    mkdirSync(dir);
    writeFileSync(join(dir, "pyproject.toml"), `[tool.poetry]
name = "a"
version = "1.2.3"
description = ""
authors = []
license = "MITX"
readme = "README.md"
colour = "blue"
classifiers = [
    "Foo :: Bar",
    "Programming Language :: Python :: 3",
    "Framework :: Django CMS :: 4.2",
]

[tool.poetry.dependencies]
python = "^3.9"

[tool.poetry.dev-dependencies]
pytest = "*"

[[tool.poetry.source]]
name = "internal"
url = "https://pkgs.example/simple/"
secondary = true
`);
    const r = run(["check"], dir);
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines).toContain("Error: tool.poetry.colour: unknown key (not a Poetry setting) (line 8)");
    expect(lines).toContain("Error: Unrecognized classifier 'Foo :: Bar'. (line 10)");
    expect(lines).toContain("Error: Declared README file does not exist: README.md (line 7)");
    expect(lines).toContain("Warning: [tool.poetry.name] is deprecated. Use [project.name] instead. (line 2)");
    expect(lines).toContain("Warning: [tool.poetry.dev-dependencies] is deprecated. Use [tool.poetry.group.dev.dependencies] (or [dependency-groups] dev) instead. (line 18)");
    expect(lines).toContain('Warning: Source "internal": "secondary" is deprecated. Use priority = "supplemental" instead. (line 24)');
    expect(lines).toContain("Warning: Deprecated classifier 'Framework :: Django CMS :: 4.2'. Use 'Framework :: Django CMS :: 5.0' instead. (line 12)");
    expect(lines.some((l) => l.startsWith('Warning: "MITX" is not a known SPDX licence identifier.'))).toBe(true);
    expect(lines).not.toContain("Error: Unrecognized classifier 'Programming Language :: Python :: 3'. (line 11)");
  });

  test("schema errors and SPDX expressions in [project]; --strict", () => {
    const dir = join(work, "pep621");
    mkdirSync(dir);
    writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "a"\nversion = 3\nlicense = "MIT OR (Apache-2.0 AND Bogus-1.0)"\n');
    const r = run(["check"], dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("Error: project.version: expected string, got number 3 (line 3)");
    expect(r.stderr).toContain('Error: "Bogus-1.0" is not a known SPDX licence identifier.');
    writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "a"\nversion = "1.0"\nlicense = "mit OR Apache-2.0 WITH LLVM-exception"\n');
    const ok = run(["check"], dir);
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toContain('Warning: Write the licence identifier "mit" as "MIT". (line 4)');
    expect(run(["check", "--strict"], dir).exitCode).toBe(1);
  });

  test("an unparsable pyproject.toml shows line and column", () => {
    const dir = join(work, "broken");
    mkdirSync(dir);
    writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "a"\n[tool\n');
    const r = run(["check"], dir);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/pyproject\.toml:3:\d+: invalid TOML/);
  });
});
