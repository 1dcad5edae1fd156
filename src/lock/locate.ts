/**
 * Finds the line of a key path in poetry.lock text, for error messages. The lock is machine
 * written (one key per line, headers on their own lines), so a line scan is enough; for a path
 * that is not written down it returns the line of the nearest enclosing key or header.
 */
type Part = string | number;

function parseKeys(text: string): string[] | null {
  const keys: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] === '"' || text[i] === "'") {
      const q = text[i] as string;
      let j = i + 1;
      let key = "";
      while (j < text.length && text[j] !== q) {
        if (q === '"' && text[j] === "\\" && j + 1 < text.length) {
          key += text[j + 1];
          j += 2;
        } else key += text[j++];
      }
      keys.push(key);
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i));
      if (!m) return null;
      keys.push(m[0]);
      i += m[0].length;
    }
    while (text[i] === " " || text[i] === "\t") i++;
    if (i >= text.length) break;
    if (text[i] !== ".") return null;
    i++;
  }
  return keys;
}

function startsWith(path: readonly Part[], prefix: readonly Part[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

/** 1-based line of `path` (or of its nearest written ancestor) in `text`; null if none. */
export function locateLine(text: string, path: readonly Part[]): number | null {
  const lines = text.split(/\r?\n/);
  const arrays = new Map<string, number>();
  let header: Part[] = [];
  let best: { line: number; depth: number } | null = null;
  const consider = (p: readonly Part[], line: number) => {
    if (startsWith(path, p) && (best === null || p.length > best.depth)) best = { line, depth: p.length };
  };
  let depth = 0; // open brackets of a multi-line value
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).trim();
    if (depth > 0) {
      for (const ch of line) depth += ch === "[" ? 1 : ch === "]" ? -1 : 0;
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const table = /^(\[\[?)\s*(.*?)\s*(\]\]?)$/.exec(line);
    if (table) {
      const keys = parseKeys(table[2] as string);
      if (!keys) continue;
      header = [];
      for (let k = 0; k < keys.length; k++) {
        header.push(keys[k] as string);
        const id = JSON.stringify(header);
        if (table[1] === "[[" && k === keys.length - 1) {
          const count = arrays.get(id) ?? 0;
          arrays.set(id, count + 1);
          header.push(count);
        } else if (arrays.has(id)) header.push((arrays.get(id) as number) - 1);
      }
      consider(header, n + 1);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const keys = parseKeys(line.slice(0, eq));
    if (keys) consider([...header, ...keys], n + 1);
    const value = line.slice(eq + 1).trim();
    if (value.startsWith("[") || value.startsWith("{")) {
      // count brackets outside strings, roughly: lock values never put brackets in keys
      let d = 0;
      let inString = false;
      for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (ch === "\\" && inString) i++;
        else if (ch === '"') inString = !inString;
        else if (!inString && (ch === "[" || ch === "{")) d++;
        else if (!inString && (ch === "]" || ch === "}")) d--;
      }
      depth = Math.max(0, d);
    }
  }
  return best === null ? null : (best as { line: number }).line;
}
