/**
 * What the user asked for: `--python`, `verse env use <x>`, VERSE_PYTHON or a `.python-version`
 * line. A path, a version prefix ("3", "3.12", "3.12.1"), an executable name ("python3.12",
 * "pypy3") or a Poetry constraint (">=3.10,<3.13").
 */
import { parseConstraint } from "../standards/constraint.ts";
import type { VersionConstraint } from "../standards/range.ts";
import { tryParseVersion } from "../standards/version.ts";
import { InvalidPythonRequest } from "./errors.ts";
import type { InterpreterInfo } from "./query.ts";

export type PythonRequest =
  | { readonly kind: "path"; readonly path: string; readonly text: string }
  | { readonly kind: "version"; readonly parts: readonly number[]; readonly implementation: string | null; readonly text: string }
  | { readonly kind: "name"; readonly name: string; readonly parts: readonly number[]; readonly implementation: string | null; readonly text: string }
  | { readonly kind: "constraint"; readonly constraint: VersionConstraint; readonly text: string };

const VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;
const NAME = /^(python|pypy|graalpy)(\d+(?:\.\d+){0,2})?(?:\.exe)?$/i;
const IMPL_VERSION = /^(cpython|pypy|graalpy)-?(\d+(?:\.\d+){0,2})$/i;

function numbers(text: string | undefined): number[] {
  return text ? text.split(".").map((p) => Number(p)) : [];
}

function implementationOf(word: string): string | null {
  const w = word.toLowerCase();
  if (w === "pypy") return "PyPy";
  if (w === "graalpy") return "GraalVM";
  if (w === "cpython") return "CPython";
  return null; // "python": any implementation
}

export function parsePythonRequest(raw: string): PythonRequest {
  const text = raw.trim();
  if (text === "") throw new InvalidPythonRequest("An empty Python request was given.", "Pass a version (3.12), an executable name (python3.12) or a path.");
  if (text.includes("/") || text.includes("\\") || text.startsWith(".") || text.startsWith("~")) {
    return { kind: "path", path: text, text };
  }
  const v = VERSION.exec(text);
  if (v) return { kind: "version", parts: numbers(text), implementation: null, text };
  const n = NAME.exec(text);
  if (n) return { kind: "name", name: text, parts: numbers(n[2]), implementation: implementationOf(n[1]!), text };
  const iv = IMPL_VERSION.exec(text);
  if (iv) return { kind: "version", parts: numbers(iv[2]), implementation: implementationOf(iv[1]!), text };
  try {
    return { kind: "constraint", constraint: parseConstraint(text), text };
  } catch {
    throw new InvalidPythonRequest(
      `"${text}" is not a Python version, executable name or path.`,
      "Examples: `3.12`, `python3.12`, `pypy3`, `>=3.10`, `/usr/bin/python3`.",
    );
  }
}

/** Whether an interpreter's report matches a version/name/constraint request (paths always do). */
export function requestAccepts(request: PythonRequest, info: InterpreterInfo): boolean {
  if (request.kind === "path") return true;
  if (request.kind === "constraint") {
    const version = tryParseVersion(info.version);
    return version !== null && request.constraint.allows(version);
  }
  if (request.implementation && info.implementation !== request.implementation) return false;
  return request.parts.every((part, i) => info.version_info[i] === part);
}

/** Lines of a `.python-version` file (pyenv format: one name per line, `#` comments). */
export function parsePythonVersionFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l !== "");
}
