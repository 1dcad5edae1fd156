/**
 * Span arithmetic for the editor: finding a value node under a path, and the exact character
 * ranges that remove an array item or an inline-table entry with its separator.
 */
import type { Entry, InlineEntry, Section, TomlPath, ValueNode } from "./toml-scan.ts";
import { pathEquals, pathStartsWith } from "./toml-scan.ts";

export type ArrayNode = Extract<ValueNode, { kind: "array" }>;
export type InlineNode = Extract<ValueNode, { kind: "inline" }>;

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type Located =
  | { readonly kind: "entry"; readonly entry: Entry; readonly section: Section; readonly node: ValueNode }
  | { readonly kind: "inline-entry"; readonly container: InlineNode; readonly index: number; readonly node: ValueNode }
  | { readonly kind: "array-item"; readonly container: ArrayNode; readonly index: number; readonly node: ValueNode };

export function descend(node: ValueNode, rest: TomlPath): Located | null {
  const [head, ...tail] = rest;
  if (head === undefined) return null;
  if (node.kind === "array" && typeof head === "number") {
    const item = node.items[head];
    if (!item) return null;
    return tail.length === 0 ? { kind: "array-item", container: node, index: head, node: item } : descend(item, tail);
  }
  if (node.kind === "inline") {
    for (let i = 0; i < node.entries.length; i++) {
      const e = node.entries[i] as InlineEntry;
      if (pathEquals(e.keys, rest)) return { kind: "inline-entry", container: node, index: i, node: e.value };
      if (pathStartsWith(rest, e.keys)) return descend(e.value, rest.slice(e.keys.length));
    }
  }
  return null;
}

export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(start));
  return m ? m[0] : "";
}

export function inlineRemoval(node: InlineNode, index: number): Edit {
  const e = node.entries[index] as InlineEntry;
  const next = node.entries[index + 1];
  const prev = node.entries[index - 1];
  if (next) return { start: e.keyStart, end: next.keyStart, text: "" };
  if (prev) return { start: prev.value.end, end: e.value.end, text: "" };
  return { start: node.start, end: node.end, text: "{}" };
}

export function arrayRemoval(text: string, node: ArrayNode, index: number): Edit {
  const item = node.items[index] as ValueNode;
  const next = node.items[index + 1];
  const prev = node.items[index - 1];
  const lineStart = text.lastIndexOf("\n", item.start - 1) + 1;
  const startsLine = lineStart > node.start && /^[ \t]*$/.test(text.slice(lineStart, item.start));
  // what follows the item on its line: spaces, a comma, a comment
  let j = item.end;
  while (text[j] === " " || text[j] === "\t") j++;
  if (text[j] === ",") j++;
  while (text[j] === " " || text[j] === "\t") j++;
  if (text[j] === "#") while (j < text.length && text[j] !== "\n" && text[j] !== "\r") j++;
  const endsLine = text[j] === "\n" || text[j] === "\r";
  if (startsLine && endsLine) {
    if (text[j] === "\r") j++;
    return { start: lineStart, end: j + 1, text: "" };
  }
  if (!next && !prev) {
    return text.slice(node.start, node.end).includes("\n") ? { start: item.start, end: j, text: "" } : { start: node.start, end: node.end, text: "[]" };
  }
  if (next) return { start: item.start, end: next.start, text: "" };
  return { start: (prev as ValueNode).end, end: item.end, text: "" };
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Removal ranges of nested sections can overlap; fold them so each character goes once. */
export function mergeOverlapping(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && e.start < prev.end) {
      out[out.length - 1] = { start: prev.start, end: Math.max(prev.end, e.end), text: prev.text + (e.end > prev.end ? e.text : "") };
    } else if (prev && e.start === prev.end && e.text === "" && prev.text === "") {
      out[out.length - 1] = { start: prev.start, end: e.end, text: "" };
    } else out.push(e);
  }
  return out;
}
