/**
 * TOML text for new values, in the style tomlkit (and so Poetry) writes: basic strings,
 * `["a", "b"]` arrays, `{version = "^1.0", extras = ["x"]}` inline tables.
 */
import { VerseError } from "../errors.ts";
import type { QuoteStyle, TomlPath } from "./toml-scan.ts";

export type TomlInput = string | number | boolean | Date | readonly TomlInput[] | { readonly [key: string]: TomlInput };

export class TomlRenderError extends VerseError {}

export interface RenderOptions {
  /** Write arrays one item per line, as Poetry writes `dependencies = [ ... ]`. */
  readonly multiline?: boolean;
  readonly indent?: string;
  readonly eol?: string;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function renderKey(key: string): string {
  return BARE_KEY.test(key) ? key : renderString(key);
}

export function renderKeyPath(keys: TomlPath): string {
  return keys.map((k) => renderKey(String(k))).join(".");
}

export function renderString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0").toUpperCase()}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A string in the quoting style an existing value used, where the new text allows it. */
export function renderStringLike(s: string, quote: QuoteStyle): string {
  if (quote === "'" && !/['\n\r\u0000-\u0008\u000a-\u001f\u007f]/.test(s)) return `'${s}'`;
  return renderString(s);
}

function renderNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  return String(n);
}

export function renderValue(value: TomlInput, options: RenderOptions = {}): string {
  if (typeof value === "string") return renderString(value);
  if (typeof value === "number") return renderNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = (value as readonly TomlInput[]).map((v) => renderValue(v));
    if (options.multiline) {
      const indent = options.indent ?? "    ";
      const eol = options.eol ?? "\n";
      return items.length === 0 ? `[${eol}]` : `[${eol}${items.map((i) => indent + i).join(`,${eol}`)}${eol}]`;
    }
    return `[${items.join(", ")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const parts = Object.entries(value as Record<string, TomlInput>).map(([k, v]) => `${renderKey(k)} = ${renderValue(v)}`);
    return `{${parts.join(", ")}}`;
  }
  throw new TomlRenderError(`cannot write ${String(value)} as a TOML value`);
}
