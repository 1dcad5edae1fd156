/**
 * pathlib-style globbing relative to a directory: `*` and `?` within one path part, `**` for
 * any depth, hidden files matched like any other (pathlib does), results as POSIX relative
 * paths in a stable order.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function partRegex(part: string): RegExp {
  let re = "^";
  for (let i = 0; i < part.length; i++) {
    const c = part[i] as string;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = part.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        let body = part.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`, "s");
}

function listDir(dir: string): { name: string; isDir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .map((d) => ({ name: d.name, isDir: d.isDirectory() || (d.isSymbolicLink() && isDirectory(join(dir, d.name))) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Every path (files and directories) under `root` matching `pattern`, relative, POSIX. */
export function globPaths(root: string, pattern: string): string[] {
  const parts = pattern.replace(/\\/g, "/").split("/").filter((p) => p !== "" && p !== ".");
  const out = new Set<string>();
  const walk = (rel: string, i: number): void => {
    if (i === parts.length) {
      if (rel !== "") out.add(rel);
      return;
    }
    const part = parts[i] as string;
    const abs = rel === "" ? root : join(root, rel);
    if (part === "**") {
      walk(rel, i + 1); // zero directories
      for (const e of listDir(abs)) if (e.isDir) walk(rel === "" ? e.name : `${rel}/${e.name}`, i);
      return;
    }
    if (!/[*?[]/.test(part)) {
      const next = rel === "" ? part : `${rel}/${part}`;
      if (i + 1 === parts.length) {
        try {
          statSync(join(root, next));
          out.add(next);
        } catch {
          /* absent */
        }
      } else if (isDirectory(join(root, next))) walk(next, i + 1);
      return;
    }
    const re = partRegex(part);
    for (const e of listDir(abs)) {
      if (!re.test(e.name)) continue;
      if (i + 1 < parts.length && !e.isDir) continue;
      walk(rel === "" ? e.name : `${rel}/${e.name}`, i + 1);
    }
  };
  walk("", 0);
  return [...out].sort();
}

/** Only the regular files among globPaths. */
export function globFiles(root: string, pattern: string): string[] {
  return globPaths(root, pattern).filter((p) => !isDirectory(join(root, p)));
}

/** Every file under a directory, recursively, relative to `root`, sorted. */
export function walkFiles(root: string, dirRel: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of listDir(join(root, rel))) {
      const child = `${rel}/${e.name}`;
      if (e.isDir) walk(child);
      else out.push(child);
    }
  };
  walk(dirRel);
  return out.sort();
}
