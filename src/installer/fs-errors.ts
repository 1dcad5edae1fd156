/**
 * A file system refusing a write (full disk, quota, read-only mount, permissions) turned into an
 * InstallError that says what happened, where, and what to do. The raw errno error often has no
 * path (a write on an open descriptor), so callers pass the path they were writing when they know
 * it; the hint depends on whether that path is in the cache or in the environment, since each can
 * be moved elsewhere by its own setting.
 */
import { sep } from "node:path";
import { VerseError } from "../errors.ts";
import { InstallError } from "./errors.ts";

type Problem = "no-space" | "quota" | "read-only" | "permission";

const PROBLEMS: Readonly<Record<string, Problem>> = {
  ENOSPC: "no-space",
  EDQUOT: "quota",
  EROFS: "read-only",
  EACCES: "permission",
  EPERM: "permission",
};

const TEXT: Readonly<Record<Problem, string>> = {
  "no-space": "No space left on device",
  quota: "Disk quota exceeded",
  "read-only": "Read-only file system",
  permission: "Permission denied",
};

/** Where the failed write went, as far as the caller knows. */
export interface WritePlaces {
  /** The cache root (downloads, unpacked wheels). */
  readonly cache?: string;
  /** The environment's root. */
  readonly env?: string;
}

function within(dir: string | undefined, path: string): boolean {
  return dir !== undefined && dir !== "" && (path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep));
}

/** The errno code of a file system error verse can explain, or null. */
export function fsProblemOf(e: unknown): Problem | null {
  return fsErrnoOf(e)?.problem ?? null;
}

/**
 * The raw errno error behind `e`: `e` itself, or the cause of another layer's error that wrapped
 * it (the HTTP layer reports a download that failed on a full cache disk as a network error).
 * An InstallError is already explained.
 */
function fsErrnoOf(e: unknown): { problem: Problem; err: NodeJS.ErrnoException & { dest?: string } } | null {
  if (e instanceof InstallError) return null;
  if (e instanceof VerseError) return e.cause instanceof VerseError ? null : fsErrnoOf(e.cause);
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const problem = err.code !== undefined ? PROBLEMS[err.code] : undefined;
  return problem === undefined ? null : { problem, err };
}

function hintFor(problem: Problem, where: "cache" | "env" | "unknown", path: string | null): string {
  const again = "then run `verse install` again: it finishes what this one started.";
  const moveEnv = "put the environment on another disk (`virtualenvs.path`, or `virtualenvs.in-project`)";
  const moveCache = "point the cache at another disk (`verse config cache-dir <dir>` or VERSE_CACHE_DIR)";
  const move = where === "cache" ? moveCache : where === "env" ? moveEnv : `${moveEnv}, or ${moveCache}`;
  switch (problem) {
    case "no-space":
    case "quota":
      return `Free some space on that disk, or ${move}; ${again}`;
    case "read-only":
      return `Remount it writable, or ${move}; ${again}`;
    case "permission":
      return `Check the owner and permissions of ${path ?? "that directory"}, or ${move}; ${again}`;
  }
}

/**
 * `e` as an InstallError when it is a file system refusal, else null (the caller rethrows `e`).
 * `doing` prefixes the message ("Installing foo-1.0-py3-none-any.whl"); `path` is the file being
 * written when the caller knows it (else the error's own path, if any); `where` says outright
 * whether that is the cache or the environment, else `places` decides by the path, and
 * `pathlessIn` is where a write without a path went.
 */
export function fsInstallError(
  e: unknown,
  o: { doing?: string; path?: string | null; places?: WritePlaces; where?: "cache" | "env"; pathlessIn?: "cache" | "env" } = {},
): InstallError | null {
  const found = fsErrnoOf(e);
  if (found === null) return null;
  const { problem, err } = found;
  // copyfile/link report the source as `path` and the target as `dest`: the target is what failed to be written
  const path = o.path ?? err.dest ?? err.path ?? null;
  // a write on an open file names no path: the caller may know where the phase that failed writes (a download: the cache)
  const pathless = o.pathlessIn ?? "unknown";
  const where = o.where ?? (path === null ? pathless : within(o.places?.cache, path) ? "cache" : within(o.places?.env, path) ? "env" : "unknown");
  const place = where === "cache" ? " (in the cache)" : where === "env" ? " (in the environment)" : "";
  const dir = where === "cache" ? o.places?.cache : where === "env" ? o.places?.env : undefined;
  const target = path !== null ? `: could not write ${path}${place}` : dir !== undefined ? `: could not write to the ${where === "cache" ? "cache" : "environment"} at ${dir}` : "";
  const prefix = o.doing === undefined ? "" : `${o.doing} failed. `;
  return new InstallError(`${prefix}${TEXT[problem]}${target}`, { hint: hintFor(problem, where, path), cause: e });
}
