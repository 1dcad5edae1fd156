/**
 * The editor's operations applied to plain data: what the document must parse to after an
 * edit. The editor compares the two so a text edit that went wrong is caught before any write.
 */
import type { TomlTable } from "./toml-parse.ts";
import type { TomlInput } from "./toml-render.ts";
import type { TomlPath } from "./toml-scan.ts";

export type MirrorOp =
  | { readonly op: "set"; readonly path: TomlPath; readonly value: TomlInput }
  /** `arrayTable`: the item was a `[[header]]` element, so removing the last one drops the key. */
  | { readonly op: "remove"; readonly path: TomlPath; readonly arrayTable?: boolean }
  | { readonly op: "ensure"; readonly path: TomlPath }
  | { readonly op: "append"; readonly path: TomlPath; readonly value: TomlInput };

type Container = Record<string, unknown> | unknown[];

function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v !== null && typeof v === "object" && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/** Walks to the container of the last path part, creating tables on the way. */
function parentOf(root: Container, path: TomlPath): Container {
  let cur: Container = root;
  for (const p of path.slice(0, -1)) {
    const next = (cur as Record<string, unknown>)[p as string];
    if (next === undefined) {
      const table: Record<string, unknown> = {};
      (cur as Record<string, unknown>)[p as string] = table;
      cur = table;
    } else cur = next as Container;
  }
  return cur;
}

export function mirrorOp(data: TomlTable, op: MirrorOp): TomlTable {
  const root = clone(data) as Record<string, unknown>;
  const last = op.path[op.path.length - 1] as string | number;
  if (op.op === "ensure") {
    parentOf(root, [...op.path, "_"]);
    return root as TomlTable;
  }
  const parent = parentOf(root, op.path);
  if (op.op === "set") (parent as Record<string, unknown>)[last as string] = clone(op.value);
  else if (op.op === "remove") {
    if (Array.isArray(parent)) {
      parent.splice(last as number, 1);
      if (parent.length === 0 && op.arrayTable) {
        const holder = parentOf(root, op.path.slice(0, -1)) as Record<string, unknown>;
        delete holder[op.path[op.path.length - 2] as string];
      }
    }
    else delete parent[last as string];
  } else {
    const arr = (parent as Record<string, unknown>)[last as string];
    if (Array.isArray(arr)) arr.push(clone(op.value));
    else (parent as Record<string, unknown>)[last as string] = [clone(op.value)];
  }
  return root as TomlTable;
}

/**
 * Equality of parsed documents, where an empty table counts as absent: removing the last
 * `[tool.poetry.group.dev...]` header also removes the implicit `group` table around it.
 */
export function sameDocument(a: unknown, b: unknown): boolean {
  return deepEqual(prune(a), prune(b));
}

function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v !== null && typeof v === "object" && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p !== null && typeof p === "object" && !Array.isArray(p) && !(p instanceof Date) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date || b instanceof Date) return String(a) === String(b);
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
