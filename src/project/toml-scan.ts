/**
 * A position map of a TOML document: where every table header, key and value sits in the text.
 *
 * smol-toml gives values but no positions; the format-preserving editor and the "line N" in
 * schema errors both need offsets. The scanner runs only on text smol-toml has already accepted,
 * so it does not validate: it just finds spans. Every value is mapped (arrays and inline tables
 * down to their items) so edits can target the exact characters they change.
 */

export type PathPart = string | number;
export type TomlPath = readonly PathPart[];

export type ValueNode =
  | { readonly kind: "scalar"; readonly start: number; readonly end: number; readonly quote: QuoteStyle }
  | { readonly kind: "array"; readonly start: number; readonly end: number; readonly items: readonly ValueNode[] }
  | { readonly kind: "inline"; readonly start: number; readonly end: number; readonly entries: readonly InlineEntry[] };

/** How a string scalar was quoted (null for numbers, booleans, dates). */
export type QuoteStyle = '"' | "'" | '"""' | "'''" | null;

export interface InlineEntry {
  readonly keys: readonly string[];
  readonly keyStart: number;
  readonly value: ValueNode;
}

export interface Entry {
  /** Dotted key parts, relative to the section. */
  readonly keys: readonly string[];
  /** Absolute path (section path + keys). */
  readonly path: TomlPath;
  readonly lineStart: number;
  readonly keyStart: number;
  readonly value: ValueNode;
  /** Offset just past the line's end of line (or the end of the text). */
  readonly lineEnd: number;
}

export interface Section {
  readonly kind: "root" | "table" | "array";
  /** Resolved path; array-of-tables elements carry their index, e.g. ["tool","poetry","source",1]. */
  readonly path: TomlPath;
  /** Start of the comment lines glued above the header (no blank line between), or headerStart. */
  readonly leadStart: number;
  readonly headerStart: number;
  /** Offset just past the header line. */
  readonly headerEnd: number;
  readonly entries: Entry[];
  /** Offset just past the last non-blank line that belongs to this section. */
  contentEnd: number;
  /** Where the next section's lead begins (or the end of the text). */
  end: number;
}

export interface TomlMap {
  readonly text: string;
  readonly sections: readonly Section[];
  readonly eol: "\n" | "\r\n";
}

const BARE = /[A-Za-z0-9_-]/;

class Scanner {
  pos = 0;
  constructor(readonly s: string) {}

  skipSpaces(): void {
    const s = this.s;
    while (this.pos < s.length && (s[this.pos] === " " || s[this.pos] === "\t")) this.pos++;
  }

  /** Skips spaces, newlines and comments (inside arrays and inline tables). */
  skipBlank(): void {
    const s = this.s;
    for (;;) {
      this.skipSpaces();
      const c = s[this.pos];
      if (c === "\n" || c === "\r") this.pos++;
      else if (c === "#") this.skipComment();
      else return;
    }
  }

  skipComment(): void {
    const s = this.s;
    while (this.pos < s.length && s[this.pos] !== "\n" && s[this.pos] !== "\r") this.pos++;
  }

  /** Skips the rest of a line (spaces, a comment) and its end of line. */
  skipLineEnd(): void {
    this.skipSpaces();
    if (this.s[this.pos] === "#") this.skipComment();
    if (this.s[this.pos] === "\r") this.pos++;
    if (this.s[this.pos] === "\n") this.pos++;
  }

