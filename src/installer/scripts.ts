/**
 * Scripts of an installed wheel: console and GUI entry points become small Python launchers,
 * and `#!python` in `.data/scripts/` files is rewritten to the environment's interpreter.
 * A shebang line is limited in length by the kernel and cannot quote spaces, so a long or
 * space-containing interpreter path uses the `/bin/sh` trick: the file is both a shell script
 * that execs Python on itself and a Python file whose first statement is a harmless string.
 */
import { InvalidWheelError } from "./errors.ts";

export interface EntryPoint {
  readonly name: string;
  readonly module: string;
  /** Dotted attribute path inside the module, or null for a bare module. */
  readonly attribute: string | null;
  readonly gui: boolean;
}

/** Sections of an entry_points.txt (an INI file): section → name → value. */
export function parseEntryPointsText(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      const name = line.slice(1, -1).trim();
      section = out.get(name) ?? new Map();
      out.set(name, section);
      continue;
    }
    const eq = line.indexOf("=");
    if (section === null || eq <= 0) continue;
    section.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

const SCRIPT_NAME = /^[A-Za-z0-9._+-][A-Za-z0-9._+ -]*$/;
const REFERENCE = /^([A-Za-z_][\w.]*)\s*(?::\s*([A-Za-z_][\w.]*))?\s*(?:\[[^\]]*\])?$/;

/** The console_scripts and gui_scripts of an entry_points.txt. */
export function scriptEntryPoints(text: string, where: string): EntryPoint[] {
  const sections = parseEntryPointsText(text);
  const out: EntryPoint[] = [];
  for (const [section, gui] of [["console_scripts", false], ["gui_scripts", true]] as const) {
    for (const [name, value] of sections.get(section) ?? []) {
      const m = REFERENCE.exec(value);
      if (!m || !SCRIPT_NAME.test(name) || name.includes("/") || name === "." || name === "..") {
        throw new InvalidWheelError(`${where}: invalid entry point ${JSON.stringify(name)} = ${JSON.stringify(value)}`, "Entry points read name = module:attribute.");
      }
      out.push({ name, module: m[1] as string, attribute: m[2] ?? null, gui });
    }
  }
  return out;
}

/** Longest interpreter path written directly after `#!` (Linux reads 127 bytes on old kernels). */
const MAX_SHEBANG = 127;

/** The first line(s) that make a file run with `python`. */
export function shebang(python: string): string {
  const direct = `#!${python}`;
  if (!/[\s]/.test(python) && Buffer.byteLength(direct) <= MAX_SHEBANG) return `${direct}\n`;
  const quoted = python.replace(/'/g, "'\"'\"'");
  // sh sees: exec '<python>' "$0" "$@"   (the quotes join '''exec' into the word exec)
  // python sees: a string literal '''exec' ... ' ''' and moves on.
  return `#!/bin/sh\n'''exec' '${quoted}' "$0" "$@"\n' '''\n`;
}

/** The launcher of one entry point. */
export function entryPointScript(ep: EntryPoint, python: string): string {
  const [head, ...rest] = (ep.attribute ?? "").split(".");
  const importLine = ep.attribute === null ? `import ${ep.module}` : `from ${ep.module} import ${head}`;
  const call = ep.attribute === null ? `${ep.module}` : [head, ...rest].join(".");
  return (
    shebang(python) +
    "# -*- coding: utf-8 -*-\n" +
    "import re\n" +
    "import sys\n" +
    `${importLine}\n` +
    "if __name__ == '__main__':\n" +
    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n" +
    `    sys.exit(${call}())\n`
  );
}

/**
 * A `.data/scripts/` file: `#!python` (or `#!pythonw`, with arguments) becomes the environment's
 * interpreter; anything else is returned unchanged (null).
 */
export function rewriteScript(data: Uint8Array, python: string): Uint8Array | null {
  if (data.length < 8 || data[0] !== 0x23 || data[1] !== 0x21) return null;
  const nl = data.indexOf(0x0a);
  const first = new TextDecoder().decode(data.subarray(0, nl < 0 ? data.length : nl)).replace(/\r$/, "");
  const m = /^#!python(w)?(\s.*)?$/.exec(first);
  if (!m) return null;
  const args = (m[2] ?? "").trim();
  const head = args === "" ? shebang(python) : shebang(python).replace(/\n$/, ` ${args}\n`);
  const rest = nl < 0 ? new Uint8Array() : data.subarray(nl + 1);
  const headBytes = new TextEncoder().encode(head);
  const out = new Uint8Array(headBytes.length + rest.length);
  out.set(headBytes, 0);
  out.set(rest, headBytes.length);
  return out;
}
