import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envBaseName, readEnvsToml, venvName, writeEnvsToml } from "../../../src/python/envs.ts";
import { InvalidPythonRequest } from "../../../src/python/errors.ts";
import { parsePythonRequest, parsePythonVersionFile } from "../../../src/python/request.ts";
import { sortInstallDirs } from "../../../src/python/sources.ts";
import { parsePyLauncherList, parseRegQuery } from "../../../src/python/windows.ts";
import { activationCommand, detectShell } from "../../../src/python/activation.ts";
import { renderPrompt } from "../../../src/python/settings.ts";

describe("Poetry's environment names", () => {
  // Expected values computed with Python: urlsafe_b64encode(sha256(path)).decode()[:8]
  test("name-hash-pyX.Y with the hash of the project path", () => {
    expect(envBaseName("demo", "/verse-test/nonexistent/project")).toBe("demo-e7aQq7vo");
    expect(envBaseName("My_App.Name", "/verse-test/My Project")).toBe("my-app-name-MSM-xEld");
    expect(venvName("demo-e7aQq7vo", "3.12")).toBe("demo-e7aQq7vo-py3.12");
  });
  test("long names are cut to 42 characters", () => {
    expect(envBaseName("a".repeat(60), "/verse-test/nonexistent/project")).toBe(`${"a".repeat(42)}-e7aQq7vo`);
  });
  test("envs.toml round trip", () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-envs-"));
    try {
      expect(readEnvsToml(dir)).toEqual({});
      writeEnvsToml(dir, { "demo-e7aQq7vo": { minor: "3.12", patch: "3.12.1" } });
      expect(readEnvsToml(dir)).toEqual({ "demo-e7aQq7vo": { minor: "3.12", patch: "3.12.1" } });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
  test("the prompt template", () => {
    expect(renderPrompt("{project_name}-py{python_version}", "demo", "3.12")).toBe("demo-py3.12");
  });
});

describe("Python requests", () => {
  test("kinds", () => {
    expect(parsePythonRequest("3.12")).toMatchObject({ kind: "version", parts: [3, 12] });
    expect(parsePythonRequest("3")).toMatchObject({ kind: "version", parts: [3] });
    expect(parsePythonRequest("python3.11")).toMatchObject({ kind: "name", parts: [3, 11], implementation: null });
    expect(parsePythonRequest("pypy3.10")).toMatchObject({ kind: "name", implementation: "PyPy" });
    expect(parsePythonRequest("cpython-3.12")).toMatchObject({ kind: "version", implementation: "CPython", parts: [3, 12] });
    expect(parsePythonRequest("/usr/bin/python3")).toMatchObject({ kind: "path" });
    expect(parsePythonRequest("./venv/bin/python")).toMatchObject({ kind: "path" });
    expect(parsePythonRequest(">=3.10,<3.13")).toMatchObject({ kind: "constraint" });
  });
  test("nonsense is a usage error with examples", () => {
    for (const bad of ["", "snake", "3.x.y!"]) {
      const e = (() => {
        try {
          parsePythonRequest(bad);
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(InvalidPythonRequest);
    }
  });
  test(".python-version format", () => {
    expect(parsePythonVersionFile("# comment\n3.12.1\n\n  system # fallback\r\n")).toEqual(["3.12.1", "system"]);
  });
  test("install directories sort newest first, non-versions last", () => {
    expect(sortInstallDirs(["3.9.18", "miniconda3", "3.13.0", "3.10.13", "3.13.0rc1"])).toEqual(["3.13.0", "3.13.0rc1", "3.10.13", "3.9.18", "miniconda3"]);
  });
});

describe("Windows discovery (pure parts)", () => {
  test("py --list-paths, new and old forms", () => {
    const text = " -V:3.12 *        C:\\Python312\\python.exe\r\n -V:3.11          C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python311\\python.exe\r\n -3.8-64        C:\\Python38\\python.exe\r\n";
    expect(parsePyLauncherList(text)).toEqual([
      { tag: "3.12", path: "C:\\Python312\\python.exe", isDefault: true },
      { tag: "3.11", path: "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python311\\python.exe", isDefault: false },
      { tag: "3.8-64", path: "C:\\Python38\\python.exe", isDefault: false },
    ]);
  });
  test("reg query output (PEP 514 InstallPath)", () => {
    const text = [
      "HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.12\\InstallPath",
      "    (Default)    REG_SZ    C:\\Python312\\",
      "    ExecutablePath    REG_SZ    C:\\Python312\\python.exe",
      "",
      "HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.11\\InstallPath",
      "    (Default)    REG_SZ    C:\\Python311",
    ].join("\r\n");
    expect(parseRegQuery(text)).toEqual(["C:\\Python312\\python.exe", "C:\\Python311\\python.exe"]);
  });
});

describe("activation commands", () => {
  test("per shell, quoted", () => {
    expect(activationCommand("bash", "/tmp/my env", "linux")).toBe("source '/tmp/my env/bin/activate'");
    expect(activationCommand("fish", "/tmp/e", "linux")).toBe("source '/tmp/e/bin/activate.fish'");
    expect(activationCommand("nu", "/tmp/e", "linux")).toBe('overlay use "/tmp/e/bin/activate.nu"');
    expect(activationCommand("pwsh", "/tmp/it's", "linux")).toBe("& '/tmp/it''s/bin/Activate.ps1'");
    expect(activationCommand("cmd", "C:\\p\\e", "win32")).toBe("C:\\p\\e\\Scripts\\activate.bat");
    expect(activationCommand("csh", "/tmp/e", "linux")).toBe("source '/tmp/e/bin/activate.csh'");
  });
  test("shell detection", () => {
    expect(detectShell({ SHELL: "/usr/bin/zsh" }, "linux")).toBe("zsh");
    expect(detectShell({ SHELL: "/bin/bash", FISH_VERSION: "3" }, "linux")).toBe("fish");
    expect(detectShell({}, "win32")).toBe("cmd");
    expect(detectShell({ PSModulePath: "x" }, "win32")).toBe("powershell");
    expect(detectShell({}, "linux")).toBe("bash");
  });
});
