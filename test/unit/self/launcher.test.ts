/**
 * The Windows launcher's script format: the layout the installer writes, read back the way
 * launcher.c reads it; the appended zip really runs under Python; and, when wine and mingw-w64
 * are installed, the compiled launcher itself runs both forms.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendedLauncher, besideScript, launcherBytes, readAppendedInterpreter, shebangLine, LauncherFormatError } from "../../../src/self/launcher-script.ts";

const SCRIPT = 'import sys\nprint("hello from __main__", sys.argv[1:])\nsys.exit(3)\n';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "verse-launcher-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("launcher script format", () => {
  test("the embedded launchers are Windows PE executables (x86 for 32-bit, x64 also for arm64)", () => {
    for (const arch of ["x64", "x86", "arm64"] as const) {
      const bytes = launcherBytes(arch);
      expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("MZ");
      expect(bytes.length).toBeLessThan(200_000);
    }
    expect(launcherBytes("arm64")).toEqual(launcherBytes("x64"));
  });

  test("appended: launcher bytes, then the #! line, then a zip ending the file", () => {
    const launcher = launcherBytes("x64");
    const exe = appendedLauncher(launcher, "C:\\venv\\Scripts\\python.exe", SCRIPT);
    expect(exe.subarray(0, launcher.length)).toEqual(launcher);
    const shebang = "\n#!C:\\venv\\Scripts\\python.exe\n";
    expect(new TextDecoder().decode(exe.subarray(launcher.length, launcher.length + shebang.length))).toBe(shebang);
    expect(String.fromCharCode(...exe.subarray(launcher.length + shebang.length, launcher.length + shebang.length + 4))).toBe("PK\x03\x04");
    expect(readAppendedInterpreter(exe)).toBe("C:\\venv\\Scripts\\python.exe");
    // Deterministic bytes for the same input.
    expect(appendedLauncher(launcher, "C:\\venv\\Scripts\\python.exe", SCRIPT)).toEqual(exe);
  });

  test("paths with spaces are quoted; relative paths stay relative; bad paths are refused", () => {
    const exe = appendedLauncher(new Uint8Array([0x4d, 0x5a]), "C:\\Program Files\\Python 3.12\\python.exe", SCRIPT);
    expect(readAppendedInterpreter(exe)).toBe("C:\\Program Files\\Python 3.12\\python.exe");
    expect(readAppendedInterpreter(appendedLauncher(new Uint8Array(), "python.exe", SCRIPT))).toBe("python.exe");
    expect(() => shebangLine('C:\\a"b')).toThrow(LauncherFormatError);
    expect(() => shebangLine("")).toThrow(LauncherFormatError);
    expect(readAppendedInterpreter(launcherBytes("x64"))).toBeNull();
  });

  test("beside: <name>-script.py with the #! line first", () => {
    expect(besideScript("black", "..\\python.exe", SCRIPT)).toEqual({ file: "black-script.py", text: `#!..\\python.exe\n${SCRIPT}` });
  });

  test("Python runs the zip appended after the launcher and the #! line", () => {
    const python = Bun.which("python3");
    if (!python) throw new Error("python3 is not installed");
    const path = join(dir, "tool.exe");
    writeFileSync(path, appendedLauncher(launcherBytes("x64"), "python.exe", SCRIPT));
    const r = Bun.spawnSync([python, path, "a", "b c"], { stdout: "pipe", stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.stdout.toString()).toBe("hello from __main__ ['a', 'b c']\n");
    expect(r.exitCode).toBe(3);
  });
});

const wine = existsSync("/usr/lib/wine/wine64") ? "/usr/lib/wine/wine64" : Bun.which("wine64") ?? Bun.which("wine");
const mingw = Bun.which("x86_64-w64-mingw32-gcc");
describe("the compiled launcher under wine", () => {
  const name = wine && mingw ? "runs both forms, passes arguments through and returns the exit code" : "runs both forms (skipped: needs wine64 and gcc-mingw-w64-x86-64)";
  test.skipIf(!wine || !mingw)(name, () => {
    // A stand-in for python.exe: prints its arguments and exits 7.
    writeFileSync(join(dir, "fakepy.c"), '#include <stdio.h>\nint main(int argc, char **argv) { for (int i = 1; i < argc; i++) printf("%s\\n", argv[i]); return 7; }\n');
    const cc = Bun.spawnSync([mingw!, "-O1", "-o", join(dir, "fakepy.exe"), join(dir, "fakepy.c")], { stderr: "pipe" });
    expect(cc.exitCode).toBe(0);
    const env = { ...process.env, WINEPREFIX: join(dir, "wineprefix"), WINEDEBUG: "-all", DISPLAY: "" };
    const run = (exe: string) => {
      const r = Bun.spawnSync([wine!, exe, "hello", "two words"], { cwd: dir, env, stdout: "pipe", stderr: "pipe", timeout: 120_000 });
      return { code: r.exitCode, lines: r.stdout.toString().replaceAll("\r", "").trim().split("\n") };
    };

    writeFileSync(join(dir, "app.exe"), appendedLauncher(launcherBytes("x64"), "fakepy.exe", SCRIPT));
    const appended = run("app.exe");
    expect(appended.code).toBe(7);
    expect(appended.lines).toEqual([`Z:${dir.replaceAll("/", "\\")}\\app.exe`, "hello", "two words"]);

    writeFileSync(join(dir, "tool.exe"), launcherBytes("x64"));
    const { file, text } = besideScript("tool", "fakepy.exe", SCRIPT);
    writeFileSync(join(dir, file), text);
    const beside = run("tool.exe");
    expect(beside.code).toBe(7);
    expect(beside.lines).toEqual([`Z:${dir.replaceAll("/", "\\")}\\tool-script.py`, "hello", "two words"]);

    // Neither form: a clear error and exit code 101.
    writeFileSync(join(dir, "lonely.exe"), launcherBytes("x64"));
    expect(run("lonely.exe").code).toBe(101);
  }, 180_000);
});
