/**
 * The Windows entry-point launcher's script format (launcher/launcher.c is the reader):
 *   appended:  [launcher exe][\n#!<python.exe>\n][zip archive holding __main__.py]
 *              (the newline before #! separates the line from the launcher's own bytes)
 *              The launcher runs `<python.exe> <the exe itself> <args>`; Python runs the zip
 *              appended to the exe (zipimport tolerates leading data).
 *   beside:    <name>.exe (the bare launcher) + <name>-script.py starting with #!<python.exe>.
 * A relative interpreter path is resolved against the exe's directory. The installer writes
 * console scripts in the appended form; these functions are its one way to do it.
 */
import { VerseError } from "../errors.ts";
import { fflate } from "../deferred.ts";
import { readEmbeddedBytes } from "../embedded.ts";

export type LauncherArch = "x64" | "x86" | "arm64";

export class LauncherFormatError extends VerseError {}

/** Fixed zip timestamps: the same script gives the same bytes. */
const ZIP_MTIME = new Date(Date.UTC(1980, 0, 2));

/** The embedded launcher for an architecture. arm64 uses the x64 one (Windows on Arm emulates it): llvm-mingw, needed for a native build, is not in Debian. */
export function launcherBytes(arch: LauncherArch): Uint8Array {
  return readEmbeddedBytes(`launchers/launcher-${arch === "x86" ? "x86" : "x64"}.exe`);
}

export function shebangLine(interpreter: string): string {
  if (interpreter.length === 0 || /[\r\n"]/.test(interpreter)) {
    throw new LauncherFormatError(`Cannot write a launcher for the interpreter path ${JSON.stringify(interpreter)}.`, { hint: "The path must be non-empty and hold no quotes or line breaks." });
  }
  return `#!${/\s/.test(interpreter) ? `"${interpreter}"` : interpreter}\n`;
}

/** The complete `<name>.exe`: launcher, #! line, zip with __main__.py. */
export function appendedLauncher(launcher: Uint8Array, interpreter: string, script: string): Uint8Array {
  const zip = fflate().zipSync({ "__main__.py": [new TextEncoder().encode(script), { mtime: ZIP_MTIME }] }, { level: 6 });
  const shebang = new TextEncoder().encode(`\n${shebangLine(interpreter)}`);
  const out = new Uint8Array(launcher.length + shebang.length + zip.length);
  out.set(launcher, 0);
  out.set(shebang, launcher.length);
  out.set(zip, launcher.length + shebang.length);
  return out;
}

/** The beside form: `<name>-script.py` for a bare launcher copied to `<name>.exe`. */
export function besideScript(name: string, interpreter: string, script: string): { file: string; text: string } {
  return { file: `${name}-script.py`, text: shebangLine(interpreter) + script };
}

/** What launcher.c reads from an appended launcher: the interpreter, or null when it is not one. */
export function readAppendedInterpreter(bytes: Uint8Array): string | null {
  const n = bytes.length;
  if (n < 22) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(n - 22, true) !== 0x06054b50) return null;
  const zipStart = n - 22 - view.getUint32(n - 22 + 12, true) - view.getUint32(n - 22 + 16, true);
  if (zipStart <= 2 || bytes[zipStart - 1] !== 0x0a) return null;
  let end = zipStart - 1;
  if (bytes[end - 1] === 0x0d) end--;
  let start = end - 1;
  while (start >= 0 && bytes[start] !== 0x0a && end - start < 32768) start--;
  if (start < 0 || bytes[start] !== 0x0a) return null;
  const line = new TextDecoder().decode(bytes.subarray(start + 1, end));
  if (!line.startsWith("#!")) return null;
  const rest = line.slice(2).trim();
  if (rest.startsWith('"')) {
    const close = rest.indexOf('"', 1);
    return close > 0 ? rest.slice(1, close) : null;
  }
  return rest || null;
}
