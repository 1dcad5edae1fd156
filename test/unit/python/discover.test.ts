import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConstraint } from "../../../src/standards/constraint.ts";
import { discover, findInterpreter, listInterpreters } from "../../../src/python/discover.ts";
import { InterpreterQueryError, NoSuitableInterpreter, PythonNotInstalled } from "../../../src/python/errors.ts";
import { InterpreterCache } from "../../../src/python/interpreter-cache.ts";
import { parsePythonRequest } from "../../../src/python/request.ts";
import { crashingPython, fakePython, garbagePython, hangingPython } from "./fakes.ts";

let root: string;
let env: Record<string, string>;
let counter: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-disc-"));
  counter = join(root, "starts.log");
  const pyenv = join(root, "pyenv");
  fakePython(join(pyenv, "versions", "3.9.1", "bin", "python"), "3.9.1", { counter });
  fakePython(join(pyenv, "versions", "3.14.0", "bin", "python"), "3.14.0", { counter });
  fakePython(join(pyenv, "versions", "3.12.5", "bin", "python"), "3.12.5", { counter });
  fakePython(join(pyenv, "versions", "2.7.18", "bin", "python"), "2.7.18", { counter });
  // A shim must never be listed or cached.
  fakePython(join(pyenv, "shims", "python3"), "3.99.0");
  fakePython(join(root, "bin", "python3.13"), "3.13.2", { counter });
  fakePython(join(root, "bin", "python3"), "3.10.0", { counter });
  fakePython(join(root, "bin2", "python3.11"), "3.11.4", { counter });
  mkdirSync(join(root, "home"));
  mkdirSync(join(root, "project"));
  env = { HOME: join(root, "home"), PYENV_ROOT: pyenv, PATH: [join(pyenv, "shims"), join(root, "bin"), join(root, "bin2")].join(":") };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cache = () => new InterpreterCache(join(root, "cache"), { timeoutMs: 1000 });
const base = () => ({ env, cwd: join(root, "project"), projectDir: join(root, "project"), platform: "linux" as const, cache: cache() });

describe("discovery order", () => {
  test("pyenv newest first, then PATH in order with python3.X before python3; shims skipped", async () => {
    const list = await listInterpreters(base());
    expect(list.map((l) => `${l.candidate.source}:${l.interpreter?.info.version}`)).toEqual([
      "pyenv:3.14.0",
      "pyenv:3.12.5",
      "pyenv:3.9.1",
      "pyenv:2.7.18",
      "path:3.13.2",
      "path:3.10.0",
      "path:3.11.4",
    ]);
  });

  test("pyenv's global version comes first", async () => {
    writeFileSync(join(env.PYENV_ROOT!, "version"), "3.9.1\n");
    try {
      const found = await findInterpreter(base());
      expect(found.interpreter.info.version).toBe("3.9.1");
    } finally {
      rmSync(join(env.PYENV_ROOT!, "version"));
    }
  });

  test("the first interpreter satisfying the constraint wins", async () => {
    const found = await findInterpreter({ ...base(), constraint: { constraint: parseConstraint(">=3.10,<3.13"), text: ">=3.10,<3.13" } });
    expect(found.interpreter.info.version).toBe("3.12.5");
    const caret = await findInterpreter({ ...base(), constraint: { constraint: parseConstraint("~3.11"), text: "~3.11" } });
    expect(caret.interpreter.info.version).toBe("3.11.4");
  });

  test("an explicit request narrows every source; a path is the only candidate", async () => {
    expect((await findInterpreter({ ...base(), request: parsePythonRequest("3.13") })).interpreter.info.version).toBe("3.13.2");
    expect((await findInterpreter({ ...base(), request: parsePythonRequest("python3.11") })).candidate.path).toBe(join(root, "bin2", "python3.11"));
    const path = join(root, "bin", "python3");
    const byPath = await findInterpreter({ ...base(), request: parsePythonRequest(path) });
    expect(byPath.candidate.source).toBe("explicit");
    expect(byPath.interpreter.info.version).toBe("3.10.0");
    expect((await findInterpreter({ ...base(), env: { ...env, VERSE_PYTHON: "3.9" } })).interpreter.info.version).toBe("3.9.1");
  });

  test(".python-version pins the version; VIRTUAL_ENV and .venv come before pyenv", async () => {
    const project = join(root, "project");
    writeFileSync(join(project, ".python-version"), "# pinned\n3.12\n");
    try {
      const found = await findInterpreter(base());
      expect(found.candidate.source).toBe("python-version");
      expect(found.interpreter.info.version).toBe("3.12.5");
    } finally {
      rmSync(join(project, ".python-version"));
    }
    const venv = join(root, "active");
    fakePython(join(venv, "bin", "python"), "3.11.9");
    const active = await findInterpreter({ ...base(), env: { ...env, VIRTUAL_ENV: venv } });
    expect(active.candidate.source).toBe("active-venv");
    fakePython(join(project, ".venv", "bin", "python"), "3.12.9");
    try {
      expect((await findInterpreter(base())).candidate.source).toBe("project-venv");
      expect((await findInterpreter({ ...base(), baseOnly: true })).candidate.source).toBe("pyenv");
    } finally {
      rmSync(join(project, ".venv"), { recursive: true });
    }
  });
});

