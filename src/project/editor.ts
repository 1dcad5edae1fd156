/**
 * The format-preserving TOML editor behind add, remove, version, source and config.
 *
 * Each operation changes only the characters it must: a value is replaced in place (keeping its
 * quote style), a new key goes right after its table's last key with that key's indentation, an
 * array item follows the array's own layout (one per line or inline, trailing comma or not), a
 * new table is placed after its closest relative. Comments, blank lines, key order and CRLF
 * line endings are untouched.
 *
 * Safety net: after every operation the new text is parsed again and compared with the same
 * operation applied to the data; a mismatch throws TomlEditError and the text stays as it was,
 * so a bug here can never write a damaged pyproject.toml.
 *
 * Why our own layer instead of @decimalturn/toml-patch 3.3.0 (evaluated): its whole-document
 * diff put a new `[tool.poetry.group.x]` table as a dotted inline key at the top of the file,
 * inserted keys after the comment that belongs to the next header (and dropped the blank line
 * before it), and wrote TOML 1.1 trailing commas in inline tables that Poetry's TOML 1.0
 * parser rejects. Edits as explicit operations over scanned positions avoid all three.
 */
import { VerseError } from "../errors.ts";
import { parseToml, type TomlTable } from "./toml-parse.ts";
import { renderKeyPath, renderStringLike, renderValue, type RenderOptions, type TomlInput } from "./toml-render.ts";
import { pathEquals, pathStartsWith, scanToml, type PathPart, type Section, type TomlMap, type TomlPath, type ValueNode } from "./toml-scan.ts";
import { sameDocument, mirrorOp, type MirrorOp } from "./editor-mirror.ts";
import { applyEdits, arrayRemoval, descend, inlineRemoval, lineIndent, mergeOverlapping, type Edit, type Located } from "./editor-spans.ts";

export class TomlEditError extends VerseError {}

type InlineNode = Extract<ValueNode, { kind: "inline" }>;

type Host =
  | { readonly kind: "section"; readonly section: Section; readonly prefix: readonly string[] }
  | { readonly kind: "inline"; readonly node: InlineNode };

export class TomlEditor {
  private body: string;
  private readonly bom: string;
  private data: TomlTable;
  private scanned: TomlMap | null = null;
  private readonly file: string;

  /** Parses `text` (throws TomlSyntaxError with line and column when it is not TOML). */
  constructor(text: string, file = "pyproject.toml") {
    this.bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
    this.body = this.bom ? text.slice(1) : text;
    this.file = file;
    this.data = parseToml(this.body, file);
  }

  /** The current document text. */
  get text(): string {
    return this.bom + this.body;
  }

  /** The current document as data (do not mutate). */
  get value(): TomlTable {
    return this.data;
  }

  get eol(): "\n" | "\r\n" {
    return this.map.eol;
  }

  /** The value at `path`, or undefined. */
  get(path: TomlPath): unknown {
    let cur: unknown = this.data;
    for (const p of path) {
      if (cur === null || typeof cur !== "object") return undefined;
      cur = (cur as Record<string, unknown>)[p as string];
    }
    return cur;
  }

  has(path: TomlPath): boolean {
    return this.get(path) !== undefined;
  }

  private get map(): TomlMap {
    if (this.scanned === null) this.scanned = scanToml(this.body);
    return this.scanned;
  }

  /** Sets a key (creating its table when missing), replacing any existing value in place. */
  set(path: TomlPath, value: TomlInput, options: RenderOptions = {}): this {
    if (path.length === 0) throw new TomlEditError("cannot replace the whole document");
    this.commit({ op: "set", path, value }, () => this.planSet(path, value, options));
    return this;
  }

  /** Makes sure a table exists (as a `[header]` when it must be created). */
  ensureTable(path: TomlPath): this {
    const current = this.get(path);
    if (current !== undefined) {
      if (typeof current !== "object" || Array.isArray(current) || current instanceof Date) {
        throw new TomlEditError(`${renderKeyPath(path)} is not a table`);
      }
      // explicit, implicit (sub-headers only) or dotted: all usable as they are
      if (this.host(path) !== null || this.map.sections.some((s) => pathStartsWith(s.path, path))) return this;
    }
    this.commit({ op: "ensure", path }, () => this.planEnsureTable(path));
    return this;
  }

