/**
 * One-value mutations of a parsed document, to compare a hand-written shape check with its zod
 * schema (src/shape-check.ts): each value in turn replaced by a value of another type, or removed.
 */
export type Path = readonly (string | number)[];

function paths(v: unknown, at: Path = []): Path[] {
  const out: Path[] = at.length > 0 ? [at] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (typeof v === "object" && v !== null && !(v instanceof Date)) {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  }
  return out;
}

const REMOVE = Symbol("remove");
const REPLACEMENTS: readonly unknown[] = [42, "x", "", true, [], [1], {}, { a: 1 }, REMOVE];

function mutated(doc: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let cur = copy;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === REMOVE) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = value;
  return copy;
}

/** Every mutation the fast check accepts although the schema rejects it (should be none), and how many the fast check rejected. */
export function looserThanSchema(doc: unknown, fast: (v: unknown) => boolean, schema: (v: unknown) => boolean): { wrong: string[]; rejected: number } {
  const wrong: string[] = [];
  let rejected = 0;
  for (const path of paths(doc)) {
    for (const value of REPLACEMENTS) {
      const m = mutated(doc, path, value);
      if (!fast(m)) rejected++;
      else if (!schema(m)) wrong.push(`${path.join(".")} = ${typeof value === "symbol" ? "(removed)" : JSON.stringify(value)}`);
    }
  }
  return { wrong, rejected };
}
