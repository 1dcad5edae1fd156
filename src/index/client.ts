/**
 * IndexClient: the one object the resolver and installer talk to. It owns the HTTP client, the
 * cache, the sources (with Poetry's priorities) and the credentials, and de-duplicates
 * concurrent requests for the same page or metadata.
 */
import { Cache, type CachedPage } from "../cache/index.ts";
import { parseMetadata, type ParsedMetadata } from "../standards/metadata.ts";
import { canonicalizeName } from "../standards/names.ts";
import { Authenticator, redactUrl, splitUrlCredentials, type AuthConfig, type Credentials, type Env } from "./auth.ts";
import { downloadFile, hashesToCheck } from "./download.ts";
import { NetworkError, OfflineError, PackageNotFoundError } from "./errors.ts";
import { HttpClient, timeoutFromEnv } from "./http.ts";
import { groupByProject, scanFindLinksDir } from "./links.ts";
import { fetchMetadataText, type MetadataContext, type MetadataRoute } from "./metadata.ts";
import { hasVersions, sortByVersion, withVersions } from "./page-versions.ts";
import { parseHtmlPage } from "./simple-html.ts";
import { JSON_PAGE_TYPE, parseJsonPage } from "./simple-json.ts";
import { resolveSources, searchOrder, type Source, type SourceConfig } from "./sources.ts";
import { TransportSettings, type TlsConfig } from "./tls.ts";
import type { PackageFile, PackagePage } from "./types.ts";

export interface IndexClientOptions {
  sources: readonly SourceConfig[];
  /** The cache root (userCacheDir() or `cache-dir`). */
  cacheDir: string;
  /** Neither read nor write cached pages and metadata (downloads still land in the cache). */
  noCache?: boolean;
  /** Never touch the network; answer from the cache or fail with OfflineError. */
  offline?: boolean;
  concurrency?: number;
  maxRetries?: number;
  timeoutMs?: number;
  backoffMs?: number;
  auth?: AuthConfig;
  tls?: TlsConfig;
  env?: Env;
  pypiUrl?: string;
  /** Use range requests for wheel metadata (default true). */
  ranges?: boolean;
  /** Told when a stale cached page stands in for an unreachable source. */
  onWarning?: (message: string) => void;
  onRequest?: (method: string, url: string, status: number) => void;
}

const ACCEPT = `${JSON_PAGE_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`;

function maxAgeOf(headers: Headers): number {
  const cc = headers.get("cache-control") ?? "";
  if (/no-cache|no-store/i.test(cc)) return 0;
  const m = /max-age=(\d+)/i.exec(cc);
  return m ? Number(m[1]) : 0;
}

export class IndexClient {
  readonly sources: readonly Source[];
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly auth: Authenticator;
  /** Where each metadata came from during this client's life (for traces and benchmarks). */
  readonly metadataRoutes: Record<MetadataRoute | "cache", number> = { pep658: 0, range: 0, "whole-file": 0, sdist: 0, cache: 0 };
  private readonly opts: IndexClientOptions;
  private readonly pages = new Map<string, Promise<PackageFile[] | null>>();
  private readonly metadata = new Map<string, Promise<string>>();
  private readonly links = new Map<string, Promise<Map<string, PackageFile[]>>>();
  private readonly metaCtx: MetadataContext;

  constructor(opts: IndexClientOptions) {
    this.opts = opts;
    this.auth = new Authenticator({ ...opts.auth, env: opts.auth?.env ?? opts.env });
    const sources = resolveSources(opts.sources, opts.pypiUrl);
    this.sources = sources.map((s) => {
      if (s.kind === "find-links") return s;
      const { url, credentials } = splitUrlCredentials(s.url);
      if (credentials) this.auth.rememberUrlCredentials(s.name, credentials);
      return { ...s, url };
    });
    this.cache = new Cache(opts.cacheDir);
    this.http = new HttpClient({
      concurrency: opts.concurrency,
      maxRetries: opts.maxRetries,
      timeoutMs: opts.timeoutMs ?? timeoutFromEnv(opts.env ?? process.env),
      backoffMs: opts.backoffMs,
      credentials: (url, source) => this.credentialsFor(url, source),
      transport: new TransportSettings({ ...opts.tls, env: opts.tls?.env ?? opts.env }),
      onRequest: opts.onRequest,
    });
    this.metaCtx = { http: this.http, cache: this.cache, offline: opts.offline === true, noRangeHosts: new Set(), ranges: opts.ranges };
  }