  /** Removes a key, a table (with its sub-tables), an array item or an array-of-tables element. */
  remove(path: TomlPath): boolean {
    if (!this.has(path)) return false;
    const arrayTable = this.map.sections.some((s) => s.kind === "array" && pathEquals(s.path, path));
    this.commit({ op: "remove", path, arrayTable }, () => this.planRemove(path));
    return true;
  }

  /** Appends to the array at `path` (creating it, in the given style, when missing). */
  appendToArray(path: TomlPath, value: TomlInput, options: RenderOptions = {}): this {
    const current = this.get(path);
    if (current === undefined) return this.set(path, [value], options);
    if (!Array.isArray(current)) throw new TomlEditError(`${renderKeyPath(path)} is not an array`);
    this.commit({ op: "append", path, value }, () => this.planAppend(path, value));
    return this;
  }

  /** Removes every item of the array at `path` for which `match` is true; returns how many. */
  removeFromArray(path: TomlPath, match: (item: unknown) => boolean): number {
    const current = this.get(path);
    if (!Array.isArray(current)) return 0;
    let removed = 0;
    for (let i = current.length - 1; i >= 0; i--) {
      if (match(current[i])) {
        this.remove([...path, i]);
        removed++;
      }
    }
    return removed;
  }

  /** Appends a `[[path]]` element (for `[[tool.poetry.source]]`). */
  appendArrayTable(path: TomlPath, table: { readonly [key: string]: TomlInput }): this {
    const current = this.get(path);
    if (current !== undefined && !Array.isArray(current)) throw new TomlEditError(`${renderKeyPath(path)} is not an array of tables`);
    this.commit({ op: "append", path, value: table }, () => this.planAppendArrayTable(path, table));
    return this;
  }

  // ---------------------------------------------------------------- plumbing

  private commit(op: MirrorOp, plan: () => Edit[]): void {
    const edits = plan().sort((a, b) => b.start - a.start);
    let next = this.body;
    for (const e of edits) next = next.slice(0, e.start) + e.text + next.slice(e.end);
    const expected = mirrorOp(this.data, op);
    let actual: TomlTable;
    try {
      actual = parseToml(next, this.file);
    } catch (e) {
      throw new TomlEditError(`internal error: editing ${this.file} produced invalid TOML; nothing was written`, { cause: e });
    }
    if (!sameDocument(actual, expected)) {
      throw new TomlEditError(`internal error: editing ${this.file} did not give the intended content; nothing was written`);
    }
    this.body = next;
    this.data = actual;
    this.scanned = null;
  }

  /** The value node at `path`, and what holds it. */
  private locate(path: TomlPath): Located | null {
    for (const section of this.map.sections) {
      for (const entry of section.entries) {
        if (pathEquals(entry.path, path)) return { kind: "entry", entry, section, node: entry.value };
        if (pathStartsWith(path, entry.path)) return descend(entry.value, path.slice(entry.path.length));
      }
    }
    return null;
  }

  /** Where keys of the table at `path` can be written. */
  private host(path: TomlPath): Host | null {
    const sections = this.map.sections;
    const explicit = sections.find((s) => pathEquals(s.path, path));
    if (explicit) return { kind: "section", section: explicit, prefix: [] };
    const located = this.locate(path);
    if (located) return located.node.kind === "inline" ? { kind: "inline", node: located.node } : null;
    for (const s of sections) {
      if (s.path.length >= path.length || !pathStartsWith(path, s.path)) continue;
      if (s.entries.some((e) => pathStartsWith(e.path, path) && e.path.length > path.length)) {
        const rest = path.slice(s.path.length);
        if (rest.every((p) => typeof p === "string")) return { kind: "section", section: s, prefix: rest as string[] };
      }
    }
    return null;
  }

  private planSet(path: TomlPath, value: TomlInput, options: RenderOptions): Edit[] {
    const located = this.locate(path);
    if (located) return [{ start: located.node.start, end: located.node.end, text: this.renderReplacing(located.node, value, options) }];
    if (this.get(path) !== undefined) {
      // a table written as [headers]: drop it, then write the new value
      const removal = this.planRemove(path);
      const after = new TomlEditor(applyEdits(this.body, removal), this.file);
      after.set(path, value, options);
      return [{ start: 0, end: this.body.length, text: after.body }];
    }
    const parent = path.slice(0, -1);
    const key = path[path.length - 1] as PathPart;
    if (typeof key === "number") throw new TomlEditError(`cannot set item ${key} of ${renderKeyPath(parent)}: use appendToArray`);
    let host = this.host(parent);
    if (host === null) {
      if (this.get(parent) !== undefined && this.map.sections.some((s) => pathStartsWith(s.path, parent))) {
        // a table that exists only through its sub-tables gets its own header
        return this.planNewHeader(parent, [[key, value]], false, options);
      }
      if (this.get(parent) !== undefined) throw new TomlEditError(`${renderKeyPath(parent)} is not a table`);
      return this.planNewHeader(parent, [[key, value]], false, options);
    }
    if (host.kind === "inline") return [this.inlineInsert(host.node, key, value)];
    return [this.sectionInsert(host.section, [...host.prefix, key], value, options)];
  }

