/**
 * THE TEST INDEX: a real Python package index on 127.0.0.1 for tests, benchmarks and the demo.
 *
 *   const index = await startIndexServer({ snapshots: ["pypi-2020-02-13-chalice"], vectorWheels: true });
 *   index.addDist(makeWheel({ name: "foo", version: "1.0", deps: ["bar>=1"] }));
 *   // point verse at index.simpleUrl ("http://127.0.0.1:PORT/simple/"), then:
 *   await index.stop();
 *
 * Routes
 *   GET  /simple/                  project list (PEP 691 JSON or PEP 503 HTML, by Accept)
 *   GET  /simple/<name>/           project page; a non-normalized name or a missing "/" gets a 301
 *   GET  /files/<filename>         the file; honours `Range: bytes=...` (206/416) when ranges are on
 *   GET  /files/<filename>.metadata  PEP 658/714 metadata of a wheel (when pep658 is on)
 *   GET  /redirect/<path>          302 to /<path> (file links go through it with `redirects: true`)
 *   GET  /moved/<path>             301 to /<path>, always (configure a source as .../moved/simple/)
 *   POST /legacy/                  the legacy upload API as twine and poetry use it (multipart):
 *                                  401 without credentials (when auth is on), 403 wrong ones,
 *                                  400 bad form / bad file name / digest mismatch, 400 (or
 *                                  `uploadConflictStatus`) when a different file of that name
 *                                  exists, 200 when stored (or an identical re-upload).
 *                                  Uploaded files join the index at once; see `uploads`.
 * Pages carry ETag/Last-Modified (304 on If-None-Match / If-Modified-Since) and
 * `Cache-Control: max-age=<pageMaxAge>` (default 0: clients must revalidate). Files are served
 * with an ETag of their sha256 and `Cache-Control: immutable`.
 *
 * Options (IndexServerOptions; `index.options` may be changed between requests):
 *   json, html, pep658, ranges       each format/feature switchable off (all on by default)
 *   auth: {username, password}       HTTP basic auth on every route
 *   absoluteLinks, htmlBase          how HTML/JSON file URLs are written (relative by default)
 *   redirects                        file URLs point at /redirect/files/... (302)
 *   snapshots                        names of files in ../shared/vectors/pypi-snapshots (without
 *                                    .json): every project and version becomes a small wheel
 *                                    carrying the real Requires-Dist. Synthesized LAZILY, the first
 *                                    time a page or file needs it, deterministically, and kept on
 *                                    disk in node_modules/.cache/verse-test-index/ between runs.
 *                                    The first snapshot that holds a project wins.
 *   vectorWheels                     serve the real wheels/sdists of ../shared/vectors/wheels
 *   dirs                             serve every wheel/sdist of these directories
 *   dists                            BuiltDists from make-wheel.ts (also `addDist` later)
 *   yanked: {filename: reason|true}, requiresPython: {filename: spec}   per-file page attributes
 *   uploadDir                        where uploads are also written (memory only by default)
 *   trustedPublishing                PyPI's OIDC endpoints and a stand-in for GitHub Actions' token
 *                                    endpoint (see the TRUSTED PUBLISHING block at the end)
 * Fault injection (`index.faults`, mutable): slow responses, N errors, truncated bodies (the
 * connection drops after half the body), wrong bytes (so the page's hash no longer matches).
 * Request log: `index.requests` (method, path, status, bytes, conditional, range), `stats()`,
 * `resetLog()`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { canonicalizeName } from "../../src/standards/names.ts";
import { parseSdistFilename, parseWheelFilename } from "../../src/standards/filename.ts";
import { Version } from "../../src/standards/version.ts";
import { makeWheel, metadataText, type BuiltDist } from "./make-wheel.ts";
import { VECTORS_DIR } from "./vectors.ts";

export interface Faults {
  /** Delay matching responses by `ms`. */
  slow?: { ms: number; match?: RegExp };
  /** Answer `status` (default 500) to the next `count` matching requests. */
  errors?: { count: number; status?: number; match?: RegExp };
  /** Matching file bodies stop after half their bytes and the connection is dropped. */
  truncate?: RegExp;
  /** Matching files are served with one byte changed (their listed hash no longer matches). */
  wrongHash?: RegExp;
}

