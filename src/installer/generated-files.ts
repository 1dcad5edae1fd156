/**
 * The files an install generates rather than links (RECORD, INSTALLER, REQUESTED,
 * direct_url.json, console scripts, `#!python`-rewritten scripts). Creating a file costs an inode
 * (about 170 µs on ext4 here, measured) where a hard link costs a directory entry (about 10 µs),
 * and the same texts recur from one environment to the next (a wheel's installed RECORD is the
 * same in every venv of the same layout). So when the environment already shares inodes with the
 * cache (the `hardlink` link mode), each generated file is a hard link to a content-addressed copy
 * in the cache, written once. In any other mode, or when linking fails (another file system, the
 * link count limit), the file is written as usual. Both paths replace whatever is at the target
 * first, so that an old hard link is never written through.
 */
import { chmodSync, existsSync, linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Per cache directory: false once linking from it failed (another file system): stop trying. */
const linkable = new Map<string, boolean>();

/** Write a private file; one already there (perhaps a hard link into the cache) is replaced, never written through. */
function writePrivate(target: string, data: Uint8Array | string, executable: boolean): void {
  const options = { flag: "wx", ...(executable ? { mode: 0o755 } : {}) } as const;
  try {
    writeFileSync(target, data, options);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    unlinkSync(target);
    writeFileSync(target, data, options);
  }
  if (executable) chmodSync(target, 0o755); // the umask may have masked the mode
}

/** Where the cache keeps the content `digest` (an executable copy apart: the mode belongs to the inode). */
function blobPath(dir: string, digest: string, executable: boolean): string {
  return join(dir, digest.slice(0, 2), executable ? `${digest}-x` : digest);
}

/** Write the cache copy atomically (temporary file + rename): a concurrent install sees all of it or nothing. */
function createBlob(blob: string, data: Uint8Array | string, executable: boolean): void {
  mkdirSync(dirname(blob), { recursive: true });
  const tmp = `${blob}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data, executable ? { mode: 0o755 } : undefined);
  if (executable) chmodSync(tmp, 0o755);
  renameSync(tmp, blob);
}

/**
 * Put `data` at `target`. `digest` names the content (RECORD's base64url sha256 of it); `share`
 * says whether the environment may share inodes with the cache; `dir` is the cache directory of
 * generated files (null: never share).
 */
export function placeGenerated(o: { target: string; data: Uint8Array | string; digest: string; executable: boolean; share: boolean; dir: string | null }): void {
  const { target, data, executable, dir } = o;
  if (!o.share || dir === null || linkable.get(dir) === false) {
    writePrivate(target, data, executable);
    return;
  }
  const blob = blobPath(dir, o.digest, executable);
  // most targets are new (a fresh dist-info): link first, and remove an old file only when one is there
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      linkSync(blob, target);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        unlinkSync(target);
        continue;
      }
      if (code === "ENOENT" && !existsSync(blob)) {
        try {
          createBlob(blob, data, executable);
          continue;
        } catch {
          break; // the cache cannot take it (full, read-only): a private file will do
        }
      }
      if (code === "EXDEV" || code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP") linkable.set(dir, false);
      break; // EMLINK (a very popular text), or anything else: write it
    }
  }
  writePrivate(target, data, executable);
}