  private renderReplacing(node: ValueNode, value: TomlInput, options: RenderOptions): string {
    if (typeof value === "string" && node.kind === "scalar" && (node.quote === "'" || node.quote === '"')) {
      return renderStringLike(value, node.quote);
    }
    return renderValue(value, { eol: this.map.eol, ...options });
  }

  private inlineInsert(node: InlineNode, key: string, value: TomlInput): Edit {
    const text = `${renderKeyPath([key])} = ${renderValue(value)}`;
    const last = node.entries[node.entries.length - 1];
    if (last) return { start: last.value.end, end: last.value.end, text: `, ${text}` };
    return { start: node.start, end: node.end, text: `{${text}}` };
  }

  private sectionInsert(section: Section, keys: readonly PathPart[], value: TomlInput, options: RenderOptions): Edit {
    const prefix = keys.slice(0, -1);
    const siblings = section.entries.filter((e) => pathStartsWith(e.keys, prefix));
    const last = siblings[siblings.length - 1] ?? section.entries[section.entries.length - 1];
    const eol = this.map.eol;
    const indent = last ? this.body.slice(last.lineStart, last.keyStart) : "";
    let pos: number;
    if (last) pos = last.lineEnd;
    else if (section.kind === "root") pos = section.contentEnd;
    else pos = section.headerEnd;
    const line = `${indent}${renderKeyPath(keys)} = ${renderValue(value, { eol, ...options })}`;
    // a file that ends without an end of line keeps ending without one
    const needsBreak = pos > 0 && this.body[pos - 1] !== "\n";
    return { start: pos, end: pos, text: needsBreak ? eol + line : line + eol };
  }

  private planEnsureTable(path: TomlPath): Edit[] {
    return this.planNewHeader(path, [], false, {});
  }

  /** A new `[path]` (or `[[path]]`) block holding `entries`, placed next to its relatives. */
  private planNewHeader(path: TomlPath, entries: readonly (readonly [string, TomlInput])[], array: boolean, options: RenderOptions): Edit[] {
    if (path.length === 0) {
      const root = this.map.sections[0] as Section;
      return entries.map(([k, v]) => this.sectionInsert(root, [k], v, options));
    }
    if (path.some((p) => typeof p === "number")) {
      throw new TomlEditError(`cannot create a table inside an array element at ${renderKeyPath(path)}`);
    }
    const eol = this.map.eol;
    const header = array ? `[[${renderKeyPath(path)}]]` : `[${renderKeyPath(path)}]`;
    const body = entries.map(([k, v]) => `${renderKeyPath([k])} = ${renderValue(v, { eol, ...options })}${eol}`).join("");
    const sections = this.map.sections;
    // a table defined so far only by its sub-tables: its header goes right before the first one
    if (!array) {
      const firstChild = sections.find((s) => s.kind !== "root" && pathStartsWith(s.path, path));
      if (firstChild) return [{ start: firstChild.leadStart, end: firstChild.leadStart, text: `${header}${eol}${body}${eol}` }];
    }
    // otherwise after the last section that shares the longest prefix with it
    let anchor: Section | null = null;
    for (let n = path.length; n >= 1 && anchor === null; n--) {
      const prefix = path.slice(0, n);
      for (const s of sections) if (s.kind !== "root" && pathStartsWith(s.path, prefix)) anchor = s;
    }
    const text = this.body;
    if (anchor === null) {
      // after everything (trailing blank lines stay at the end)
      const last = sections[sections.length - 1] as Section;
      const pos = last.contentEnd;
      const needsBreak = pos > 0 && text[pos - 1] !== "\n";
      const gap = pos === 0 ? "" : eol;
      return [{ start: pos, end: pos, text: `${needsBreak ? eol : ""}${gap}${header}${eol}${body}` }];
    }
    const pos = anchor.contentEnd;
    const needsBreak = pos > 0 && text[pos - 1] !== "\n";
    return [{ start: pos, end: pos, text: `${needsBreak ? eol : ""}${eol}${header}${eol}${body}` }];
  }