export interface IndexServerOptions {
  json?: boolean;
  html?: boolean;
  pep658?: boolean;
  ranges?: boolean;
  auth?: { username: string; password: string } | null;
  absoluteLinks?: boolean;
  htmlBase?: boolean;
  redirects?: boolean;
  pageMaxAge?: number;
  snapshots?: string[];
  vectorWheels?: boolean;
  dirs?: string[];
  dists?: BuiltDist[];
  yanked?: Record<string, string | true>;
  requiresPython?: Record<string, string>;
  uploadDir?: string;
  uploadConflictStatus?: 400 | 409;
  trustedPublishing?: TrustedPublishingOptions;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** Body bytes sent (for a truncated body, what was meant to be sent). */
  bytes: number;
  conditional: boolean;
  range: string | null;
}

export interface Upload {
  filename: string;
  fields: Record<string, string>;
  status: number;
}

interface Materialized {
  bytes: Uint8Array;
  sha256: string;
  metadata: string | null;
  metadataSha256: string | null;
}

interface Entry {
  filename: string;
  project: string;
  version: string;
  /** Bytes now, or a generator run on first need. */
  get: () => Materialized;
  /** Known without materializing (snapshot wheels): the hash, when the disk index has it. */
  known?: { sha256: string; size: number; metadataSha256: string };
  /** The PyPI snapshot a synthesized wheel comes from. */
  snapshot?: string;
}

const GENERATOR_VERSION = 2;
export const TEST_INDEX_CACHE = resolve(import.meta.dir, "../../node_modules/.cache/verse-test-index", `v${GENERATOR_VERSION}`);
const FIXED_DATE = "Wed, 01 Jan 2020 00:00:00 GMT";
const UPLOAD_TIME = "2020-01-01T00:00:00.000000Z";
const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
const HTML_TYPE = "application/vnd.pypi.simple.v1+html";

const sha256 = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");
const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function wheelMetadata(bytes: Uint8Array): string | null {
  const found = unzipSync(bytes, { filter: (f) => /^[^/]+\.dist-info\/METADATA$/.test(f.name) });
  const first = Object.values(found)[0];
  return first === undefined ? null : new TextDecoder().decode(first);
}

function materializeBytes(filename: string, bytes: Uint8Array, metadata?: string): Materialized {
  const meta = metadata ?? (filename.endsWith(".whl") ? wheelMetadata(bytes) : null);
  return { bytes, sha256: sha256(bytes), metadata: meta, metadataSha256: meta === null ? null : sha256(meta) };
}

function projectOf(filename: string): { project: string; version: string } | null {
  try {
    const p = filename.endsWith(".whl") ? parseWheelFilename(filename) : parseSdistFilename(filename);
    return { project: p.name, version: p.version.toString() };
  } catch {
    return null;
  }
}

