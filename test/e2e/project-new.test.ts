/**
 * `verse new` from an empty directory: the files Poetry 2 creates, the pyproject.toml exactly as
 * Poetry 2 writes it (its documented template), namespace packages, the flat layout, and the
 * refusals (non-empty destination, bad dependency) that write nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv, runBinary } from "../helpers/binary.ts";

let root: string;
let work: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-new-"));
  work = join(root, "work");
  mkdirSync(work);
  mkdirSync(join(root, "home"));
  // no git identity: the placeholder author is used, as Poetry does
  env = cleanEnv(join(root, "home"), { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_SYSTEM: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[]) => runBinary(VERSE_BIN, args, { cwd: work, env });

function files(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  ).sort();
}

describe("verse new", () => {
  test("src layout, as Poetry 2 writes it", () => {
    const r = run(["new", "my-project", "--python", ">=3.12"]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Created package my_project in my-project\n");
    const dir = join(work, "my-project");
    expect(files(dir)).toEqual(["README.md", "pyproject.toml", "src/my_project/__init__.py", "tests/__init__.py"]);
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toBe(`[project]
name = "my-project"
version = "0.1.0"
description = ""
authors = [
    {name = "Your Name",email = "you@example.com"}
]
readme = "README.md"
requires-python = ">=3.12"
dependencies = [
]

[tool.poetry]
packages = [{include = "my_project", from = "src"}]


[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("");
    // the project it wrote is one verse reads back
    const v = runBinary(VERSE_BIN, ["version"], { cwd: dir, env });
    expect(v.stdout).toBe("my-project 0.1.0\n");
  });

  test("defaults requires-python to the discovered Python", () => {
    const r = run(["new", "defaults"]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(work, "defaults", "pyproject.toml"), "utf8")).toMatch(/\nrequires-python = ">=3\.\d+"\n/);
  });

  test("namespace package, flat layout, every option", () => {
    const r = run([
      "new", "ns", "--name", "ns.pkg", "--flat", "--readme", "rst", "--license", "MIT", "--description", "A \"quoted\" one",
      "--author", "Ann Author <ann@example.com>", "--python", ">=3.9", "--dependency", "pendulum@^2.0.0", "--dependency", "requests[socks]>=2.31",
      "--dev-dependency", "pytest@^8.1",
    ]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Created package ns.pkg in ns\n");
    const dir = join(work, "ns");
    expect(files(dir)).toEqual(["README.rst", "ns/pkg/__init__.py", "pyproject.toml", "tests/__init__.py"]);
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toBe(`[project]
name = "ns-pkg"
version = "0.1.0"
description = "A \\"quoted\\" one"
authors = [
    {name = "Ann Author",email = "ann@example.com"}
]
license = {text = "MIT"}
readme = "README.rst"
requires-python = ">=3.9"
dependencies = [
    "pendulum (>=2.0.0,<3.0.0)",
    "requests[socks] (>=2.31)"
]

[dependency-groups]
dev = [
    "pytest (>=8.1,<9.0)"
]

[tool.poetry]
packages = [{include = "ns"}]


[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`);
  });

  test("flat layout whose package matches the name needs no packages entry", () => {
    const r = run(["new", "flat-one", "--flat", "--python", ">=3.10"]);
    expect(r.exitCode).toBe(0);
    const text = readFileSync(join(work, "flat-one", "pyproject.toml"), "utf8");
    expect(text).not.toContain("[tool.poetry]");
    expect(existsSync(join(work, "flat-one", "flat_one", "__init__.py"))).toBe(true);
  });

  test("the author comes from git config", () => {
    const gitconfig = join(root, "gitconfig");
    writeFileSync(gitconfig, "[user]\n\tname = Gita Author\n\temail = gita@example.com\n");
    const r = runBinary(VERSE_BIN, ["new", "with-git", "--python", ">=3.9"], { cwd: work, env: { ...env, GIT_CONFIG_GLOBAL: gitconfig } });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(work, "with-git", "pyproject.toml"), "utf8")).toContain('authors = [\n    {name = "Gita Author",email = "gita@example.com"}\n]\n');
  });

  test("refuses a non-empty directory and writes nothing", () => {
    mkdirSync(join(work, "busy"));
    writeFileSync(join(work, "busy", "notes.txt"), "mine");
    const r = run(["new", "busy"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("Destination busy exists and is not empty.");
    expect(readdirSync(join(work, "busy"))).toEqual(["notes.txt"]);
  });

  test("an invalid constraint or readme format is explained and nothing is created", () => {
    const bad = run(["new", "bad-dep", "--dependency", "requests@^^2"]);
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain('Invalid dependency specification "requests@^^2"');
    expect(existsSync(join(work, "bad-dep"))).toBe(false);
    const readme = run(["new", "bad-readme", "--readme", "doc"]);
    expect(readme.exitCode).toBe(2);
    expect(readme.stderr).toContain("Invalid readme format 'doc', use one of md, rst, txt.");
    expect(existsSync(join(work, "bad-readme"))).toBe(false);
    const name = run(["new", "bad-name", "--name", "-x-"]);
    expect(name.exitCode).toBe(3);
    expect(name.stderr).toContain('"-x-" is not a valid project name.');
    expect(existsSync(join(work, "bad-name"))).toBe(false);
  });
});