  private async credentialsFor(url: URL, source: string | null): Promise<Credentials | null> {
    // A source's credentials go only to its own host; other hosts get ~/.netrc's, if any.
    const own = this.sources.find((s) => s.name === source);
    const candidates = own && new URL(own.url).host === url.host ? [own] : this.sources.filter((s) => s.kind !== "find-links" && new URL(s.url).host === url.host);
    for (const s of candidates) {
      const c = await this.auth.forSource(s.name);
      if (c !== null) return c;
    }
    return this.auth.forHost(url.hostname);
  }

  /** Every file of a project, merged over sources per Poetry's priorities (see sources.ts). */
  async getPage(name: string, sourceName?: string): Promise<PackagePage> {
    const normalized = canonicalizeName(name);
    const order = searchOrder(this.sources, sourceName);
    const primary = await Promise.all(order.primary.map((s) => this.getSourcePage(s, normalized)));
    let files: PackageFile[] = [];
    let first: string | null = null;
    let lists = 0;
    primary.forEach((list, i) => {
      if (list === null) return;
      first ??= order.primary[i]!.name;
      files.push(...list);
      lists++;
    });
    // Each source's files come in version order; merged, they need sorting again.
    if (lists > 1) files = sortByVersion(files);
    if (first === null) {
      for (const s of order.supplemental) {
        const list = await this.getSourcePage(s, normalized);
        if (list !== null) {
          first = s.name;
          files.push(...list);
          break;
        }
      }
    }
    if (first === null) {
      const asked = [...order.primary, ...order.supplemental].map((s) => `'${s.name}'`).join(", ");
      throw new PackageNotFoundError(`Package '${name}' was not found in ${asked === "" ? "any source" : `source${order.primary.length + order.supplemental.length > 1 ? "s" : ""} ${asked}`}`, {
        hint: "Check the name, or the source it should come from (`source = \"...\"` in the dependency).",
      });
    }
    return { name: normalized, files, source: first };
  }

  /** One source's files for a project; null when the source does not have it (404). */
  getSourcePage(source: Source, name: string): Promise<PackageFile[] | null> {
    const key = `${source.name}\u0000${name}`;
    let p = this.pages.get(key);
    if (p === undefined) {
      p = this.loadSourcePage(source, canonicalizeName(name));
      this.pages.set(key, p);
      p.catch(() => this.pages.delete(key));
    }
    return p;
  }

  private async loadSourcePage(source: Source, name: string): Promise<PackageFile[] | null> {
    if (source.kind === "find-links") {
      const files = scanFindLinksDir(source.url, source.name, canonicalizeName(name));
      return files.length === 0 ? null : withVersions(files, name);
    }
    if (source.kind === "links") {
      const files = (await this.linksPage(source)).get(name);
      return files === undefined ? null : withVersions(files, name);
    }
    const url = `${source.url}${name}/`;
    const cached = this.opts.noCache ? null : this.cache.readPage<PackageFile[] | null>(source.name, name);
    let usable = cached !== null && cached.url === url ? cached : null;
    if (usable !== null && usable.data !== null && !hasVersions(usable.data)) {
      // Written by an older verse: add the versions once and keep them (a 304 would keep the old form forever).
      usable = { ...usable, data: withVersions(usable.data, name) };
      this.cache.writePage(source.name, name, usable);
    }
    return this.revalidate(source, url, usable, name, (text, finalUrl, type) => withVersions(type.includes("json") ? parseJsonPage(text, finalUrl, source.name) : parseHtmlPage(text, finalUrl, source.name), name), (entry) => {
      if (this.opts.noCache) return;
      if (entry === "not modified") this.cache.touchPage(source.name, name);
      else this.cache.writePage(source.name, name, entry);
    });
  }

  private linksPage(source: Source): Promise<Map<string, PackageFile[]>> {
    let p = this.links.get(source.name);
    if (p === undefined) {
      p = (async () => {
        const cached = this.opts.noCache ? null : this.cache.readLinksPage<PackageFile[] | null>(source.name);
        const usable = cached !== null && cached.url === source.url ? cached : null;
        const all = await this.revalidate(source, source.url, usable, "(links page)", (text, finalUrl) => parseHtmlPage(text, finalUrl, source.name), (entry) => {
          if (this.opts.noCache) return;
          if (entry === "not modified") this.cache.touchLinksPage(source.name);
          else this.cache.writeLinksPage(source.name, entry);
        });
        return groupByProject(all ?? []);
      })();
      this.links.set(source.name, p);
    }
    return p;
  }

