/**
 * Inter-process locks as lock files created with O_EXCL ("wx"). Chosen over flock because Bun
 * has no flock binding (it would need FFI or a native addon, which a single-file binary cannot
 * ship for every platform), and O_EXCL creation is atomic on every local file system, Windows
 * included. The file holds `pid host time`; a lock is stale when its owner process is gone (same
 * host) or when it has not been refreshed for `staleMs` — the holder touches it every
 * staleMs/3 while it works, so a long download is never taken for a dead one.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { VerseError } from "../errors.ts";

export class LockTimeoutError extends VerseError {}

export interface LockOptions {
  /** A lock untouched this long is taken over (default 60 s). */
  staleMs?: number;
  /** Give up after this long (default 10 min). */
  timeoutMs?: number;
}

function ownerAlive(text: string): boolean {
  const [pidText, host] = text.split(" ");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true; // cannot tell: rely on age
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryAcquire(path: string, staleMs: number): boolean {
  try {
    const fd = openSync(path, "wx");
    writeSync(fd, `${process.pid} ${hostname()} ${Date.now()}`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  try {
    const age = Date.now() - statSync(path).mtimeMs;
    const text = readFileSync(path, "utf8");
    if (age > staleMs || (text !== "" && !ownerAlive(text))) rmSync(path, { force: true });
  } catch {
    // vanished meanwhile: retry
  }
  return false;
}

/** Run `fn` while holding the lock at `path`. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 60_000;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  mkdirSync(dirname(path), { recursive: true });
  let wait = 5;
  while (!tryAcquire(path, staleMs)) {
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`Timed out waiting for the cache lock ${path}`, {
        hint: "Another verse process is using the cache. If none is running, delete the lock file.",
      });
    }
    await Bun.sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 200);
  }
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // lock file removed as stale by someone else; the work is idempotent anyway
    }
  }, Math.max(50, staleMs / 3));
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    rmSync(path, { force: true });
  }
}