describe("rejection", () => {
  test("no interpreter meets the constraint: each one found is listed with its reason", async () => {
    const err = await findInterpreter({ ...base(), constraint: { constraint: parseConstraint(">=3.15"), text: ">=3.15" } }).catch((e) => e);
    expect(err).toBeInstanceOf(NoSuitableInterpreter);
    const msg = (err as Error).message;
    expect(msg).toContain("No Python interpreter satisfies the project's Python constraint >=3.15.");
    expect(msg).toContain(`${join(env.PYENV_ROOT!, "versions", "3.14.0", "bin", "python")} (pyenv): 3.14.0 does not satisfy the project's Python constraint >=3.15`);
    expect(msg).toContain("2.7.18 is not supported: verse needs Python 3.6 or newer");
    expect(msg).toContain("(path): 3.11.4 does not satisfy");
    expect(msg).not.toContain("3.99.0");
  });

  test(".python-version naming a missing version", async () => {
    const project = join(root, "project");
    writeFileSync(join(project, ".python-version"), "3.99\n");
    try {
      const err = await findInterpreter(base()).catch((e) => e);
      expect(err).toBeInstanceOf(PythonNotInstalled);
      expect((err as Error).message).toContain(`${join(project, ".python-version")} asks for Python 3.99, which is not installed`);
      expect((err as PythonNotInstalled).exitCode).toBe(3);
    } finally {
      rmSync(join(project, ".python-version"));
    }
  });

  test("hanging, crashing and non-Python executables are rejected with a reason, bounded by the timeout", async () => {
    const dir = join(root, "bad");
    hangingPython(join(dir, "python3.20"));
    crashingPython(join(dir, "python3.19"));
    garbagePython(join(dir, "python3.18"));
    const started = performance.now();
    const result = await discover({ ...base(), env: { ...env, PATH: dir, PYENV_ROOT: join(root, "no-pyenv") } });
    expect(performance.now() - started).toBeLessThan(8000);
    const reasons = result.rejected.map((r) => r.reason);
    expect(reasons[0]).toContain("did not answer within 1 s and was stopped");
    expect(reasons[1]).toContain("crashed (SIGSEGV)");
    expect(reasons[2]).toContain("did not print a report");
    const explicit = await findInterpreter({ ...base(), request: parsePythonRequest(join(dir, "python3.19")) }).catch((e) => e);
    expect(explicit).toBeInstanceOf(InterpreterQueryError);
    expect((explicit as Error).message).toContain("libpython3.12");
    const missing = await findInterpreter({ ...base(), request: parsePythonRequest(join(dir, "nope")) }).catch((e) => e);
    expect((missing as Error).message).toContain("does not exist");
  }, 20_000);
});

describe("the interpreter cache", () => {
  test("a second discovery starts no interpreter; a changed binary is queried again; shims are never cached", async () => {
    const dir = join(root, "cache");
    rmSync(dir, { recursive: true, force: true });
    rmSync(counter, { force: true });
    await listInterpreters(base());
    const first = readFileSync(counter, "utf8").split("\n").filter(Boolean).length;
    expect(first).toBe(7);
    await listInterpreters(base());
    expect(readFileSync(counter, "utf8").split("\n").filter(Boolean).length).toBe(first);
    fakePython(join(root, "bin", "python3"), "3.10.1", { counter, extra: { soabi: "changed-size" } });
    const again = await listInterpreters(base());
    expect(again.find((l) => l.candidate.path === join(root, "bin", "python3"))?.interpreter?.info.version).toBe("3.10.1");
    expect(readFileSync(counter, "utf8").split("\n").filter(Boolean).length).toBe(first + 1);
    const shimPath = join(env.PYENV_ROOT!, "shims", "python3");
    const c = cache();
    await c.resolve(shimPath);
    const files = (await Array.fromAsync(new Bun.Glob("*.json").scan(join(dir, "interpreters", "v1")))).length;
    expect(files).toBe(7);
    expect(existsSync(dir)).toBe(true);
  });

  test("an environment is never linked to a shim: the real binary it runs is used", async () => {
    const real = join(env.PYENV_ROOT!, "versions", "3.12.5", "bin", "python");
    const shim = fakePython(join(root, "other", "shims", "python3"), "3.12.5", { extra: { executable: real } });
    const { baseInterpreter } = await import("../../../src/python/environment.ts");
    const c = cache();
    const base = await baseInterpreter(await c.resolve(shim), c);
    expect(base.path).toBe(real);
  });
});