/** Write a file atomically so concurrent test processes never read half of it. */
function atomicWrite(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

type SnapshotData = Record<string, Record<string, { dependencies?: string[] | Record<string, never> }> | boolean>;

export class IndexServer {
  readonly options: IndexServerOptions;
  faults: Faults = {};
  readonly requests: LoggedRequest[] = [];
  readonly uploads: Upload[] = [];
  private readonly projects = new Map<string, Map<string, Entry>>();
  private readonly memo = new Map<Entry, Materialized>();
  private server: ReturnType<typeof Bun.serve> | null = null;

  constructor(options: IndexServerOptions = {}) {
    this.options = options;
    for (const d of options.dists ?? []) this.addDist(d);
    if (options.vectorWheels) this.addDirectory(join(VECTORS_DIR, "wheels"));
    for (const d of options.dirs ?? []) this.addDirectory(d);
    for (const s of options.snapshots ?? []) this.addSnapshot(s);
  }

  get url(): string {
    if (this.server === null) throw new Error("index server not started");
    return `http://127.0.0.1:${this.server.port}`;
  }
  get simpleUrl(): string {
    return `${this.url}/simple/`;
  }
  /** The URL with basic-auth credentials embedded (when auth is on). */
  get simpleUrlWithAuth(): string {
    const a = this.options.auth;
    return a ? this.simpleUrl.replace("http://", `http://${encodeURIComponent(a.username)}:${encodeURIComponent(a.password)}@`) : this.simpleUrl;
  }

  start(): this {
    this.server = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 30, fetch: (req) => this.handle(req) });
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop(true);
    this.server = null;
  }

  addDist(dist: BuiltDist, extra: { metadata?: string } = {}): void {
    const m = materializeBytes(dist.filename, dist.bytes, dist.filename.endsWith(".whl") ? (extra.metadata ?? dist.metadata) : undefined);
    this.addEntry(dist.filename, () => m);
  }

  addFile(filename: string, bytes: Uint8Array): void {
    let m: Materialized | null = null;
    this.addEntry(filename, () => (m ??= materializeBytes(filename, bytes)));
  }

  addDirectory(dir: string): void {
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith(".whl") && !f.endsWith(".tar.gz") && !f.endsWith(".zip")) continue;
      let m: Materialized | null = null;
      this.addEntry(f, () => (m ??= materializeBytes(f, new Uint8Array(readFileSync(join(dir, f))))));
    }
  }

  private addEntry(filename: string, get: () => Materialized, known?: Entry["known"], snapshot?: string): boolean {
    const p = projectOf(filename);
    if (p === null) return false;
    let files = this.projects.get(p.project);
    if (files === undefined) this.projects.set(p.project, (files = new Map()));
    files.set(filename, { filename, project: p.project, version: p.version, get, known, snapshot });
    return true;
  }

  /** Every project and version of a PyPI snapshot, as lazily synthesized wheels. */
  addSnapshot(snapshot: string): void {
    const data = JSON.parse(readFileSync(join(VECTORS_DIR, "pypi-snapshots", `${snapshot}.json`), "utf8")) as SnapshotData;
    const dir = join(TEST_INDEX_CACHE, snapshot);
    for (const [rawName, versions] of Object.entries(data)) {
      if (typeof versions !== "object") continue;
      const name = canonicalizeName(rawName);
      if (this.projects.has(name)) continue; // an earlier source of this project wins
      const hashFile = join(dir, "hashes", `${name}.json`);
      let known: Record<string, Entry["known"]> = {};
      if (existsSync(hashFile)) {
        try {
          known = JSON.parse(readFileSync(hashFile, "utf8")) as typeof known;
        } catch {
          known = {};
        }
      }
      for (const [version, info] of Object.entries(versions)) {
        let v: string;
        try {
          v = Version.parse(version).toString();
        } catch {
          continue;
        }
        const deps = Array.isArray(info.dependencies) ? info.dependencies : [];
        const extras = [...new Set(deps.flatMap((d) => [...d.matchAll(/extra\s*==\s*["']([^"']+)["']/g)].map((m) => m[1]!)))];
        const spec = { name: rawName, version: v, deps, ...(extras.length > 0 ? { providesExtra: extras } : {}) };
        const filename = `${name.replace(/-/g, "_")}-${v}-py3-none-any.whl`;
        const get = (): Materialized => {
          const path = join(dir, "files", filename);
          if (existsSync(path)) {
            const bytes = new Uint8Array(readFileSync(path));
            const metadata = metadataText(spec);
            return { bytes, sha256: sha256(bytes), metadata, metadataSha256: sha256(metadata) };
          }
          const built = makeWheel(spec);
          mkdirSync(join(dir, "files"), { recursive: true });
          atomicWrite(path, built.bytes);
          return materializeBytes(filename, built.bytes, built.metadata);
        };
        this.addEntry(filename, get, known[filename], snapshot);
      }
    }
  }

  private materialize(e: Entry): Materialized {
    let m = this.memo.get(e);
    if (m === undefined) this.memo.set(e, (m = e.get()));
    return m;
  }

  /** The hash data of every file of a project, materializing only what the disk index lacks. */
  private fileInfo(e: Entry): { sha256: string; size: number; metadataSha256: string | null } {
    if (e.known !== undefined) return e.known;
    const m = this.materialize(e);
    return { sha256: m.sha256, size: m.bytes.length, metadataSha256: m.metadataSha256 };
  }

  /** Save the hashes of a snapshot project's wheels, so later runs list it without zipping. */
  private persistKnown(project: string, files: Map<string, Entry>): void {
    const all = [...files.values()];
    const snapshot = all.find((e) => e.snapshot !== undefined)?.snapshot;
    if (snapshot === undefined || all.every((e) => e.known !== undefined || e.snapshot === undefined)) return;
    const out: Record<string, Entry["known"]> = {};
    for (const e of all) {
      if (e.snapshot === undefined) continue;
      const m = this.memo.get(e);
      e.known ??= m === undefined ? undefined : { sha256: m.sha256, size: m.bytes.length, metadataSha256: m.metadataSha256 ?? "" };
      if (e.known !== undefined) out[e.filename] = e.known;
    }
    const hashDir = join(TEST_INDEX_CACHE, snapshot, "hashes");
    mkdirSync(hashDir, { recursive: true });
    atomicWrite(join(hashDir, `${project}.json`), JSON.stringify(out));
  }

  stats(): { requests: number; bytes: number; byStatus: Record<number, number> } {
    const byStatus: Record<number, number> = {};
    let bytes = 0;
    for (const r of this.requests) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      bytes += r.bytes;
    }
    return { requests: this.requests.length, bytes, byStatus };
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  projectNames(): string[] {
    return [...this.projects.keys()].sort();
  }

  // ------------------------------------------------------------------------------ handling

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const path = decodeURIComponent(url.pathname);
    const log: LoggedRequest = {
      method: req.method,
      path,
      status: 0,
      bytes: 0,
      conditional: req.headers.has("if-none-match") || req.headers.has("if-modified-since"),
      range: req.headers.get("range"),
    };
    this.requests.push(log);
    const res = await this.route(req, url, path);
    log.status = res.status;
    log.bytes = Number(res.headers.get("content-length") ?? 0);
    return res;
  }

  private async route(req: Request, url: URL, path: string): Promise<Response> {
    const f = this.faults;
    if (f.slow && (f.slow.match?.test(path) ?? true)) await Bun.sleep(f.slow.ms);
    if (f.errors && f.errors.count > 0 && (f.errors.match?.test(path) ?? true)) {
      f.errors.count--;
      return new Response("injected failure\n", { status: f.errors.status ?? 500 });
    }
    if (path.startsWith("/_/oidc/")) return trustedPublishingRoute(this.options.trustedPublishing, req, url, path);
    const auth = this.options.auth;
    if (auth) {
      const header = req.headers.get("authorization");
      if (header === null) return new Response("authentication required\n", { status: 401, headers: { "www-authenticate": 'Basic realm="test index"' } });
      const expected = "Basic " + Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
      if (header !== expected) {
        const status = path.startsWith("/legacy") ? 403 : 401;
        return new Response("Invalid or non-existent authentication information.\n", { status, headers: status === 401 ? { "www-authenticate": 'Basic realm="test index"' } : {} });
      }
    }
    if (path.startsWith("/moved/")) return Response.redirect(`${url.origin}${path.slice("/moved".length)}${url.search}`, 301);
    if (path.startsWith("/redirect/")) return Response.redirect(`${url.origin}${path.slice("/redirect".length)}`, 302);
    if (req.method === "POST" && (path === "/legacy/" || path === "/legacy" || path === "/")) return this.upload(req);
    if (req.method !== "GET" && req.method !== "HEAD") return new Response("method not allowed\n", { status: 405 });
    if (path === "/simple/" || path === "/simple") return this.projectList(req);
    const simple = /^\/simple\/([^/]+)(\/?)$/.exec(path);
    if (simple) {
      const name = canonicalizeName(simple[1]!);
      if (name !== simple[1] || simple[2] !== "/") return Response.redirect(`${url.origin}/simple/${name}/`, 301);
      return this.projectPage(req, name);
    }
    const file = /^\/files\/([^/]+)$/.exec(path);
    if (file) return this.serveFile(req, file[1]!);
    return new Response("not found\n", { status: 404 });
  }

  private findEntry(filename: string): Entry | null {
    const p = projectOf(filename);
    return p === null ? null : (this.projects.get(p.project)?.get(filename) ?? null);
  }

  /** JSON or HTML by the Accept header (PEP 691); null when nothing acceptable is enabled. */
  private negotiate(req: Request): "json" | "html" | null {
    const json = this.options.json !== false;
    const html = this.options.html !== false;
    const accept = req.headers.get("accept");
    if (accept === null || accept.trim() === "") return html ? "html" : json ? "json" : null;
    let best: "json" | "html" | null = null;
    let bestQ = 0;
    for (const part of accept.split(",")) {
      const [type, ...params] = part.trim().split(";").map((s) => s.trim());
      const qParam = params.find((p) => p.startsWith("q="));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      const candidates: ("json" | "html")[] =
        type === JSON_TYPE || type === "application/vnd.pypi.simple.latest+json" ? ["json"]
        : type === HTML_TYPE || type === "text/html" || type === "application/vnd.pypi.simple.latest+html" ? ["html"]
        : type === "*/*" ? ["json", "html"] : [];
      for (const c of candidates) {
        if ((c === "json" && !json) || (c === "html" && !html)) continue;
        if (q > bestQ || (q === bestQ && c === "json" && best === "html")) {
          best = c;
          bestQ = q;
        }
      }
    }
    return bestQ > 0 ? best : null;
  }

  private page(req: Request, body: string, format: "json" | "html"): Response {
    const etag = `"${sha256(body).slice(0, 32)}"`;
    const headers: Record<string, string> = {
      "content-type": format === "json" ? JSON_TYPE : "text/html; charset=utf-8",
      etag,
      "last-modified": FIXED_DATE,
      "cache-control": `max-age=${this.options.pageMaxAge ?? 0}, public`,
      vary: "Accept",
    };
    const inm = req.headers.get("if-none-match");
    if ((inm !== null && inm.split(",").some((t) => t.trim() === etag)) || (inm === null && req.headers.get("if-modified-since") === FIXED_DATE)) {
      return new Response(null, { status: 304, headers: { etag, "cache-control": headers["cache-control"]! } });
    }
    return new Response(body, { headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } });
  }

  private projectList(req: Request): Response {
    const format = this.negotiate(req);
    if (format === null) return new Response("not acceptable\n", { status: 406 });
    const names = this.projectNames();
    if (format === "json") return this.page(req, JSON.stringify({ meta: { "api-version": "1.1" }, projects: names.map((name) => ({ name })) }), "json");
    const links = names.map((n) => `    <a href="${n}/">${n}</a><br/>`).join("\n");
    return this.page(req, `<!DOCTYPE html>\n<html>\n  <body>\n${links}\n  </body>\n</html>\n`, "html");
  }

  private fileUrl(filename: string): string {
    const rel = `${this.options.redirects ? "redirect/" : ""}files/${encodeURIComponent(filename)}`;
    if (this.options.absoluteLinks) return `${this.url}/${rel}`;
    if (this.options.htmlBase) return rel; // resolved against <base href="/">
    return `../../${rel}`;
  }

  private projectPage(req: Request, name: string): Response {
    const format = this.negotiate(req);
    if (format === null) return new Response("not acceptable\n", { status: 406 });
    const files = this.projects.get(name);
    if (files === undefined) return new Response("not found\n", { status: 404 });
    const entries = [...files.values()].sort((a, b) => Version.parse(a.version).compare(Version.parse(b.version)) || (a.filename < b.filename ? -1 : 1));
    const infos = entries.map((e) => ({ e, info: this.fileInfo(e) }));
    this.persistKnown(name, files);
    const pep658 = this.options.pep658 !== false;
    if (format === "json") {
      const useBase = this.options.htmlBase && !this.options.absoluteLinks;
      const body = {
        meta: { "api-version": "1.1" },
        name,
        versions: [...new Set(entries.map((e) => e.version))],
        files: infos.map(({ e, info }) => {
          const meta = pep658 && info.metadataSha256 ? { sha256: info.metadataSha256 } : false;
          return {
            filename: e.filename,
            url: useBase ? `/${this.fileUrl(e.filename)}` : this.fileUrl(e.filename),
            hashes: { sha256: info.sha256 },
            "requires-python": this.options.requiresPython?.[e.filename] ?? null,
            yanked: this.options.yanked?.[e.filename] ?? false,
            "core-metadata": meta,
            "dist-info-metadata": meta,
            size: info.size,
            "upload-time": UPLOAD_TIME,
          };
        }),
      };
      return this.page(req, JSON.stringify(body), "json");
    }
    const lines = infos.map(({ e, info }) => {
      const attrs: string[] = [`href="${escapeHtml(this.fileUrl(e.filename))}#sha256=${info.sha256}"`];
      const rp = this.options.requiresPython?.[e.filename];
      if (rp !== undefined) attrs.push(`data-requires-python="${escapeHtml(rp)}"`);
      const y = this.options.yanked?.[e.filename];
      if (y !== undefined) attrs.push(y === true ? "data-yanked" : `data-yanked="${escapeHtml(y)}"`);
      if (pep658 && info.metadataSha256) attrs.push(`data-dist-info-metadata="sha256=${info.metadataSha256}"`, `data-core-metadata="sha256=${info.metadataSha256}"`);
      return `    <a ${attrs.join(" ")}>${escapeHtml(e.filename)}</a><br/>`;
    });
    const base = this.options.htmlBase ? `    <base href="${this.url}/">\n` : "";
    const body = `<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="1.1">\n${base}    <title>Links for ${name}</title>\n  </head>\n  <body>\n    <h1>Links for ${name}</h1>\n${lines.join("\n")}\n  </body>\n</html>\n`;
    return this.page(req, body, "html");
  }

  private serveFile(req: Request, filename: string): Response {
    const isMeta = filename.endsWith(".metadata");
    const entry = this.findEntry(isMeta ? filename.slice(0, -".metadata".length) : filename);
    if (entry === null) return new Response("not found\n", { status: 404 });
    const m = this.materialize(entry);
    let bytes: Uint8Array;
    if (isMeta) {
      if (this.options.pep658 === false || m.metadata === null) return new Response("not found\n", { status: 404 });
      bytes = new TextEncoder().encode(m.metadata);
    } else {
      bytes = m.bytes;
      if (this.faults.wrongHash?.test(filename)) {
        bytes = bytes.slice();
        bytes[bytes.length >> 1] ^= 0xff;
      }
    }
    const etag = `"${isMeta ? sha256(bytes).slice(0, 32) : m.sha256.slice(0, 32)}"`;
    const headers: Record<string, string> = { etag, "last-modified": FIXED_DATE, "cache-control": "max-age=365000000, immutable, public", "content-type": isMeta ? "text/plain; charset=utf-8" : "application/octet-stream" };
    if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } });
    const ranges = this.options.ranges !== false && !isMeta;
    if (ranges) headers["accept-ranges"] = "bytes";
    const range = req.headers.get("range");
    let status = 200;
    if (ranges && range !== null) {
      const r = parseRange(range, bytes.length);
      if (r === "unsatisfiable") return new Response(null, { status: 416, headers: { "content-range": `bytes */${bytes.length}` } });
      if (r !== null) {
        headers["content-range"] = `bytes ${r[0]}-${r[1]}/${bytes.length}`;
        bytes = bytes.subarray(r[0], r[1] + 1);
        status = 206;
      }
    }
    headers["content-length"] = String(bytes.length);
    if (req.method === "HEAD") return new Response(null, { status, headers });
    if (this.faults.truncate?.test(filename) && !isMeta) {
      const half = bytes.subarray(0, bytes.length >> 1);
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          controller.enqueue(half);
          await Bun.sleep(20);
          controller.error("test index fault: injected disconnect (expected in tests)");
        },
      });
      return new Response(stream, { status, headers });
    }
    return new Response(bytes, { status, headers });
  }

  private async upload(req: Request): Promise<Response> {
    let form: Awaited<ReturnType<Request["formData"]>>;
    try {
      form = await req.formData();
    } catch {
      return new Response("Invalid request: expected multipart/form-data\n", { status: 400 });
    }
    const fields: Record<string, string> = {};
    let content: File | null = null;
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") fields[k] = fields[k] === undefined ? v : `${fields[k]}\n${v}`;
      else if (k === "content") content = v;
    }
    const answer = (status: number, message: string, filename = content?.name ?? ""): Response => {
      this.uploads.push({ filename, fields, status });
      return new Response(`${message}\n`, { status, statusText: message.slice(0, 60) });
    };
    if (fields[":action"] !== "file_upload") return answer(400, "Invalid value for :action. Expected 'file_upload'.");
    if (!fields.name || !fields.version || content === null) return answer(400, "Invalid value for name, version or content: all are required.");
    const filename = content.name;
    const parsed = projectOf(filename);
    if (parsed === null) return answer(400, `Invalid distribution file name: ${filename}`);
    if (parsed.project !== canonicalizeName(fields.name)) return answer(400, `Start filename for '${fields.name}' with '${fields.name.replace(/[-_.]+/g, "_")}'.`);
    const bytes = new Uint8Array(await content.arrayBuffer());
    const digest = sha256(bytes);
    if (fields.sha256_digest && fields.sha256_digest.toLowerCase() !== digest) return answer(400, "The digest supplied does not match a digest calculated from the uploaded file.");
    const existing = this.findEntry(filename);
    if (existing !== null) {
      if (this.materialize(existing).sha256 === digest) return answer(200, "OK (identical file already exists)");
      return answer(this.options.uploadConflictStatus ?? 400, "File already exists. See https://pypi.org/help/#file-name-reuse for more information.");
    }
    this.addFile(filename, bytes);
    if (this.options.uploadDir) {
      mkdirSync(this.options.uploadDir, { recursive: true });
      atomicWrite(join(this.options.uploadDir, filename), bytes);
    }
    return answer(200, "OK");
  }
}

