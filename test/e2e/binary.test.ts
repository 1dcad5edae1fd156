/**
 * The compiled binary stands alone: copied by itself into an empty directory and run from a
 * third directory with HOME elsewhere, it prints its version and help and reads an embedded
 * resource; it rejects unknown commands and options with a suggestion and exit code 2; and a
 * user's .env is never loaded into it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv, runBinary } from "../helpers/binary.ts";
import pkg from "../../package.json" with { type: "json" };

let root: string;
let bin: string;
let workdir: string;
let env: Record<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-e2e-"));
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "home"));
  mkdirSync(join(root, "work"));
  bin = join(root, "bin", "verse");
  copyFileSync(VERSE_BIN, bin);
  chmodSync(bin, 0o755);
  workdir = join(root, "work");
  env = cleanEnv(join(root, "home"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], extra: Record<string, string> = {}) => runBinary(bin, args, { cwd: workdir, env: { ...env, ...extra } });

describe("the binary alone", () => {
  test("prints its version", () => {
    for (const flag of ["--version", "-V"]) {
      const r = run([flag]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.trim()).toBe(`verse (version ${pkg.version})`);
    }
  });

  test("prints help, with the global options and commands", () => {
    const r = run(["--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Usage:");
    expect(r.stdout).toContain("--no-interaction");
    expect(r.stdout).toContain("Available commands:");
    expect(run([]).stdout).toBe(r.stdout);
  });

  test("prints help for a command", () => {
    const r = run(["about", "--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Description:");
    expect(r.stdout).toContain("Shows information about verse.");
    expect(run(["help", "about"]).stdout).toBe(r.stdout);
  });

  test("reads an embedded resource", () => {
    const r = run(["about"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("it never runs inside a Python");
  });

  test("an unknown command: message, suggestion, exit code 2", () => {
    const r = run(["frobnicate"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('The command "frobnicate" does not exist.');
    expect(r.stderr).toContain("verse list");
    const close = run(["abuot"]);
    expect(close.exitCode).toBe(2);
    expect(close.stderr).toContain("Did you mean this?");
    expect(close.stderr).toContain("about");
  });

  test("an unknown option: message, suggestion, exit code 2, no stack trace", () => {
    const r = run(["--frob"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('The "--frob" option does not exist.');
    expect(r.stderr).toContain("verse --help");
    expect(r.stderr).not.toContain("    at ");
    const close = run(["about", "--quite"]);
    expect(close.exitCode).toBe(2);
    expect(close.stderr).toContain("Did you mean --quiet");
  });

  test("global options work after the command, -q silences, -C changes directory", () => {
    expect(run(["about", "-q"]).stdout).toBe("");
    const missing = run(["-C", join(root, "nope"), "about"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("does not exist");
  });

  test("colour follows --ansi, NO_COLOR and FORCE_COLOR, and is off when piped", () => {
    const ESC = "\x1b[";
    expect(run(["--help"]).stdout).not.toContain(ESC);
    expect(run(["--help"], { FORCE_COLOR: "1" }).stdout).toContain(ESC);
    expect(run(["--help", "--ansi"]).stdout).toContain(ESC);
    expect(run(["--help", "--no-ansi"], { FORCE_COLOR: "1" }).stdout).not.toContain(ESC);
    expect(run(["--help"], { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout).not.toContain(ESC);
  });

  test("a .env or bunfig.toml in the working directory is not loaded", () => {
    writeFileSync(join(workdir, ".env"), "FORCE_COLOR=1\n");
    writeFileSync(join(workdir, "bunfig.toml"), 'preload = ["./nope.ts"]\n');
    try {
      const r = run(["--help"]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).not.toContain("\x1b[");
    } finally {
      rmSync(join(workdir, ".env"));
      rmSync(join(workdir, "bunfig.toml"));
    }
  });
});

describe("--python", () => {
  test("is an explicit interpreter request for the environment a command creates, as VERSE_PYTHON is", () => {
    const project = join(root, "pyproj");
    mkdirSync(project);
    writeFileSync(join(project, "pyproject.toml"), '[project]\nname = "pyproj"\nversion = "0.1.0"\nrequires-python = ">=3.8"\n');
    const inProject = (args: string[], extra: Record<string, string> = {}) =>
      runBinary(bin, args, { cwd: project, env: { ...env, POETRY_VIRTUALENVS_IN_PROJECT: "true", ...extra } });
    const flag = inProject(["--python", "3.9", "run", "python", "-c", "import sys; print(sys.version_info[:2])"]);
    expect(flag.stdout.trim()).toBe("(3, 9)");
    rmSync(join(project, ".venv"), { recursive: true, force: true });
    const viaEnv = inProject(["run", "python", "-c", "import sys; print(sys.version_info[:2])"], { VERSE_PYTHON: "3.10" });
    expect(viaEnv.stdout.trim()).toBe("(3, 10)");
  }, 60_000);
});

test("a closed pipe ends the output quietly (verse list | head -1)", () => {
  const r = Bun.spawnSync(["sh", "-c", `"${bin}" list | head -1; exit "\${PIPESTATUS:-0}"`], { cwd: workdir, env, stdout: "pipe", stderr: "pipe" });
  expect(r.stdout.toString()).toContain("verse (version");
  expect(r.stderr.toString()).toBe("");
});
