/**
 * The cache layout (version 1). Every bucket carries its own version in its name, so a future
 * format lives beside the old one instead of misreading it; `cache clear --all` removes both.
 *
 *   <root>/CACHEDIR.TAG                    marks the tree as a cache for backup tools
 *   <root>/simple-v1/<source>/<name>.json  one project page of one source, parsed once into the
 *                                          compact PackagePage form, with its URL, ETag,
 *                                          Last-Modified, fetch time and max-age (revalidation)
 *   <root>/simple-v1/<source>/_links.json  the whole page of a single-page "links" source
 *   <root>/metadata-v1/<aa>/<sha256>.json  core metadata of a distribution file, keyed by the
 *                                          file's sha256 (or by "url-" + sha256 of its URL when
 *                                          the index gives no sha256); holds the text and the
 *                                          sha256 of that text, checked on every read
 *   <root>/artifacts-v1/<aa>/<sha256>/<filename>   downloaded wheels/sdists, keyed by their
 *                                          sha256 and checked against it on every use
 *   <root>/wheels-v1/<aa>/<sha256>/        wheels unpacked once, ready to be linked into venvs
 *   <root>/built-v1/<aa>/<key>/<filename>  wheels built from source (PEP 517), keyed by sha256 of
 *                                          the source's identity (sdist sha256, git commit +
 *                                          subdirectory, or a directory's content hash) plus the
 *                                          interpreter (implementation, version, ABI, platform)
 *                                          and the build config settings; unpacked like any other
 *                                          wheel into wheels-v1 by the built wheel's own sha256
 *   <root>/git-v1/db/<aa>/<sha256(url)>/   a bare clone per git URL, fetched when a wanted commit
 *                                          is missing; checkouts are made from it per build
 *   <root>/tmp/                            partial downloads and unpacks (same file system, so
 *                                          the final rename is atomic)
 *   <root>/locks/                          lock files (O_EXCL, see lock.ts)
 * <aa> is the first two hex digits of the hash, to keep directories small.
 * Writers never write in place: they write under tmp/ and rename, so a reader sees a whole
 * entry or none; a crash leaves only garbage in tmp/.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BUCKETS = {
  simple: "simple-v1",
  metadata: "metadata-v1",
  artifacts: "artifacts-v1",
  wheels: "wheels-v1",
  built: "built-v1",
  git: "git-v1",
  tmp: "tmp",
  locks: "locks",
} as const;

const TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by verse.\n";

/** A file-system-safe form of a source name (names are user text). */
export function safeSegment(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9._-]+/g, "_");
  return s === "" || s === "." || s === ".." ? `_${s}` : s;
}

export class CacheLayout {
  constructor(readonly root: string) {}

  /** Create the root and its tag once; cheap to call again. */
  ensure(): void {
    const tag = join(this.root, "CACHEDIR.TAG");
    if (existsSync(tag)) return;
    mkdirSync(join(this.root, BUCKETS.tmp), { recursive: true });
    try {
      writeFileSync(tag, TAG, { flag: "wx" });
    } catch {
      // another process wrote it first
    }
  }

  sourceDir(source: string): string {
    return join(this.root, BUCKETS.simple, safeSegment(source));
  }
  pagePath(source: string, name: string): string {
    return join(this.sourceDir(source), `${safeSegment(name)}.json`);
  }
  linksPagePath(source: string): string {
    return join(this.sourceDir(source), "_links.json");
  }
  metadataPath(key: string): string {
    return join(this.root, BUCKETS.metadata, key.slice(0, 2), `${key}.json`);
  }
  artifactDir(key: string): string {
    return join(this.root, BUCKETS.artifacts, key.slice(0, 2), key);
  }
  wheelDir(sha256: string): string {
    return join(this.root, BUCKETS.wheels, sha256.slice(0, 2), sha256);
  }
  builtDir(key: string): string {
    return join(this.root, BUCKETS.built, key.slice(0, 2), key);
  }
  gitDbDir(urlHash: string): string {
    return join(this.root, BUCKETS.git, "db", urlHash.slice(0, 2), urlHash);
  }
  tmpDir(): string {
    return join(this.root, BUCKETS.tmp);
  }
  lockPath(name: string): string {
    return join(this.root, BUCKETS.locks, `${safeSegment(name)}.lock`);
  }
}
