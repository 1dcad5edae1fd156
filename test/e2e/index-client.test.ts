/** The index client against the real local test index (test/helpers/index-server.ts). */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthenticationError, HashMismatchError, IndexClient, NetworkError, OfflineError, PackageNotFoundError, type IndexClientOptions } from "../../src/index/index.ts";
import { Cache } from "../../src/cache/index.ts";
import { IndexServer, startIndexServer, type IndexServerOptions } from "../helpers/index-server.ts";
import { makeSdist, makeWheel } from "../helpers/make-wheel.ts";

/** Incompressible bytes (a fixed LCG), so the wheel is really large. */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) out[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  return out;
}

const dists = [
  makeWheel({ name: "alpha", version: "1.0", deps: ["beta>=1"] }),
  makeWheel({ name: "alpha", version: "2.0", deps: ["beta>=2", 'gamma; python_version < "3.8"'], requiresPython: ">=3.8" }),
  makeSdist({ name: "alpha", version: "2.0", deps: ["beta>=2"] }),
  makeWheel({ name: "beta", version: "1.0", files: { "beta/big.bin": noise(200_000) } }),
  makeWheel({ name: "beta", version: "2.0" }),
];

let dirs: string[] = [];
let servers: IndexServer[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "verse-index-"));
  dirs.push(d);
  return d;
}
async function serve(options: IndexServerOptions = {}): Promise<IndexServer> {
  const s = await startIndexServer({ dists, ...options });
  servers.push(s);
  return s;
}
function client(s: IndexServer, extra: Partial<IndexClientOptions> = {}): IndexClient {
  return new IndexClient({ sources: [{ name: "local", url: s.simpleUrl }], cacheDir: extra.cacheDir ?? tmp(), backoffMs: 5, ...extra });
}
afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe("formats", () => {
  for (const [label, opts] of [
    ["JSON only", { html: false }],
    ["HTML only", { json: false }],
    ["HTML with <base>", { json: false, htmlBase: true }],
    ["absolute links", { absoluteLinks: true }],
  ] as [string, IndexServerOptions][]) {
    test(`${label}: page, requires-python, PEP 658 metadata`, async () => {
      const s = await serve(opts);
      const c = client(s);
      const page = await c.getPage("Alpha");
      expect(String(page.name)).toBe("alpha");
      expect(page.files.map((f) => f.filename).sort()).toEqual(["alpha-1.0-py3-none-any.whl", "alpha-2.0-py3-none-any.whl", "alpha-2.0.tar.gz"]);
      const w2 = page.files.find((f) => f.filename === "alpha-2.0-py3-none-any.whl")!;
      expect(w2.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(w2.url.startsWith(s.url + "/files/")).toBe(true);
      const meta = await c.getMetadata(w2);
      expect(meta.requiresDist).toEqual(["beta>=2", 'gamma; python_version < "3.8"']);
      expect(meta.requiresPython).toBe(">=3.8");
      expect(c.metadataRoutes.pep658).toBe(1);
      expect(s.requests.some((r) => r.path.endsWith(".whl"))).toBe(false);
    });
  }

  test("no PEP 658: metadata through range requests, without downloading the wheel", async () => {
    const s = await serve({ pep658: false });
    const c = client(s);
    const f = (await c.getPage("beta")).files.find((x) => x.filename.startsWith("beta-1.0"))!;
    const meta = await c.getMetadata(f);
    expect(meta.name).toBe("beta");
    expect(c.metadataRoutes.range).toBe(1);
    const fileBytes = s.requests.filter((r) => r.path.endsWith(".whl")).reduce((n, r) => n + r.bytes, 0);
    expect(fileBytes).toBeLessThan(f.size! / 2);
    expect(s.requests.filter((r) => r.path.endsWith(".whl")).every((r) => r.status === 206)).toBe(true);
  });

  test("no ranges: whole-file fallback, remembered per host", async () => {
    const s = await serve({ pep658: false, ranges: false });
    const c = client(s);
    const files = (await c.getPage("beta")).files;
    for (const f of files) expect((await c.getMetadata(f)).name).toBe("beta");
    const ranged = s.requests.filter((r) => r.range !== null);
    expect(ranged.length).toBe(1); // only the first file tried a range
    // the whole file that came back is kept as the artifact: downloading it costs nothing
    const before = s.requests.length;
    await c.download(files[0]!);
    expect(s.requests.length).toBe(before);
  });

  test("sdist metadata from a reliable PKG-INFO", async () => {
    const s = await serve({ pep658: false });
    const c = client(s);
    const f = (await c.getPage("alpha")).files.find((x) => x.filename.endsWith(".tar.gz"))!;
    const meta = await c.getMetadata(f);
    expect(meta.requiresDist).toEqual(["beta>=2"]);
  });

  test("real wheels of the vectors", async () => {
    const s = await serve({ vectorWheels: true, pep658: false });
    const c = client(s);
    const page = await c.getPage("simple-project");
    expect(page.files.length).toBe(2);
    const wheel = page.files.find((f) => f.filename.endsWith(".whl"))!;
    expect((await c.getMetadata(wheel)).version).toBe("1.2.3");
  });
});

describe("index behaviour", () => {
  test("yanked files keep their reason", async () => {
    const s = await serve({ yanked: { "beta-1.0-py3-none-any.whl": "broken build", "beta-2.0-py3-none-any.whl": true } });
    for (const json of [true, false]) {
      s.options.json = json;
      const page = await client(s).getPage("beta");
      const y = Object.fromEntries(page.files.map((f) => [f.filename, f.yanked]));
      expect(y).toEqual({ "beta-1.0-py3-none-any.whl": "broken build", "beta-2.0-py3-none-any.whl": true });
    }
  });

  test("redirects: a moved index and redirected file URLs", async () => {
    const s = await serve({ redirects: true, json: false });
    const c = new IndexClient({ sources: [{ name: "moved", url: `${s.url}/moved/simple/` }], cacheDir: tmp() });
    const page = await c.getPage("BETA");
    const f = page.files[0]!;
    expect(f.url).toContain("/redirect/files/");
    const path = await c.download(f);
    expect(existsSync(path)).toBe(true);
    expect(s.requests.some((r) => r.status === 301)).toBe(true);
    expect(s.requests.some((r) => r.status === 302)).toBe(true);
  });

  test("auth: works with credentials, 401 names the source and never the password", async () => {
    const s = await serve({ auth: { username: "alice", password: "s3cret-pw" } });
    const ok = client(s, { auth: { httpBasic: { local: { username: "alice", password: "s3cret-pw" } }, netrcPath: null, keyring: false } });
    expect((await ok.getPage("alpha")).files.length).toBe(3);
    const inUrl = new IndexClient({ sources: [{ name: "local", url: s.simpleUrlWithAuth }], cacheDir: tmp(), auth: { netrcPath: null, keyring: false } });
    expect((await inUrl.getPage("alpha")).files.length).toBe(3);
    const wrong = client(s, { auth: { httpBasic: { local: { username: "alice", password: "WRONG-pw" } }, netrcPath: null, keyring: false } });
    const err = await wrong.getPage("alpha").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const text = `${(err as Error).message} ${(err as AuthenticationError).hint}`;
    expect(text).toContain("'local'");
    expect(text).toContain("401");
    expect(text).not.toContain("WRONG-pw");
    const none = client(s, { auth: { netrcPath: null, keyring: false } });
    const err2 = (await none.getPage("alpha").catch((e: unknown) => e)) as AuthenticationError;
    expect(err2.hint).toContain("http-basic.local");
  });

  test("auth from environment variables", async () => {
    const s = await serve({ auth: { username: "bob", password: "pw" } });
    const c = client(s, { env: { POETRY_HTTP_BASIC_LOCAL_USERNAME: "bob", POETRY_HTTP_BASIC_LOCAL_PASSWORD: "pw" }, auth: { netrcPath: null, keyring: false } });
    expect((await c.getPage("beta")).files.length).toBe(2);
  });

  test("retries 5xx with backoff, then succeeds", async () => {
    const s = await serve();
    s.faults.errors = { count: 2, match: /\/simple\// };
    expect((await client(s).getPage("beta")).files.length).toBe(2);
    expect(s.stats().byStatus[500]).toBe(2);
  });

  test("persistent 500 fails with a network error", async () => {
    const s = await serve();
    s.faults.errors = { count: 100 };
    const err = await client(s, { maxRetries: 1 }).getPage("beta").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
  });

  test("unknown project", async () => {
    const s = await serve();
    expect(await client(s).getPage("nope").catch((e: unknown) => e)).toBeInstanceOf(PackageNotFoundError);
  });
});

describe("downloads and the cache", () => {
  test("a page comes in version order, each file with its version; a page cached without them gets them once", async () => {
    const s = await serve();
    const cacheDir = tmp();
    const page = await client(s, { cacheDir }).getPage("alpha");
    expect(page.files.map((f) => `${f.filename} ${f.version}`)).toEqual(["alpha-1.0-py3-none-any.whl 1.0", "alpha-2.0-py3-none-any.whl 2.0", "alpha-2.0.tar.gz 2.0"]);
    // The form an older verse wrote: no versions, files in the index's order.
    const file = join(cacheDir, "simple-v1", "local", "alpha.json");
    const entry = JSON.parse(readFileSync(file, "utf8")) as { data: Record<string, unknown>[] };
    entry.data = entry.data.map(({ version: _, ...rest }) => rest).reverse();
    writeFileSync(file, JSON.stringify(entry));
    const again = await client(s, { cacheDir, offline: true }).getPage("alpha");
    expect(again.files.map((f) => `${f.filename} ${f.version}`)).toEqual(["alpha-1.0-py3-none-any.whl 1.0", "alpha-2.0.tar.gz 2.0", "alpha-2.0-py3-none-any.whl 2.0"]);
    const rewritten = JSON.parse(readFileSync(file, "utf8")) as { data: { version?: string }[] };
    expect(rewritten.data.map((f) => f.version)).toEqual(["1.0", "2.0", "2.0"]);
  });

  const noPartials = (cacheDir: string): void => {
    const tmpDir = join(cacheDir, "tmp");
    expect(existsSync(tmpDir) ? readdirSync(tmpDir) : []).toEqual([]);
    const art = join(cacheDir, "artifacts-v1");
    expect(existsSync(art) ? readdirSync(art) : []).toEqual([]);
  };

  test("a mid-download disconnect is detected and leaves nothing", async () => {
    const s = await serve();
    const cacheDir = tmp();
    const c = client(s, { cacheDir, maxRetries: 1 });
    const f = (await c.getPage("beta")).files[0]!;
    s.faults.truncate = /beta-1\.0/;
    const err = await c.download(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err instanceof NetworkError || err instanceof HashMismatchError).toBe(true);
    noPartials(cacheDir);
    s.faults.truncate = undefined;
    expect(existsSync(await c.download(f))).toBe(true);
  });

  test("a hash mismatch is detected and leaves nothing", async () => {
    const s = await serve();
    const cacheDir = tmp();
    const c = client(s, { cacheDir });
    const f = (await c.getPage("beta")).files[0]!;
    s.faults.wrongHash = /beta-1\.0/;
    expect(await c.download(f).catch((e: unknown) => e)).toBeInstanceOf(HashMismatchError);
    noPartials(cacheDir);
  });

  test("a corrupt cache entry is re-fetched, never used", async () => {
    const s = await serve();
    const c = client(s);
    const f = (await c.getPage("beta")).files[0]!;
    const path = await c.download(f);
    await Bun.write(path, "garbage");
    const again = await c.download(f);
    expect(await Bun.file(again).size).toBe(f.size!);
  });

  test("warm cache: revalidation only, no metadata requests; offline works", async () => {
    const s = await serve({ pep658: false });
    const cacheDir = tmp();
    const cold = client(s, { cacheDir });
    for (const f of (await cold.getPage("alpha")).files) await cold.getMetadata(f);
    s.resetLog();
    const pagePath = new Cache(cacheDir).layout.pagePath("local", "alpha");
    const pageBefore = readFileSync(pagePath, "utf8");
    utimesSync(pagePath, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const warm = client(s, { cacheDir });
    for (const f of (await warm.getPage("alpha")).files) await warm.getMetadata(f);
    expect(s.requests.map((r) => [r.path, r.status, r.conditional])).toEqual([["/simple/alpha/", 304, true]]);
    // A 304 marks the page revalidated through its modification time; the page is not rewritten.
    expect(readFileSync(pagePath, "utf8")).toBe(pageBefore);
    expect(statSync(pagePath).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    const url = s.simpleUrl;
    await s.stop();
    const offline = new IndexClient({ sources: [{ name: "local", url }], cacheDir, offline: true });
    const page = await offline.getPage("alpha");
    expect((await offline.getMetadata(page.files[0]!)).name).toBe("alpha");
    const missing = (await offline.getPage("beta").catch((e: unknown) => e)) as OfflineError;
    expect(missing).toBeInstanceOf(OfflineError);
    expect(missing.message).toContain("'beta'");
    // unreachable, not offline: the stale page is used, with a warning that names the source
    const warnings: string[] = [];
    const unreachable = new IndexClient({ sources: [{ name: "local", url }], cacheDir, onWarning: (w) => warnings.push(w), maxRetries: 0 });
    expect((await unreachable.getPage("alpha")).files.length).toBe(3);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain("Could not reach source 'local'");
  });

  test("unpacked wheel is ready to link", async () => {
    const s = await serve();
    const c = client(s);
    const dir = await c.unpackedWheel((await c.getPage("beta")).files[0]!);
    expect(existsSync(join(dir, "beta", "__init__.py"))).toBe(true);
    expect(existsSync(join(dir, "beta-1.0.dist-info", "RECORD"))).toBe(true);
  });
});

describe("two processes share one cache", () => {
  let s: IndexServer;
  beforeEach(async () => {
    s = await serve({ snapshots: ["pypi-2020-02-13-chalice"], pep658: false });
  });
  test("both fill it at once and agree", async () => {
    const cacheDir = tmp();
    const script = join(import.meta.dir, "..", "helpers", "..", "e2e", "index-fill.script.ts");
    const run = () => Bun.spawn([process.execPath, script, s.simpleUrl, cacheDir], { stdout: "pipe", stderr: "pipe" });
    const [a, b] = [run(), run()];
    const [outA, outB] = await Promise.all([new Response(a.stdout).text(), new Response(b.stdout).text()]);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(outA).toBe(outB);
    expect(outA.split("\n").length).toBeGreaterThan(5);
    expect(readdirSync(join(cacheDir, "tmp"))).toEqual([]);
  });
});
