/**
 * Getting wheels into the cache, unpacked: an unpacked wheel already in the cache (keyed by the
 * lock's sha256) costs one stat and no network; anything else is looked up on its source,
 * downloaded in parallel (bounded), verified against the lock's hashes and unpacked once.
 * A hash mismatch stops the install and names the file and the source (IndexClient's error).
 */
import { CacheLayout } from "../cache/index.ts";
import type { IndexClient, PackageFile } from "../index/index.ts";
import type { LockedFile, LockedPackage } from "../lock/index.ts";
import { existsSync } from "node:fs";
import { InstallError } from "./errors.ts";
import type { DownloadProgress } from "./progress.ts";

export interface FetchContext {
  readonly cacheRoot: string;
  /** Created on first need, so a warm install never builds an HTTP client. */
  readonly client: () => IndexClient;
  readonly progress: DownloadProgress;
  readonly concurrency: number;
}

export function lockedHashes(file: LockedFile): Record<string, string> {
  const c = file.hash.indexOf(":");
  return c > 0 ? { [file.hash.slice(0, c).toLowerCase()]: file.hash.slice(c + 1).toLowerCase() } : {};
}

/** The unpacked wheel of `sha256` if the cache already has it. */
export function cachedWheel(cacheRoot: string, sha256: string | null): string | null {
  if (sha256 === null) return null;
  const dir = new CacheLayout(cacheRoot).wheelDir(sha256);
  return existsSync(dir) ? dir : null;
}

/** The index file behind a locked file (its URL comes from the source's page). */
export async function findIndexFile(ctx: FetchContext, pkg: LockedPackage, file: LockedFile): Promise<PackageFile> {
  const sourceName = pkg.source?.type === "legacy" ? (pkg.source.reference ?? undefined) : undefined;
  const page = await ctx.client().getPage(pkg.name, sourceName);
  const found = page.files.find((f) => f.filename === file.file);
  if (found === undefined) {
    throw new InstallError(`The lock file names ${file.file} for ${pkg.name} (${pkg.version}), but source '${page.source}' does not list it.`, {
      hint: "The file was removed from the index, or the lock file comes from another source: run `verse lock` to refresh it.",
    });
  }
  return found;
}

/** Download (verified) and unpack one wheel; returns the unpacked directory. */
export async function fetchWheel(ctx: FetchContext, pkg: LockedPackage, file: LockedFile, sha256: string | null): Promise<string> {
  const hit = cachedWheel(ctx.cacheRoot, sha256);
  if (hit !== null) return hit;
  const indexFile = await findIndexFile(ctx, pkg, file);
  ctx.progress.start(file.file);
  try {
    const dir = await ctx.client().unpackedWheel(indexFile, lockedHashes(file));
    ctx.progress.end(file.file, true);
    return dir;
  } catch (e) {
    ctx.progress.end(file.file, false);
    throw e;
  }
}

/** Run `work` over items with at most `limit` in flight; the first failure stops new work. */
export async function parallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed: unknown = null;
  const worker = async (): Promise<void> => {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        out[i] = await work(items[i] as T);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== null) throw failed;
  return out;
}