/** One `bytes=` range → inclusive [start, end]; null to ignore (serve 200); "unsatisfiable". */
function parseRange(header: string, size: number): [number, number] | null | "unsatisfiable" {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null) return null;
  const [, a, b] = m;
  if (a === "" && b === "") return null;
  if (a === "") {
    const n = Number(b);
    if (n === 0) return "unsatisfiable";
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return [start, end];
}

// ------------------------------------------------------------------ TRUSTED PUBLISHING (OIDC)
// Owned by the publish tests. Without auth (as on PyPI), when `trustedPublishing` is set:
//   GET  /_/oidc/audience         {"audience": <audience>}
//   GET  /_/oidc/github-token     GitHub Actions' ID-token endpoint stand-in (point
//                                 ACTIONS_ID_TOKEN_REQUEST_URL here): needs `Authorization: bearer
//                                 <requestToken>` and `?audience=`; answers {"value": <OIDC token>}
//   POST /_/oidc/mint-token       {"token": <OIDC token>} → {"success": true, "token": <mintedToken>}
//                                 when the token was issued for <audience>, else 422 with PyPI's
//                                 {"message", "errors": [{"code", "description"}]}
// Uploads authenticate as usual: set `auth` to {username: "__token__", password: mintedToken}.
// Every call is logged in `index.requests` like any other route.

