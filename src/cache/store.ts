/**
 * The cache's entries (see layout.ts for where each lives and why). Every read checks what it
 * reads: a page or metadata entry that does not parse or whose recorded hash differs is
 * treated as absent (and overwritten by the next fetch); an artifact is re-hashed on use.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { atomicMoveDir, atomicWriteFile, tempPath } from "./atomic.ts";
import { BUCKETS, CacheLayout, safeSegment } from "./layout.ts";
import { withFileLock } from "./lock.ts";

export interface CachedPage<T> {
  readonly v: 1;
  readonly url: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** ms since the epoch. */
  readonly fetchedAt: number;
  /** Seconds the page may be used without revalidation (Cache-Control max-age). */
  readonly maxAge: number;
  readonly data: T;
}

/** sha256 (hex) of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}

export class Cache {
  readonly layout: CacheLayout;

  constructor(root: string) {
    this.layout = new CacheLayout(root);
  }

  get root(): string {
    return this.layout.root;
  }

  // ----------------------------------------------------------------------------- pages

  readPage<T>(source: string, name: string): CachedPage<T> | null {
    return readPageFile<T>(this.layout.pagePath(source, name));
  }

  /**
   * Records that the index answered "304 Not Modified" for a cached page: its modification time
   * becomes the new validation time (readPage takes the later of it and the stored fetch time),
   * so a revalidation costs one utime call instead of rewriting a page of hundreds of KiB.
   */
  touchPage(source: string, name: string): void {
    touch(this.layout.pagePath(source, name));
  }

  writePage<T>(source: string, name: string, page: CachedPage<T>): void {
    this.layout.ensure();
    atomicWriteFile(this.layout.pagePath(source, name), JSON.stringify(page), this.layout.tmpDir());
  }

  readLinksPage<T>(source: string): CachedPage<T> | null {
    return readPageFile<T>(this.layout.linksPagePath(source));
  }

  touchLinksPage(source: string): void {
    touch(this.layout.linksPagePath(source));
  }

  writeLinksPage<T>(source: string, page: CachedPage<T>): void {
    this.layout.ensure();
    atomicWriteFile(this.layout.linksPagePath(source), JSON.stringify(page), this.layout.tmpDir());
  }

  // -------------------------------------------------------------------------- metadata

  readMetadata(key: string): string | null {
    const entry = readJson<{ sha256: string; text: string }>(this.layout.metadataPath(key));
    if (entry === null || typeof entry.text !== "string") return null;
    return new Bun.CryptoHasher("sha256").update(entry.text).digest("hex") === entry.sha256 ? entry.text : null;
  }

  writeMetadata(key: string, text: string): void {
    this.layout.ensure();
    const sha256 = new Bun.CryptoHasher("sha256").update(text).digest("hex");
    atomicWriteFile(this.layout.metadataPath(key), JSON.stringify({ sha256, text }), this.layout.tmpDir());
  }

  // ------------------------------------------------------------------------- artifacts

  artifactPath(key: string, filename: string): string {
    return join(this.layout.artifactDir(key), filename);
  }

  /** The cached artifact when present and (when `sha256` is given) intact; a corrupt one is deleted. */
  async findArtifact(key: string, filename: string, sha256: string | null): Promise<string | null> {
    const path = this.artifactPath(key, filename);
    if (!existsSync(path)) return null;
    if (sha256 !== null && (await sha256File(path)) !== sha256) {
      rmSync(path, { force: true });
      return null;
    }
    return path;
  }

  /** Move a verified temporary file into place (atomic; a concurrent writer's copy is equal). */
  commitArtifact(tmp: string, key: string, filename: string): string {
    const path = this.artifactPath(key, filename);
    atomicWriteRename(tmp, path);
    return path;
  }

  tempFile(hint: string): string {
    this.layout.ensure();
    return tempPath(this.layout.tmpDir(), hint);
  }

  /** Serialize work on one key across processes. */
  lock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.layout.ensure();
    return withFileLock(this.layout.lockPath(key), fn);
  }

  // ---------------------------------------------------------------------- unpacked wheels

  /** The wheel unpacked once under wheels-v1/, ready to be linked; unpacks on first use. */
  async unpackedWheel(sha256: string, wheelPath: string): Promise<string> {
    const target = this.layout.wheelDir(sha256);
    if (existsSync(target)) return target;
    return this.lock(`wheel-${sha256}`, async () => {
      if (existsSync(target)) return target;
      const tmp = this.tempFile(`unpack-${sha256.slice(0, 12)}`);
      const { unzipSync } = await import("fflate");
      const files = unzipSync(new Uint8Array(readFileSync(wheelPath)));
      for (const [name, data] of Object.entries(files)) {
        if (name.endsWith("/")) continue;
        if (name.split("/").some((seg) => seg === ".." || seg === "") || name.startsWith("/")) continue; // no escape
        const out = join(tmp, name);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, data);
      }
      mkdirSync(tmp, { recursive: true });
      atomicMoveDir(tmp, target);
      return target;
    });
  }

  // ---------------------------------------------------------------------------- commands

  /** Sources that have cached pages. */
  listSources(): string[] {
    const dir = join(this.root, BUCKETS.simple);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort();
  }

  /** Remove a source's pages (all, or one project's). Returns the number of entries removed. */
  clearSource(source: string, project?: string): number {
    const dir = this.layout.sourceDir(source);
    if (!existsSync(dir)) return 0;
    if (project !== undefined) {
      const p = this.layout.pagePath(source, project);
      const had = existsSync(p);
      rmSync(p, { force: true });
      return had ? 1 : 0;
    }
    const n = readdirSync(dir).length;
    rmSync(dir, { recursive: true, force: true });
    return n;
  }

  /** Remove every bucket this version knows (and older versions of them). */
  clearAll(): void {
    if (!existsSync(this.root)) return;
    // Every bucket of the documented layout, and the interpreter facts and seed wheels kept
    // beside them; virtualenvs are not a cache and stay.
    const known = /^(simple|metadata|artifacts|wheels|built|git|installer)-v\d+$|^(tmp|locks|interpreters|seed)$/;
    for (const d of readdirSync(this.root)) if (known.test(d)) rmSync(join(this.root, d), { recursive: true, force: true });
  }
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}

/** A cached page; a modification time later than its fetch time is a later revalidation (touchPage). */
function readPageFile<T>(path: string): CachedPage<T> | null {
  const page = readJson<CachedPage<T>>(path);
  if (page === null || typeof page.fetchedAt !== "number") return null;
  let mtime: number;
  try {
    mtime = Math.floor(statSync(path).mtimeMs);
  } catch {
    return null;
  }
  return mtime > page.fetchedAt ? { ...page, fetchedAt: mtime } : page;
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // not fatal: the page is merely revalidated again next time
  }
}

function atomicWriteRename(tmp: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  // rename over an existing file is atomic on POSIX and replaces it on Windows (Node semantics)
  renameSync(tmp, target);
}

export { safeSegment };