  private planAppendArrayTable(path: TomlPath, table: { readonly [key: string]: TomlInput }): Edit[] {
    const entries = Object.entries(table);
    const sections = this.map.sections;
    const elements = sections.filter((s) => s.kind === "array" && s.path.length === path.length + 1 && pathStartsWith(s.path, path));
    const lastElement = elements[elements.length - 1];
    if (!lastElement) return this.planNewHeader(path, entries, true, {});
    const lastPath = lastElement.path;
    let anchor = lastElement;
    for (const s of sections) if (pathStartsWith(s.path, lastPath)) anchor = s;
    const eol = this.map.eol;
    const body = entries.map(([k, v]) => `${renderKeyPath([k])} = ${renderValue(v, { eol })}${eol}`).join("");
    const pos = anchor.contentEnd;
    const needsBreak = pos > 0 && this.body[pos - 1] !== "\n";
    return [{ start: pos, end: pos, text: `${needsBreak ? eol : ""}${eol}[[${renderKeyPath(path)}]]${eol}${body}` }];
  }

  private planAppend(path: TomlPath, value: TomlInput): Edit[] {
    const located = this.locate(path);
    if (!located || located.node.kind !== "array") throw new TomlEditError(`${renderKeyPath(path)} is not an inline array`);
    const node = located.node;
    const text = this.body;
    const eol = this.map.eol;
    const rendered = renderValue(value);
    const last = node.items[node.items.length - 1];
    if (!last) {
      const inner = text.slice(node.start, node.end);
      if (!inner.includes("\n")) return [{ start: node.start, end: node.end, text: `[${rendered}]` }];
      const afterOpen = text.indexOf("\n", node.start) + 1;
      const closeIndent = lineIndent(text, node.end - 1);
      return [{ start: afterOpen, end: afterOpen, text: `${closeIndent}    ${rendered}${eol}` }];
    }
    let j = last.end;
    while (text[j] === " " || text[j] === "\t") j++;
    const hasComma = text[j] === ",";
    const closingOnOwnLine = text.slice(last.end, node.end).includes("\n");
    if (!closingOnOwnLine) return [{ start: last.end, end: last.end, text: `, ${rendered}` }];
    const startsLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf("\n", last.start - 1) + 1, last.start));
    const indent = startsLine ? lineIndent(text, last.start) : `${lineIndent(text, node.end - 1)}    `;
    let lineEnd = text.indexOf("\n", last.end);
    if (text[lineEnd - 1] === "\r") lineEnd--;
    const edits: Edit[] = [{ start: lineEnd, end: lineEnd, text: `${eol}${indent}${rendered}${hasComma ? "," : ""}` }];
    if (!hasComma) edits.push({ start: last.end, end: last.end, text: "," });
    return edits;
  }

  private planRemove(path: TomlPath): Edit[] {
    const edits: Edit[] = [];
    const text = this.body;
    const sections = this.map.sections;
    const removed = sections.filter((s) => s.kind !== "root" && pathStartsWith(s.path, path));
    for (const s of removed) edits.push({ start: s.leadStart, end: s.end, text: "" });
    for (const s of sections) {
      if (removed.includes(s)) continue;
      for (const e of s.entries) {
        if (pathStartsWith(e.path, path)) edits.push({ start: e.lineStart, end: e.lineEnd, text: "" });
      }
    }
    if (edits.length > 0) {
      // removing the last table must not leave blank lines at the end of the file
      const tail = Math.max(...edits.map((e) => e.end));
      if (tail === text.length) {
        const start = Math.min(...edits.filter((e) => e.end === tail).map((e) => e.start));
        let k = start;
        while (k > 0 && (text[k - 1] === "\n" || text[k - 1] === "\r" || text[k - 1] === " ")) k--;
        const eol = this.map.eol;
        if (k < start && k > 0) edits.push({ start: k, end: start, text: /\n$/.test(text) ? eol : "" });
      }
      return mergeOverlapping(edits);
    }
    const located = this.locate(path);
    if (!located) throw new TomlEditError(`cannot find ${renderKeyPath(path)} in the document`);
    if (located.kind === "inline-entry") return [inlineRemoval(located.container, located.index)];
    if (located.kind === "array-item") return [arrayRemoval(text, located.container, located.index)];
    return [{ start: located.entry.lineStart, end: located.entry.lineEnd, text: "" }];
  }
}