  /** Serve from cache when fresh, revalidate (ETag / Last-Modified) when stale, else fetch. */
  private async revalidate(
    source: Source,
    url: string,
    cached: CachedPage<PackageFile[] | null> | null,
    what: string,
    parse: (text: string, finalUrl: string, contentType: string) => PackageFile[],
    /** Saves a fetched page, or marks the cached one revalidated ("not modified": a 304 with the same max-age). */
    store: (entry: CachedPage<PackageFile[] | null> | "not modified") => void,
  ): Promise<PackageFile[] | null> {
    if (this.opts.offline) {
      if (cached !== null) return cached.data;
      throw new OfflineError(`Offline: the page of '${what}' from source '${source.name}' is not in the cache`, "Run once online to fill the cache, or drop --offline.");
    }
    if (cached !== null && Date.now() < cached.fetchedAt + cached.maxAge * 1000) return cached.data;
    const headers: Record<string, string> = { accept: ACCEPT };
    if (cached?.etag) headers["if-none-match"] = cached.etag;
    if (cached?.lastModified) headers["if-modified-since"] = cached.lastModified;
    let res;
    try {
      res = await this.http.bytes({ url, source: source.name, headers, allow: [404] });
    } catch (e) {
      if (e instanceof NetworkError && !(e instanceof OfflineError) && cached !== null && !("status" in e && ((e as { status: number }).status === 401 || (e as { status: number }).status === 403))) {
        this.opts.onWarning?.(`Could not reach source '${source.name}' (${redactUrl(url)}); using the cached page of '${what}' from ${new Date(cached.fetchedAt).toISOString()}.`);
        return cached.data;
      }
      throw e;
    }
    const maxAge = maxAgeOf(res.headers);
    if (res.status === 304 && cached !== null) {
      store(maxAge === cached.maxAge ? "not modified" : { ...cached, fetchedAt: Date.now(), maxAge });
      return cached.data;
    }
    const data = res.status === 404 ? null : parse(new TextDecoder().decode(res.body), res.url, res.headers.get("content-type") ?? "");
    if (res.status !== 404) store({ v: 1, url, etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified"), fetchedAt: Date.now(), maxAge, data });
    return data;
  }

  /** The core metadata text of a file (PEP 658, range reads or the whole file), cached by hash. */
  getMetadataText(file: PackageFile): Promise<string> {
    const hashes = hashesToCheck(file);
    const key = hashes.sha256 ?? `url-${new Bun.CryptoHasher("sha256").update(file.url).digest("hex")}`;
    let p = this.metadata.get(key);
    if (p === undefined) {
      p = (async () => {
        if (!this.opts.noCache) {
          const hit = this.cache.readMetadata(key);
          if (hit !== null) {
            this.metadataRoutes.cache++;
            return hit;
          }
        }
        if (this.opts.offline) {
          throw new OfflineError(`Offline: the metadata of ${file.filename} (source '${file.source}') is not in the cache`, "Run once online to fill the cache, or drop --offline.");
        }
        const { text, route } = await fetchMetadataText(this.metaCtx, file);
        this.metadataRoutes[route]++;
        if (!this.opts.noCache) this.cache.writeMetadata(key, text);
        return text;
      })();
      this.metadata.set(key, p);
      p.catch(() => this.metadata.delete(key));
    }
    return p;
  }

  async getMetadata(file: PackageFile): Promise<ParsedMetadata> {
    return parseMetadata(await this.getMetadataText(file));
  }

  /** Download a file into the artifact cache, verified against `expectedHashes` (else the index's). */
  download(file: PackageFile, expectedHashes?: Readonly<Record<string, string>>): Promise<string> {
    return downloadFile(this.metaCtx, file, expectedHashes);
  }

  /** The wheel unpacked in the cache, ready to link (downloads it first when needed). */
  async unpackedWheel(file: PackageFile, expectedHashes?: Readonly<Record<string, string>>): Promise<string> {
    const path = await this.download(file, expectedHashes);
    const sha = hashesToCheck(file, expectedHashes).sha256 ?? new Bun.CryptoHasher("sha256").update(await Bun.file(path).bytes()).digest("hex");
    return this.cache.unpackedWheel(sha, path);
  }
}
