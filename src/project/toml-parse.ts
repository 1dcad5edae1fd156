/** TOML text → data, with errors that name the file, line and column. */
import { parse, TomlError, type TomlTable } from "smol-toml";
import { InvalidInputError } from "../errors.ts";

export type { TomlTable };

export class TomlSyntaxError extends InvalidInputError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, reason: string, excerpt: string) {
    super(
      `${file}:${line}:${column}: invalid TOML: ${reason}${excerpt ? `\n\n${excerpt}` : ""}`,
      `Fix the syntax at line ${line}, column ${column} of ${file} (a missing quote, bracket or comma is the usual cause), then run the command again.`,
    );
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** smol-toml prefixes its message and appends a code block; keep the reason and the block apart. */
function splitTomlMessage(message: string): { reason: string; excerpt: string } {
  const body = message.replace(/^Invalid TOML document: /, "");
  const cut = body.indexOf("\n\n");
  if (cut === -1) return { reason: body.trim(), excerpt: "" };
  return { reason: body.slice(0, cut).trim(), excerpt: body.slice(cut + 2).replace(/\s+$/, "") };
}

/** Parses TOML text; `file` only names the source in errors. */
export function parseToml(text: string, file = "pyproject.toml"): TomlTable {
  // A leading byte-order mark is legal in a file but not in the TOML grammar.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return parse(body);
  } catch (e) {
    if (e instanceof TomlError) {
      const { reason, excerpt } = splitTomlMessage(e.message);
      throw new TomlSyntaxError(file, e.line, e.column, reason, excerpt);
    }
    // smol-toml may throw a plain error on pathological input (e.g. nesting depth)
    throw new TomlSyntaxError(file, 1, 1, e instanceof Error ? e.message : String(e), "");
  }
}
