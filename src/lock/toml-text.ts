/**
 * The few TOML forms poetry.lock uses, spelled as tomlkit (Poetry's TOML library) spells them:
 * basic strings with `\uXXXX` (lowercase hex) for control characters and DEL, non-ASCII kept
 * as is; bare keys when they fit `[A-Za-z0-9_-]+`; `["a", "b"]` arrays; `{k = v, ...}` inline
 * tables.
 */

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
};

/** A character a basic string cannot hold as is. */
const NEEDS_ESCAPE = /["\\\x00-\x1f\x7f]/;

export function tomlString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : tomlString(key);
}

export type InlineValue = string | boolean | readonly string[] | ReadonlyArray<readonly [string, InlineValue]>;

/** A scalar, a one-line string array, or an inline table given as ordered entries. */
export function tomlInline(value: InlineValue): string {
  if (typeof value === "string") return tomlString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value.length > 0 && Array.isArray(value[0])) {
    const entries = value as ReadonlyArray<readonly [string, InlineValue]>;
    return `{${entries.map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`).join(", ")}}`;
  }
  return `[${(value as readonly string[]).map(tomlString).join(", ")}]`;
}

/** An array one item per line with a trailing comma, as tomlkit's `multiline(True)` writes it. */
export function tomlMultiline(items: readonly string[]): string {
  if (items.length === 0) return "[]";
  return `[\n${items.map((i) => `    ${i},\n`).join("")}]`;
}

/** Python's str ordering: by code point (JS sort compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