export interface TrustedPublishingOptions {
  audience: string;
  /** The bearer token GitHub Actions gives the job (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string;
  /** The API token minted for a valid OIDC token. */
  mintedToken: string;
  /** false: no trusted publisher matches (mint-token answers 422 invalid-publisher). */
  publisherConfigured?: boolean;
}

const oidcTokenFor = (audience: string): string => `test-oidc.${Buffer.from(JSON.stringify({ aud: audience })).toString("base64url")}.sig`;

async function trustedPublishingRoute(tp: TrustedPublishingOptions | undefined, req: Request, url: URL, path: string): Promise<Response> {
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (tp === undefined) return new Response("not found\n", { status: 404 });
  if (path === "/_/oidc/audience" && req.method === "GET") return json(200, { audience: tp.audience });
  if (path === "/_/oidc/github-token" && req.method === "GET") {
    if (req.headers.get("authorization") !== `bearer ${tp.requestToken}`) return json(401, { message: "Bad credentials" });
    const audience = url.searchParams.get("audience");
    if (!audience) return json(400, { message: "audience is required" });
    return json(200, { value: oidcTokenFor(audience) });
  }
  if (path === "/_/oidc/mint-token" && req.method === "POST") {
    let token: unknown;
    try {
      token = ((await req.json()) as { token?: unknown }).token;
    } catch {
      return json(422, { message: "Token request failed", errors: [{ code: "invalid-payload", description: "malformed JSON" }] });
    }
    if (token !== oidcTokenFor(tp.audience) || tp.publisherConfigured === false) {
      return json(422, { message: "Token request failed", errors: [{ code: "invalid-publisher", description: "valid token, but no corresponding publisher (audience or claims do not match)" }] });
    }
    return json(200, { success: true, token: tp.mintedToken });
  }
  return new Response("not found\n", { status: 404 });
}

export async function startIndexServer(options: IndexServerOptions = {}): Promise<IndexServer> {
  return new IndexServer(options).start();
}
