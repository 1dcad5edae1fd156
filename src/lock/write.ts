/**
 * Writing poetry.lock: atomically, only when its content changes, and in the line endings the
 * existing file uses (a CRLF checkout stays CRLF), as Poetry does.
 */
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../project/core.ts";
import { LOCK_VERSION, type Lock } from "./model.ts";
import { parseLock } from "./read.ts";
import { type RenderOptions, renderLock } from "./render.ts";

function existingText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** "\r\n" when the file's first line ends so, as Poetry decides it. */
function lineEnding(text: string): "\n" | "\r\n" {
  const nl = text.indexOf("\n");
  return nl > 0 && text[nl - 1] === "\r" ? "\r\n" : "\n";
}

/** Would writing `lock` change what the existing text says? Formatting and the header aside. */
function sameContent(existing: string, lock: Lock, options: RenderOptions): boolean {
  try {
    const current = parseLock(existing, "poetry.lock");
    return current.metadata.lockVersion === LOCK_VERSION && renderLock(current, options) === renderLock(lock, options);
  } catch {
    return false; // unreadable: rewrite it
  }
}

/**
 * Writes `lock` to `path` (lock-version 2.1). Returns false, touching nothing, when the file
 * already holds the same lock.
 */
export function writeLock(path: string, lock: Lock, options: RenderOptions = {}): boolean {
  const next = renderLock(lock, options);
  const existing = existingText(path);
  if (existing !== null) {
    const eol = lineEnding(existing);
    const text = eol === "\r\n" ? next.replace(/\n/g, "\r\n") : next;
    if (existing === text || sameContent(existing, lock, options)) return false;
    writeFileAtomic(path, text);
    return true;
  }
  writeFileAtomic(path, next);
  return true;
}