  key(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      keys.push(this.keyPart());
      this.skipSpaces();
      if (this.s[this.pos] !== ".") return keys;
      this.pos++;
    }
  }

  private keyPart(): string {
    const s = this.s;
    const c = s[this.pos];
    if (c === '"') {
      const start = this.pos;
      this.pos = basicStringEnd(s, this.pos);
      return decodeBasic(s.slice(start + 1, this.pos - 1));
    }
    if (c === "'") {
      const close = s.indexOf("'", this.pos + 1);
      const text = s.slice(this.pos + 1, close);
      this.pos = close + 1;
      return text;
    }
    const start = this.pos;
    while (this.pos < s.length && BARE.test(s[this.pos] as string)) this.pos++;
    return s.slice(start, this.pos);
  }

  value(): ValueNode {
    const s = this.s;
    const start = this.pos;
    const c = s[start];
    if (c === '"' || c === "'") {
      const triple = s.startsWith(c.repeat(3), start);
      if (triple) {
        this.pos = multilineEnd(s, start, c);
        return { kind: "scalar", start, end: this.pos, quote: c === '"' ? '"""' : "'''" };
      }
      this.pos = c === '"' ? basicStringEnd(s, start) : s.indexOf("'", start + 1) + 1;
      return { kind: "scalar", start, end: this.pos, quote: c };
    }
    if (c === "[") {
      this.pos++;
      const items: ValueNode[] = [];
      for (;;) {
        this.skipBlank();
        if (s[this.pos] === "]") break;
        items.push(this.value());
        this.skipBlank();
        if (s[this.pos] === ",") this.pos++;
      }
      this.pos++;
      return { kind: "array", start, end: this.pos, items };
    }
    if (c === "{") {
      this.pos++;
      const entries: InlineEntry[] = [];
      for (;;) {
        this.skipBlank();
        if (s[this.pos] === "}") break;
        const keyStart = this.pos;
        const keys = this.key();
        this.pos++; // "="
        this.skipSpaces();
        entries.push({ keys, keyStart, value: this.value() });
        this.skipBlank();
        if (s[this.pos] === ",") this.pos++;
      }
      this.pos++;
      return { kind: "inline", start, end: this.pos, entries };
    }
    // numbers, booleans, dates: up to a delimiter; "1979-05-27 07:32:00" holds one space
    while (this.pos < s.length && !" \t\r\n,]}#".includes(s[this.pos] as string)) this.pos++;
    if (s[this.pos] === " " && /^\d{4}-\d\d-\d\d$/.test(s.slice(start, this.pos)) && /\d\d:/.test(s.slice(this.pos + 1, this.pos + 4))) {
      this.pos++;
      while (this.pos < s.length && !" \t\r\n,]}#".includes(s[this.pos] as string)) this.pos++;
    }
    return { kind: "scalar", start, end: this.pos, quote: null };
  }
}

function basicStringEnd(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return s.length;
}

function multilineEnd(s: string, start: number, q: string): number {
  let i = start + 3;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\" && q === '"') {
      i += 2;
      continue;
    }
    if (c === q && s[i + 1] === q && s[i + 2] === q) {
      let j = i + 3;
      // up to two quotes of the content may sit right before the closing delimiter
      while (j < s.length && j < i + 5 && s[j] === q) j++;
      return j;
    }
    i++;
  }
  return s.length;
}

const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", e: "\x1b", '"': '"', "\\": "\\" };

/** Decodes the inside of a one-line basic string (keys only need this). */
export function decodeBasic(body: string): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[i + 1] as string;
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const width = e === "u" ? 4 : e === "U" ? 8 : e === "x" ? 2 : 0;
    out += String.fromCodePoint(Number.parseInt(body.slice(i + 2, i + 2 + width), 16));
    i += 1 + width;
  }
  return out;
}

function pathKey(path: TomlPath): string {
  return JSON.stringify(path);
}

