/**
 * `verse source add|show|remove`: [[tool.poetry.source]] entries written into pyproject.toml the
 * way Poetry 2 writes them (name, url, priority), placed as Poetry 1.3.2 places them, with the
 * rest of the file untouched; unknown names and bad priorities change nothing.
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
  root = mkdtempSync(join(tmpdir(), "verse-source-"));
  work = join(root, "work");
  mkdirSync(work);
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], cwd = work) => runBinary(VERSE_BIN, args, { cwd, env });
const read = () => readFileSync(join(work, "pyproject.toml"), "utf8");

const START = `[tool.poetry]
name = "a"
version = "1.2.3"
description = ""
authors = []

# runtime
[tool.poetry.dependencies]
python = "^3.8"

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;

describe("verse source", () => {
  test("add, update, show and remove", () => {
    writeFileSync(join(work, "pyproject.toml"), START);
    expect(run(["source", "add", "foo", "https://x.org/simple/"]).stdout).toBe("Adding source with name foo.\n");
    expect(run(["source", "add", "bar", "https://y.org/simple/", "--priority", "supplemental"]).stdout).toBe("Adding source with name bar.\n");
    expect(read()).toBe(START.replace("[build-system]", `[[tool.poetry.source]]
name = "foo"
url = "https://x.org/simple/"
priority = "primary"

[[tool.poetry.source]]
name = "bar"
url = "https://y.org/simple/"
priority = "supplemental"

[build-system]`));
    expect(run(["source", "add", "bar", "https://y.org/simple/", "--priority", "explicit"]).stdout).toBe("Source with name bar already exists. Updating.\n");
    expect(read()).toContain('name = "bar"\nurl = "https://y.org/simple/"\npriority = "explicit"\n');
    const show = run(["source", "show"]);
    expect(show.stdout).toBe(" name      : foo\n url       : https://x.org/simple/\n priority  : primary\n\n name      : bar\n url       : https://y.org/simple/\n priority  : explicit\n");
    expect(run(["source", "show", "bar"]).stdout).toBe(" name      : bar\n url       : https://y.org/simple/\n priority  : explicit\n");
    expect(run(["source", "remove", "foo"]).stdout).toBe("Removing source with name foo.\n");
    expect(run(["source", "remove", "bar"]).stdout).toBe("Removing source with name bar.\n");
    expect(read()).toBe(START);
    expect(run(["source", "show"]).stdout).toBe("No sources configured for this project.\n");
  });

  test("bad input changes nothing", () => {
    writeFileSync(join(work, "pyproject.toml"), START);
    const unknown = run(["source", "remove", "nope"]);
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toContain("Source with name nope was not found.");
    const priority = run(["source", "add", "foo", "https://x.org/simple/", "--priority", "default"]);
    expect(priority.exitCode).toBe(2);
    expect(priority.stderr).toContain('"default" is not a source priority.');
    const url = run(["source", "add", "foo", "not a url"]);
    expect(url.exitCode).toBe(2);
    expect(url.stderr).toContain('"not a url" is not a valid URL.');
    const pypi = run(["source", "add", "pypi", "https://x.org/simple/"]);
    expect(pypi.exitCode).toBe(2);
    expect(read()).toBe(START);
  });

  // Poetry 1.3.2 writes `default`/`secondary` instead of Poetry 2's `priority`; where the entry
  // goes in the file (after the dependencies table, before [build-system]) is the same.
  test.skipIf(!existsSync("/usr/bin/poetry"))("placed where Poetry places it", () => {
    const dir = join(root, "poetry");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "pyproject.toml"), START);
    const home = join(root, "poetry-home");
    Bun.spawnSync(["/usr/bin/poetry", "source", "add", "foo", "https://x.org/simple/"], {
      cwd: dir, env: { ...env, HOME: home, POETRY_CONFIG_DIR: join(home, "c"), POETRY_CACHE_DIR: join(home, "k") },
    });
    writeFileSync(join(work, "pyproject.toml"), START);
    run(["source", "add", "foo", "https://x.org/simple/"]);
    const theirs = readFileSync(join(dir, "pyproject.toml"), "utf8").replace("default = false\nsecondary = false\n", 'priority = "primary"\n');
    expect(read()).toBe(theirs);
  }, 30_000);
});
