/**
 * `verse env ...` and `verse python list` through the compiled binary, with real Pythons and
 * fake ones (scripts that report a chosen version, hang or crash), and the bad-input cases:
 * a `.python-version` naming a missing Python, a constraint nothing meets, a hanging or crashing
 * interpreter, an unwritable virtualenvs.path. Each must give a clear message and leave nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv, runBinary } from "../helpers/binary.ts";
import { crashingPython, fakePython, hangingPython } from "../unit/python/fakes.ts";

const PY312 = "/root/.pyenv/versions/3.12.1/bin/python";
const PY311 = "/root/.pyenv/versions/3.11.7/bin/python";
const have = existsSync(PY312) && existsSync(PY311);

let root: string;
let project: string;
let env: Record<string, string>;
let venvs: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-env-e2e-"));
  project = join(root, "My Project");
  mkdirSync(project);
  mkdirSync(join(root, "home"));
  writeFileSync(join(project, "pyproject.toml"), `[tool.poetry]\nname = "demo-app"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = ">=3.11,<3.13"\n`);
  venvs = join(root, "venvs");
  env = cleanEnv(join(root, "home"), { POETRY_VIRTUALENVS_PATH: venvs, SHELL: "/bin/bash" });
});
afterAll(() => rmSync(root, { recursive: true, force: true }), 30_000);

const verse = (args: string[], extra: Record<string, string> = {}, cwd = project) => runBinary(VERSE_BIN, args, { cwd, env: { ...env, ...extra } });

function hash(): string {
  const h = new Bun.CryptoHasher("sha256").update(project).digest("base64url");
  return h.slice(0, 8);
}

describe.skipIf(!binaryBuilt() || !have)("env commands", () => {
  test("env use, list, info, activate, remove", () => {
    const name = `demo-app-${hash()}`;
    const use = verse(["env", "use", "3.11"]);
    expect(use.stderr).toBe("");
    expect(use.stdout).toContain(`Creating virtualenv ${name}-py3.11 in ${venvs}`);
    expect(use.stdout).toContain(`Using virtualenv: ${join(venvs, `${name}-py3.11`)}`);
    expect(verse(["env", "use", PY312]).exitCode).toBe(0);
    expect(readFileSync(join(venvs, "envs.toml"), "utf8")).toContain(`[${name}]\nminor = "3.12"\npatch = "3.12.1"`);
    expect(verse(["env", "list"]).stdout).toBe(`${name}-py3.11\n${name}-py3.12 (Activated)\n`);
    expect(verse(["env", "list", "--full-path"]).stdout).toContain(`${join(venvs, `${name}-py3.12`)} (Activated)`);
    const info = verse(["env", "info"]).stdout;
    expect(info).toContain("Python:          3.12.1");
    expect(info).toContain("Valid:           True");
    expect(info).toContain("Executable:  /root/.pyenv/versions/3.12.1/bin/python3.12");
    expect(verse(["env", "info", "-p"]).stdout).toBe(`${join(venvs, `${name}-py3.12`)}\n`);
    expect(verse(["env", "info", "-e"]).stdout).toBe(`${join(venvs, `${name}-py3.12`, "bin", "python")}\n`);
    expect(verse(["env", "activate"]).stdout).toBe(`source '${join(venvs, `${name}-py3.12`, "bin", "activate")}'\n`);
    expect(verse(["env", "activate"], { SHELL: "/usr/bin/fish" }).stdout).toContain("activate.fish");
    const removed = verse(["env", "remove", "3.11"]);
    expect(removed.stdout).toBe(`Deleted virtualenv: ${join(venvs, `${name}-py3.11`)}\n`);
    expect(verse(["env", "remove", `${name}-py3.9`]).stderr).toContain(`Environment "${name}-py3.9" does not exist.`);
    expect(verse(["env", "use", "system"]).exitCode).toBe(0);
    expect(readFileSync(join(venvs, "envs.toml"), "utf8")).not.toContain(name);
    expect(verse(["env", "remove", "--all"]).exitCode).toBe(0);
    expect(readdirSync(venvs).filter((n) => n.startsWith(name))).toEqual([]);
    expect(verse(["env", "info", "-p"]).exitCode).toBe(1);
  }, 30_000);

  test("in-project .venv, prompt and options from poetry.toml", () => {
    writeFileSync(join(project, "poetry.toml"), `[virtualenvs]\nin-project = true\nprompt = "dev-{python_version}"\n\n[virtualenvs.options]\nno-pip = true\n`);
    try {
      const r = verse(["env", "use", "3.12"]);
      expect(r.exitCode).toBe(0);
      const cfg = readFileSync(join(project, ".venv", "pyvenv.cfg"), "utf8");
      expect(cfg).toContain("prompt = 'dev-3.12'");
      expect(existsSync(join(project, ".venv", "bin", "pip"))).toBe(false);
      expect(verse(["env", "list"]).stdout).toBe(".venv (Activated)\n");
      expect(verse(["env", "info", "-p"]).stdout).toBe(`${join(project, ".venv")}\n`);
    } finally {
      rmSync(join(project, "poetry.toml"));
      rmSync(join(project, ".venv"), { recursive: true, force: true });
    }
  });
});

describe.skipIf(!binaryBuilt())("bad input", () => {
  test("a .python-version naming a missing version", () => {
    writeFileSync(join(project, ".python-version"), "3.99\n");
    try {
      const r = verse(["env", "info"]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain(".python-version asks for Python 3.99, which is not installed");
      expect(r.stderr).not.toContain("    at ");
    } finally {
      rmSync(join(project, ".python-version"));
    }
  });

  test("a request no interpreter meets lists each one found and why", () => {
    const r = verse(["env", "use", "3.9"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`No Python interpreter matches the request "3.9" and the project's constraint >=3.11,<3.13.`);
    expect(r.stderr).toMatch(/3\.9\.\d+ does not satisfy the project's Python constraint >=3\.11,<3\.13/);
    expect(r.stderr).toContain("2.7.18 is not supported");
  });

  test("hanging and crashing interpreters are stopped and reported; nothing is made", () => {
    const hang = hangingPython(join(root, "fakes", "hang", "python3"));
    const crash = crashingPython(join(root, "fakes", "crash", "python3"));
    const started = Date.now();
    const h = verse(["env", "use", hang], { VERSE_PYTHON_QUERY_TIMEOUT: "1" });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(h.exitCode).toBe(1);
    expect(h.stderr).toContain("did not answer within 1 s and was stopped");
    const c = verse(["env", "use", crash]);
    expect(c.exitCode).toBe(1);
    expect(c.stderr).toContain("crashed (SIGSEGV)");
    expect(existsSync(venvs) ? readdirSync(venvs).filter((n) => !n.endsWith(".toml")) : []).toEqual([]);
  }, 20_000);

  test.skipIf(!have)("an unwritable virtualenvs.path", () => {
    writeFileSync(join(root, "not-a-dir"), "");
    const r = verse(["env", "use", "3.12"], { POETRY_VIRTUALENVS_PATH: join(root, "not-a-dir", "venvs") });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`Cannot create the virtual environment directory ${join(root, "not-a-dir", "venvs")}`);
    expect(r.stderr).toContain("virtualenvs.path");
  });

  test("outside a project", () => {
    const r = verse(["env", "info"], {}, root);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("could not find a pyproject.toml");
  });
});

describe.skipIf(!binaryBuilt())("python list", () => {
  test("shows fake and real interpreters with source and version", () => {
    const bin = join(root, "fakebin");
    fakePython(join(bin, "python3.42"), "3.42.0");
    const r = verse(["python", "list"], { PATH: `${bin}:/usr/bin`, PYENV_ROOT: join(root, "no-pyenv") });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Version\s+Implementation\s+Source\s+Path$/);
    expect(lines[1]).toMatch(new RegExp(`^3\\.42\\.0\\s+CPython\\s+path\\s+${bin}/python3\\.42$`));
    expect(r.stdout).toContain("/usr/bin/python3");
  });
});
