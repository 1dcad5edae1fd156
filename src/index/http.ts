/**
 * HTTP for package sources, on Bun's fetch (which keeps connections alive and reuses them per
 * host). Adds what an installer needs around it:
 *   - bounded concurrency (a counting semaphore; the slot is held until the body is read),
 *   - retries with exponential backoff and jitter on 500/502/503/504, resets and timeouts,
 *   - a timeout per attempt covering the body (POETRY_REQUESTS_TIMEOUT, seconds),
 *   - credentials from the Authenticator, sent as a Basic header and never shown: every URL in
 *     a message goes through redactUrl,
 *   - TLS and proxy options per source.
 */
import { createWriteStream, rmSync } from "node:fs";
import { VERSE_VERSION } from "../version.ts";
import { redactUrl, splitUrlCredentials, type Credentials } from "./auth.ts";
import { AuthenticationError, HttpStatusError, NetworkError } from "./errors.ts";
import type { TransportSettings } from "./tls.ts";

export interface HttpOptions {
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Per attempt, in ms (default 15 s, Poetry's default). */
  timeoutMs?: number;
  /** First backoff delay in ms, doubled on each retry (default 200). */
  backoffMs?: number;
  credentials?: (url: URL, source: string | null) => Promise<Credentials | null>;
  transport?: TransportSettings;
  /** Called once per request sent (for -vvv traces and request counting). */
  onRequest?: (method: string, url: string, status: number) => void;
}

export interface HttpRequest {
  url: string;
  /** The source on whose behalf the request is made (for credentials, TLS and messages). */
  source: string | null;
  method?: "GET" | "HEAD";
  headers?: Record<string, string>;
  /** Statuses returned to the caller instead of thrown (2xx always are). */
  allow?: readonly number[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The URL after redirects, without credentials. */
  url: string;
}

const RETRY_STATUSES = new Set([500, 502, 503, 504]);

class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = Math.max(1, size);
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** Reading the time out from POETRY_REQUESTS_TIMEOUT (seconds). */
export function timeoutFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const s = Number(env.VERSE_REQUESTS_TIMEOUT ?? env.POETRY_REQUESTS_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code}` : e.message.split("\n")[0]!.replace(/https?:\/\/[^\s]*@/g, "https://");
  }
  return String(e);
}

function retryable(e: unknown): boolean {
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  // the local disk refusing the download (full, read-only) does not get better by asking again
  if (code === "ENOSPC" || code === "EDQUOT" || code === "EROFS" || code === "EACCES" || code === "EPERM") return false;
  return code !== "ConnectionRefused" && code !== "ECONNREFUSED" && code !== "FailedToOpenSocket";
}

export class HttpClient {
  private readonly sem: Semaphore;
  private readonly opts: HttpOptions;
  /** Requests made and body bytes received, for benchmarks and -v summaries. */
  readonly stats = { requests: 0, bytes: 0 };

  constructor(options: HttpOptions = {}) {
    this.opts = options;
    this.sem = new Semaphore(options.concurrency ?? 16);
  }

  /** GET (or HEAD) a whole body into memory. */
  async bytes(req: HttpRequest): Promise<HttpResponse & { body: Uint8Array }> {
    return this.run(req, async (res) => new Uint8Array(await res.arrayBuffer()));
  }

  /**
   * Stream a body into `path` (created or truncated), calling `onChunk` with every chunk (for
   * hashing). A failed attempt removes the partial file before the retry.
   */
  async toFile(req: HttpRequest, path: string, onStart: () => (chunk: Uint8Array) => void): Promise<HttpResponse & { size: number }> {
    return this.run(req, async (res) => {
      const onChunk = onStart();
      const out = createWriteStream(path);
      // a failed write (a full disk) is emitted as 'error': without a listener it would kill the process
      let failed: Error | null = null;
      out.on("error", (err) => (failed ??= err));
      let size = 0;
      try {
        if (res.body !== null) {
          for await (const chunk of res.body) {
            if (failed !== null) throw failed;
            size += chunk.length;
            onChunk(chunk);
            if (!out.write(chunk)) {
              await new Promise<void>((r) => {
                out.once("drain", () => r());
                out.once("error", () => r());
              });
            }
          }
        }
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
        if (failed !== null) throw failed;
      } catch (e) {
        out.destroy();
        rmSync(path, { force: true });
        throw e;
      }
      return size;
    }).then((r) => ({ ...r, size: r.body }));
  }

  private async run<T>(req: HttpRequest, read: (res: Response) => Promise<T>): Promise<HttpResponse & { body: T }> {
    const { url: cleanUrl, credentials: inUrl } = splitUrlCredentials(req.url);
    const target = new URL(cleanUrl);
    const shown = redactUrl(cleanUrl);
    const credentials = inUrl ?? (await this.opts.credentials?.(target, req.source)) ?? null;
    const headers: Record<string, string> = { "user-agent": `verse/${VERSE_VERSION}`, ...req.headers };
    if (credentials !== null) headers.authorization = "Basic " + Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
    const transport = this.opts.transport?.optionsFor(target, req.source) ?? {};
    const maxRetries = this.opts.maxRetries ?? 3;
    const sourceText = req.source === null ? "" : ` (source '${req.source}')`;
    for (let attempt = 0; ; attempt++) {
      await this.sem.acquire();
      let res: Response | null = null;
      let wait = 0;
      try {
        res = await fetch(cleanUrl, { method: req.method ?? "GET", headers, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000), ...transport });
        this.stats.requests++;
        this.opts.onRequest?.(req.method ?? "GET", shown, res.status);
        const status = res.status;
        const ok = (status >= 200 && status < 300) || status === 304 || (req.allow?.includes(status) ?? false);
        if (!ok) {
          await res.body?.cancel().catch(() => undefined);
          if (RETRY_STATUSES.has(status) && attempt < maxRetries) throw new RetryableStatus(status);
          if (status === 401 || status === 403) {
            throw new AuthenticationError(
              status,
              `Authentication failed${sourceText}: HTTP ${status} for ${shown}`,
              credentials === null
                ? `The source needs credentials: run \`verse config http-basic.${req.source ?? "<source>"} <username> <password>\`, or set POETRY_HTTP_BASIC_<NAME>_USERNAME/PASSWORD.`
                : `The credentials given for ${req.source === null ? "this host" : `source '${req.source}'`} were rejected: check the user name and password (or token).`,
            );
          }
          throw new HttpStatusError(status, `HTTP ${status} ${res.statusText} for ${shown}${sourceText}`, status >= 500 ? `The server failed${attempt > 0 ? ` ${attempt + 1} times` : ""}; try again later.` : undefined);
        }
        const body = await read(res);
        if (body instanceof Uint8Array) this.stats.bytes += body.length;
        else if (typeof body === "number") this.stats.bytes += body;
        return { status, headers: res.headers, url: redactUrl(res.url || cleanUrl), body };
      } catch (e) {
        if (e instanceof HttpStatusError) throw e;
        if (attempt >= maxRetries || !(e instanceof RetryableStatus || retryable(e))) {
          if (e instanceof RetryableStatus) throw new HttpStatusError(e.status, `HTTP ${e.status} for ${shown}${sourceText}`, "The server kept failing; try again later.");
          throw new NetworkError(
            `Could not reach ${shown}${sourceText}: ${describe(e)}`,
            "Check the network connection and the source URL, or work offline from the cache with --offline.",
            e,
          );
        }
        const delay = (this.opts.backoffMs ?? 200) * 2 ** attempt;
        wait = delay / 2 + (Math.random() * delay) / 2;
      } finally {
        this.sem.release();
      }
      await Bun.sleep(wait);
    }
  }
}

class RetryableStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
