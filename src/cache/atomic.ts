/** Whole-or-nothing writes: write a temporary file beside the target's bucket, then rename. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

let counter = 0;

/** A fresh temporary path under `tmpDir` (unique per process and call). */
export function tempPath(tmpDir: string, hint: string): string {
  mkdirSync(tmpDir, { recursive: true });
  counter++;
  return join(tmpDir, `${process.pid}-${Date.now().toString(36)}-${counter}-${hint.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 60)}`);
}

export function atomicWriteFile(target: string, data: string | Uint8Array, tmpDir: string): void {
  const tmp = tempPath(tmpDir, "w");
  try {
    writeFileSync(tmp, data);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Move a finished temporary directory into place. When another process got there first the
 * target already holds the same content (entries are content-addressed): keep theirs.
 */
export function atomicMoveDir(tmp: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  try {
    renameSync(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    rmSync(tmp, { recursive: true, force: true });
    if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "EPERM") throw e;
  }
}