/** Maps a document that smol-toml has accepted. */
export function scanToml(text: string): TomlMap {
  const sc = new Scanner(text);
  const s = text;
  const eol = s.includes("\r\n") ? "\r\n" : "\n";
  const root: Section = { kind: "root", path: [], leadStart: 0, headerStart: 0, headerEnd: 0, entries: [], contentEnd: 0, end: 0 };
  const sections: Section[] = [root];
  let current = root;
  // For arrays of tables: the number of elements seen so far under each resolved path.
  const arrayCounts = new Map<string, number>();
  let commentRun: number | null = null; // start of consecutive comment lines right above
  let beforeRun = 0; // the section's contentEnd before that comment run
  while (sc.pos < s.length) {
    const lineStart = sc.pos;
    sc.skipSpaces();
    const c = s[sc.pos];
    if (c === "\n" || c === "\r" || c === undefined) {
      sc.skipLineEnd();
      commentRun = null;
      if (c === undefined) break;
      continue;
    }
    if (c === "#") {
      sc.skipLineEnd();
      if (commentRun === null) {
        commentRun = lineStart;
        beforeRun = current.contentEnd;
      }
      current.contentEnd = sc.pos;
      continue;
    }
    if (c === "[") {
      const isArray = s[sc.pos + 1] === "[";
      sc.pos += isArray ? 2 : 1;
      const keys = sc.key();
      sc.pos += isArray ? 2 : 1;
      sc.skipLineEnd();
      const leadStart = commentRun ?? lineStart;
      current.end = leadStart;
      if (commentRun !== null) current.contentEnd = beforeRun;
      commentRun = null;
      const path = resolveHeader(keys, isArray, arrayCounts);
      current = { kind: isArray ? "array" : "table", path, leadStart, headerStart: lineStart, headerEnd: sc.pos, entries: [], contentEnd: sc.pos, end: s.length };
      sections.push(current);
      continue;
    }
    commentRun = null;
    const keyStart = sc.pos;
    const keys = sc.key();
    sc.pos++; // "="
    sc.skipSpaces();
    const value = sc.value();
    sc.skipLineEnd();
    current.entries.push({ keys, path: [...current.path, ...keys], lineStart, keyStart, value, lineEnd: sc.pos });
    current.contentEnd = sc.pos;
  }
  current.end = s.length;
  return { text, sections, eol };
}

function resolveHeader(keys: readonly string[], isArray: boolean, counts: Map<string, number>): TomlPath {
  const path: PathPart[] = [];
  for (let i = 0; i < keys.length; i++) {
    path.push(keys[i] as string);
    const last = i === keys.length - 1;
    const key = pathKey(path);
    if (last && isArray) {
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      path.push(n);
    } else if (counts.has(key)) {
      path.push((counts.get(key) as number) - 1);
    }
  }
  return path;
}

export function pathEquals(a: TomlPath, b: TomlPath): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export function pathStartsWith(path: TomlPath, prefix: TomlPath): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where a key path is written: the key of an entry or inline entry, an array item, or a table
 * header. Falls back to the nearest enclosing location that is written down.
 */
export function locatePath(map: TomlMap, path: TomlPath): number | null {
  let best: { offset: number; depth: number } | null = null;
  const consider = (offset: number, depth: number) => {
    if (best === null || depth > best.depth) best = { offset, depth };
  };
  for (const section of map.sections) {
    if (section.kind !== "root" && pathStartsWith(path, section.path)) consider(section.headerStart, section.path.length);
    for (const entry of section.entries) {
      if (pathStartsWith(path, entry.path)) {
        consider(entry.keyStart, entry.path.length);
        descend(entry.value, path.slice(entry.path.length), entry.path.length, consider);
      } else if (pathStartsWith(entry.path, path)) {
        consider(entry.keyStart, path.length);
      }
    }
  }
  return best === null ? null : (best as { offset: number }).offset;
}

function descend(node: ValueNode, rest: TomlPath, depth: number, consider: (offset: number, depth: number) => void): void {
  if (rest.length === 0) return;
  const [head, ...tail] = rest;
  if (node.kind === "array" && typeof head === "number") {
    const item = node.items[head];
    if (item) {
      consider(item.start, depth + 1);
      descend(item, tail, depth + 1, consider);
    }
  } else if (node.kind === "inline") {
    for (const e of node.entries) {
      if (pathStartsWith(rest, e.keys)) {
        consider(e.keyStart, depth + e.keys.length);
        descend(e.value, rest.slice(e.keys.length), depth + e.keys.length, consider);
      }
    }
  }
}
