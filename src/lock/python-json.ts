/**
 * `json.dumps(value, sort_keys=True)` exactly as CPython writes it with its defaults:
 * separators ", " and ": ", ensure_ascii (every character outside U+0020..U+007E escaped, as
 * `\uXXXX` in lowercase hex, astral characters as surrogate pairs), keys sorted by code point,
 * floats as `repr()` writes them ("1.0", "1e+16", "1.5e-07", "Infinity", "NaN"), integers (given
 * as bigint so that `1` and `1.0` stay apart) in decimal.
 */
import { compareCodePoints } from "./toml-text.ts";

export type PyJson =
  | null
  | boolean
  | bigint
  /** A Python float. */
  | number
  | string
  | readonly PyJson[]
  | { readonly [key: string]: PyJson };

const SHORT: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x08: "\\b",
  0x0c: "\\f",
};

export function pyJsonString(s: string): string {
  let out = '"';
  let run = 0; // start of the current run of characters written as they are
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i); // UTF-16 units: astral characters come out as surrogate pairs
    if (code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c) continue;
    out += s.slice(run, i) + (SHORT[code] ?? `\\u${code.toString(16).padStart(4, "0")}`);
    run = i + 1;
  }
  return `${out}${s.slice(run)}"`;
}

/** Python's float repr: shortest round-trip digits; scientific below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip
  const [mantissa, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || "0"}`;
}

export function pyJsonDumps(value: PyJson): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return pyFloatRepr(value);
  if (typeof value === "string") return pyJsonString(value);
  if (Array.isArray(value)) return `[${(value as readonly PyJson[]).map(pyJsonDumps).join(", ")}]`;
  const obj = value as { readonly [key: string]: PyJson };
  const keys = Object.keys(obj).sort(compareCodePoints);
  return `{${keys.map((k) => `${pyJsonString(k)}: ${pyJsonDumps(obj[k] as PyJson)}`).join(", ")}}`;
}
