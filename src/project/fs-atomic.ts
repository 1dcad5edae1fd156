/**
 * Atomic file writes and the snapshot that lets a command undo its edits.
 *
 * A crash or a full disk in the middle of a write must never leave a half-written
 * pyproject.toml or poetry.lock: the text goes to a temporary file in the same directory (same
 * file system, so rename is atomic), is fsynced, then renamed over the target. The target's
 * permission bits are kept (auth.toml stays 0600, an executable stays executable).
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, chmodSync } from "node:fs";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { VerseError } from "../errors.ts";

export class FileWriteError extends VerseError {}

export interface WriteOptions {
  /** Permission bits for a new file (an existing file keeps its own). Default 0o644 minus umask. */
  readonly mode?: number;
  /** Force this mode even when the file exists (auth.toml must be 0600 whatever it was). */
  readonly forceMode?: boolean;
}

function existingMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

let counter = 0;

/** Writes `data` to `path` atomically: temp file in the same directory, fsync, rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.${counter++}.tmp`);
  const previous = existingMode(path);
  const mode = options.forceMode || previous === null ? (options.mode ?? 0o644) : previous;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx", mode);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    // openSync's mode is filtered by the umask; an existing file's exact bits must survive.
    if (previous !== null || options.forceMode) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is the useful one
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file may not exist
    }
    const reason = e instanceof Error ? e.message : String(e);
    throw new FileWriteError(`could not write ${path}: ${reason}`, {
      hint: "Check that the directory exists, is writable and that the disk is not full.",
      cause: e,
    });
  }
  syncDirectory(dir);
}

/** fsync the directory so the rename itself survives a power loss (a no-op where unsupported). */
function syncDirectory(dir: string): void {
  if (process.platform === "win32") return;
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems refuse fsync on directories; the rename is still atomic
  }
}

/** What a file held before a command touched it: its bytes, or that it did not exist. */
interface FileState {
  readonly path: string;
  readonly content: Uint8Array | null;
  readonly mode: number | null;
}

function capture(path: string): FileState {
  try {
    return { path, content: readFileSync(path), mode: existingMode(path) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { path, content: null, mode: null };
    throw new FileWriteError(`could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Records the exact bytes of some files (pyproject.toml, poetry.lock) before a command edits
 * them, and puts them back on failure, so that a failed `add` leaves everything as it was.
 *
 *   const tx = Transaction.begin([pyprojectPath, lockPath]);
 *   try { ...edit, lock, install...; tx.commit(); } catch (e) { tx.rollback(); throw e; }
 *
 * or `await Transaction.run(paths, async () => {...})`.
 */
export class Transaction {
  private readonly states: FileState[];
  private done = false;

  private constructor(states: FileState[]) {
    this.states = states;
  }

  static begin(paths: readonly string[]): Transaction {
    return new Transaction([...new Set(paths)].map(capture));
  }

  /** Runs `body`; restores every file if it throws (then rethrows), keeps the edits otherwise. */
  static async run<T>(paths: readonly string[], body: () => Promise<T> | T): Promise<T> {
    const tx = Transaction.begin(paths);
    try {
      const result = await body();
      tx.commit();
      return result;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  }

  /** The paths this transaction guards. */
  get paths(): readonly string[] {
    return this.states.map((s) => s.path);
  }

  /** Keeps the current contents; a later rollback does nothing. */
  commit(): void {
    this.done = true;
  }

  /**
   * Restores every recorded file to its exact former bytes (and deletes files that did not
   * exist). Files that are already identical are not rewritten. Tries every file even if one
   * fails, then reports the failures together.
   */
  rollback(): void {
    if (this.done) return;
    this.done = true;
    const failures: string[] = [];
    for (const state of this.states) {
      try {
        restore(state);
      } catch (e) {
        failures.push(`${state.path}: ${(e as Error).message}`);
      }
    }
    if (failures.length > 0) {
      throw new FileWriteError(`could not restore ${failures.length} file(s) after a failure`, {
        hint: failures.join("\n"),
      });
    }
  }
}

function restore(state: FileState): void {
  const now = capture(state.path);
  if (state.content === null) {
    if (now.content !== null) unlinkSync(state.path);
    return;
  }
  if (now.content !== null && Buffer.compare(Buffer.from(now.content), Buffer.from(state.content)) === 0) return;
  writeFileAtomic(state.path, state.content, { mode: state.mode ?? 0o644, forceMode: true });
}
