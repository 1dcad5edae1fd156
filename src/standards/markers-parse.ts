/**
 * PEP 508 marker expressions: the syntax tree and its recursive-descent parser, shaped like
 * packaging's so that `str()` prints the same text (same grouping, same quotes).
 */
import { canonicalizeName } from "./names.ts";
import { Tokenizer } from "./markers-tokenizer.ts";

export type MarkerOp = "===" | "==" | "~=" | "!=" | "<=" | ">=" | "<" | ">" | "in" | "not in";

export type MarkerVar =
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "value"; readonly value: string };

export interface MarkerItem {
  readonly kind: "item";
  readonly lhs: MarkerVar;
  readonly op: MarkerOp;
  readonly rhs: MarkerVar;
}

/** A flat list `atom (and|or atom)*`, as packaging keeps it; precedence is applied when evaluating. */
export type MarkerList = readonly (MarkerAtom | "and" | "or")[];
export type MarkerAtom = MarkerItem | MarkerList;

/** The variable names as the grammar spells them, mapped to the environment key they read. */
function envKey(text: string): string {
  const key = text.replace(".", "_");
  return key === "python_implementation" ? "platform_python_implementation" : key;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/**
 * The value of a quoted string token read as a Python string literal (what packaging does),
 * or null when Python would reject it (a bad `\x`/`\u` escape, an escaped closing quote, a
 * line break inside the string).
 */
export function decodePythonString(token: string): string | null {
  const body = token.slice(1, -1);
  if (body.endsWith("\\")) {
    // The closing quote would be escaped unless the backslashes pair up.
    let run = 0;
    for (let i = body.length - 1; i >= 0 && body[i] === "\\"; i--) run++;
    if (run % 2 === 1) return null;
  }
  if (!body.includes("\\")) return /[\n\r]/.test(body) ? null : body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\n" || c === "\r") return null;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i]!;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) out += simple;
    else if (e === "\n") continue;
    else if (e >= "0" && e <= "7") {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? "")) digits += body[++i];
      out += String.fromCodePoint(parseInt(digits, 8));
    } else if (e === "x" || e === "u" || e === "U") {
      const width = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return null;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return null;
      out += String.fromCodePoint(code);
      i += width;
    } else if (e === "N") {
      return null; // named escapes need Unicode's name table, which we do not carry
    } else {
      out += "\\" + e; // Python keeps unknown escapes verbatim
    }
  }
  return out;
}

function parseVar(t: Tokenizer): MarkerVar {
  if (t.check("VARIABLE")) return { kind: "variable", name: envKey(t.read().text) };
  if (t.check("QUOTED_STRING")) {
    const token = t.read();
    const value = decodePythonString(token.text);
    if (value === null) t.fail("Invalid quoted string", token.position, t.position);
    return { kind: "value", value };
  }
  return t.fail("Expected a marker variable or quoted string");
}

function parseOp(t: Tokenizer): MarkerOp {
  if (t.check("IN")) {
    t.read();
    return "in";
  }
  if (t.check("NOT")) {
    t.read();
    t.expect("WS", "whitespace after 'not'");
    t.expect("IN", "'in' after 'not'");
    return "not in";
  }
  if (t.check("OP")) return t.read().text as MarkerOp;
  return t.fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}

/** PEP 685: an `extra` compared with a literal compares normalized names. */
function normalizeExtraItem(lhs: MarkerVar, op: MarkerOp, rhs: MarkerVar): MarkerItem {
  if (lhs.kind === "variable" && lhs.name === "extra" && rhs.kind === "value") {
    rhs = { kind: "value", value: canonicalizeName(rhs.value) };
  } else if (rhs.kind === "variable" && rhs.name === "extra" && lhs.kind === "value") {
    lhs = { kind: "value", value: canonicalizeName(lhs.value) };
  } else if (
    rhs.kind === "variable" && (rhs.name === "extras" || rhs.name === "dependency_groups") && lhs.kind === "value"
  ) {
    lhs = { kind: "value", value: canonicalizeName(lhs.value) };
  }
  return { kind: "item", lhs, op, rhs };
}

function parseItem(t: Tokenizer): MarkerItem {
  t.consume("WS");
  const lhs = parseVar(t);
  t.consume("WS");
  const op = parseOp(t);
  t.consume("WS");
  const rhs = parseVar(t);
  t.consume("WS");
  return normalizeExtraItem(lhs, op, rhs);
}

function parseAtom(t: Tokenizer): MarkerAtom {
  t.consume("WS");
  let atom: MarkerAtom;
  if (t.check("LEFT_PARENTHESIS", true)) {
    atom = t.enclosing("LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "marker expression", () => {
      t.consume("WS");
      const inner = parseMarkerList(t);
      t.consume("WS");
      return inner;
    });
  } else {
    atom = parseItem(t);
  }
  t.consume("WS");
  return atom;
}

/** `marker = atom (BOOLOP atom)*`, positioned anywhere in a larger source (requirements). */
export function parseMarkerList(t: Tokenizer): MarkerList {
  const out: (MarkerAtom | "and" | "or")[] = [parseAtom(t)];
  while (t.check("BOOLOP")) {
    out.push(t.read().text as "and" | "or");
    out.push(parseAtom(t));
  }
  return out;
}

/** A whole marker string; throws ParserSyntaxError. */
export function parseMarkerSource(source: string): MarkerList {
  const t = new Tokenizer(source);
  const list = parseMarkerList(t);
  t.expect("END", "end of marker expression");
  return list;
}

function isList(atom: MarkerAtom | "and" | "or"): atom is MarkerList {
  return Array.isArray(atom);
}

/** Packaging's value quoting: double quotes unless the value holds one. */
export function serializeValue(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function formatVar(v: MarkerVar): string {
  return v.kind === "variable" ? v.name : serializeValue(v.value);
}

export function formatItem(item: MarkerItem): string {
  return `${formatVar(item.lhs)} ${item.op} ${formatVar(item.rhs)}`;
}

/** packaging's `str(Marker)`: nested lists get parentheses, a one-element list is its element. */
export function formatMarkerList(atom: MarkerAtom | "and" | "or", top = true): string {
  if (typeof atom === "string") return atom;
  if (!isList(atom)) return formatItem(atom);
  if (atom.length === 1) return formatMarkerList(atom[0]!, top);
  const inner = atom.map((a) => formatMarkerList(a, false)).join(" ");
  return top ? inner : `(${inner})`;
}
