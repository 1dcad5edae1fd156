/**
 * Downloads into the content-addressed artifact cache, verified on the way: the body is hashed
 * while it streams to a temporary file, compared with every hash known (the index's, or the
 * lock file's when given), and only then renamed into place. A disconnect or a mismatch leaves
 * nothing in the cache. A cached artifact is re-hashed on every use, so a corrupt one is
 * dropped and fetched again rather than used.
 */
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Cache } from "../cache/index.ts";
import { HashMismatchError, OfflineError } from "./errors.ts";
import type { HttpClient } from "./http.ts";
import type { PackageFile } from "./types.ts";

/** Algorithms verse can check (hashlib names, as indexes and lock files write them). */
const SUPPORTED = new Set(["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]);

export function cacheKey(file: PackageFile, hashes: Readonly<Record<string, string>>): string {
  return hashes.sha256 ?? `url-${new Bun.CryptoHasher("sha256").update(file.url).digest("hex")}`;
}

/** The hashes to check: the expected ones (lock file) when given, else the index's. */
export function hashesToCheck(file: PackageFile, expected?: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const from = expected !== undefined && Object.keys(expected).length > 0 ? expected : file.hashes;
  for (const [k, v] of Object.entries(from)) if (SUPPORTED.has(k.toLowerCase())) out[k.toLowerCase()] = v.toLowerCase();
  return out;
}

function mismatch(file: PackageFile, alg: string, want: string, got: string): HashMismatchError {
  return new HashMismatchError(
    `Hash mismatch for ${file.filename} from source '${file.source}': expected ${alg}:${want}, got ${alg}:${got}`,
    "The file changed on the index or was damaged on the way. If the lock file is out of date, run `verse lock`; otherwise try again.",
  );
}

export interface DownloadContext {
  http: HttpClient;
  cache: Cache;
  offline: boolean;
}

/** Check bytes already in memory against the hashes (used when a range read got the whole file). */
export function verifyBytes(file: PackageFile, data: Uint8Array, hashes: Readonly<Record<string, string>>): void {
  for (const [alg, want] of Object.entries(hashes)) {
    const got = new Bun.CryptoHasher(alg as Bun.SupportedCryptoAlgorithms).update(data).digest("hex");
    if (got !== want) throw mismatch(file, alg, want, got);
  }
}

export async function downloadFile(ctx: DownloadContext, file: PackageFile, expected?: Readonly<Record<string, string>>): Promise<string> {
  const hashes = hashesToCheck(file, expected);
  if (file.url.startsWith("file:")) {
    const path = fileURLToPath(file.url);
    verifyBytes(file, new Uint8Array(readFileSync(path)), hashes);
    return path;
  }
  const key = cacheKey(file, hashes);
  const cached = await ctx.cache.findArtifact(key, file.filename, hashes.sha256 ?? null);
  if (cached !== null) return cached;
  if (ctx.offline) {
    throw new OfflineError(`Offline: ${file.filename} (source '${file.source}') is not in the cache`, "Run once online to fill the cache, or drop --offline.");
  }
  return ctx.cache.lock(`artifact-${key}`, async () => {
    const again = await ctx.cache.findArtifact(key, file.filename, hashes.sha256 ?? null);
    if (again !== null) return again;
    const tmp = ctx.cache.tempFile(file.filename);
    let hashers: [string, Bun.CryptoHasher][] = [];
    try {
      const res = await ctx.http.toFile({ url: file.url, source: file.source }, tmp, () => {
        hashers = Object.keys(hashes).map((alg) => [alg, new Bun.CryptoHasher(alg as Bun.SupportedCryptoAlgorithms)]);
        return (chunk) => {
          for (const [, h] of hashers) h.update(chunk);
        };
      });
      if (file.size !== undefined && res.size !== file.size) {
        throw new HashMismatchError(`Incomplete download of ${file.filename} from source '${file.source}': got ${res.size} of ${file.size} bytes`, "Try again; the connection may have dropped.");
      }
      for (const [alg, h] of hashers) {
        const got = h.digest("hex");
        if (got !== hashes[alg]) throw mismatch(file, alg, hashes[alg]!, got);
      }
      return ctx.cache.commitArtifact(tmp, key, file.filename);
    } finally {
      rmSync(tmp, { force: true });
    }
  });
}
