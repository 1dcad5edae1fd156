/**
 * `verse config`: list, read, set (user config.toml or --local poetry.toml), unset; credentials
 * into auth.toml with mode 0600; environment precedence; an unknown key lists close ones; and
 * the keys `poetry config --list` (1.3.2) shares with verse have the same defaults.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv, runBinary } from "../helpers/binary.ts";

let root: string;
let work: string;
let home: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-config-"));
  work = join(root, "work");
  home = join(root, "home");
  mkdirSync(work);
  mkdirSync(home);
  env = cleanEnv(home);
  writeFileSync(join(work, "pyproject.toml"), '[project]\nname = "a"\nversion = "1.0"\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], extra: Record<string, string> = {}) => runBinary(VERSE_BIN, args, { cwd: work, env: { ...env, ...extra } });
const configDir = () => join(home, ".config", "verse");

describe("verse config", () => {
  test("--list shows every setting with its default", () => {
    const r = run(["config", "--list"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("virtualenvs.create = true\n");
    expect(r.stdout).toContain("virtualenvs.in-project = null\n");
    expect(r.stdout).toContain(`virtualenvs.path = "{cache-dir}/virtualenvs"  # ${join(home, ".cache", "verse", "virtualenvs")}\n`);
    expect(run(["config"]).stdout).toBe(r.stdout);
  });

  test("set, read, unset (user file), with the environment on top", () => {
    expect(run(["config", "virtualenvs.create", "false"]).exitCode).toBe(0);
    expect(readFileSync(join(configDir(), "config.toml"), "utf8")).toBe("[virtualenvs]\ncreate = false\n");
    expect(run(["config", "virtualenvs.create"]).stdout).toBe("false\n");
    expect(run(["config", "virtualenvs.create"], { POETRY_VIRTUALENVS_CREATE: "true" }).stdout).toBe("true\n");
    expect(run(["config", "--unset", "virtualenvs.create"]).exitCode).toBe(0);
    expect(run(["config", "virtualenvs.create"]).stdout).toBe("true\n");
  });

  test("--local writes the project's poetry.toml and wins over the user file", () => {
    run(["config", "virtualenvs.in-project", "false"]);
    expect(run(["config", "virtualenvs.in-project", "true", "--local"]).exitCode).toBe(0);
    expect(readFileSync(join(work, "poetry.toml"), "utf8")).toBe("[virtualenvs]\nin-project = true\n");
    expect(run(["config", "virtualenvs.in-project"]).stdout).toBe("true\n");
  });

  test("repositories and credentials; secrets only in auth.toml (0600)", () => {
    expect(run(["config", "repositories.internal", "https://pkgs.example/simple/"]).exitCode).toBe(0);
    expect(run(["config", "http-basic.internal", "me", "s3cret"]).exitCode).toBe(0);
    const auth = join(configDir(), "auth.toml");
    expect(statSync(auth).mode & 0o777).toBe(0o600);
    expect(readFileSync(auth, "utf8")).toContain('password = "s3cret"');
    expect(readFileSync(join(configDir(), "config.toml"), "utf8")).not.toContain("s3cret");
    const list = run(["config", "--list"]).stdout;
    expect(list).toContain('repositories.internal.url = "https://pkgs.example/simple/"\n');
    expect(list).not.toContain("s3cret");
    expect(run(["config", "repositories.internal.url"]).stdout).toBe("https://pkgs.example/simple/\n");
  });

  test("an unknown key or a bad value is explained and nothing is written", () => {
    const before = readFileSync(join(configDir(), "config.toml"), "utf8");
    const r = run(["config", "virtualenvs.in-projet", "true"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("There is no virtualenvs.in-projet setting.");
    expect(r.stderr).toContain("virtualenvs.in-project");
    const v = run(["config", "virtualenvs.create", "maybe"]);
    expect(v.exitCode).toBe(2);
    expect(v.stderr).toContain('"maybe" is not a valid value for virtualenvs.create');
    expect(readFileSync(join(configDir(), "config.toml"), "utf8")).toBe(before);
  });

  test.skipIf(!existsSync("/usr/bin/poetry"))("shared keys have Poetry's defaults", () => {
    const phome = join(root, "poetry-home");
    const r = Bun.spawnSync(["/usr/bin/poetry", "config", "--list"], {
      cwd: root, env: { ...cleanEnv(phome), POETRY_CONFIG_DIR: join(phome, "c"), POETRY_CACHE_DIR: join(phome, "k") },
    });
    const parse = (text: string) => new Map(text.split("\n").filter((l) => l.includes(" = ")).map((l) => {
      const [k, v] = l.split(" = ") as [string, string];
      return [k, v.replace(/  #.*$/, "")];
    }));
    const theirs = parse(r.stdout.toString());
    const fresh = runBinary(VERSE_BIN, ["config", "--list"], { cwd: root, env: cleanEnv(join(root, "fresh-home")) });
    const ours = parse(fresh.stdout);
    const shared = [...theirs.keys()].filter((k) => ours.has(k) && k !== "cache-dir");
    expect(shared.length).toBeGreaterThan(8);
    for (const k of shared) expect(`${k} = ${ours.get(k)}`).toBe(`${k} = ${theirs.get(k)}`);
  }, 30_000);
});
