/**
 * Sending one upload form: HTTP basic auth, retries with back-off on network errors and on
 * 502/503/504 (safe, since a re-sent identical file is accepted or, with --skip-existing,
 * skipped), and the repository's answer turned into a result or a typed error that carries the
 * server's reason. The password never appears in a message.
 */
import type { TransportSettings } from "../index/index.ts";
import type { Credentials, Repository } from "./credentials.ts";
import { AuthenticationError, UploadNetworkError, UploadRejectedError } from "./errors.ts";
import type { UploadForm } from "./form.ts";

export type UploadOutcome = "uploaded" | "skipped";

export interface UploadOptions {
  readonly skipExisting: boolean;
  readonly transport: FetchTransportOptions;
  /** Attempts for network errors (default 3). */
  readonly attempts?: number;
  /** Back-off before retry n (ms); tests pass a short one. */
  readonly backoffMs?: number;
  /** Told the request body's bytes sent so far, and the total (each attempt starts at 0). */
  readonly onProgress?: (sent: number, total: number) => void;
}

type FetchTransportOptions = ReturnType<TransportSettings["optionsFor"]>;

const RETRY_STATUS = new Set([502, 503, 504]);

/** A multipart/form-data body (RFC 7578), written out so that its bytes can be counted as they go. */
export function multipartBody(form: UploadForm, boundary: string): Uint8Array {
  const enc = new TextEncoder();
  // RFC 7578 §4.2 / the HTML form encoding: quote, CR and LF in a name are percent-escaped
  const quote = (s: string): string => s.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const parts: Uint8Array[] = [];
  for (const [k, v] of form.fields) parts.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n${v}\r\n`));
  parts.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${quote(form.filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(form.content, enc.encode(`\r\n--${boundary}--\r\n`));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CHUNK = 64 * 1024;

/** The body as a stream of chunks, reporting what the connection has taken. */
function countingStream(bytes: Uint8Array, onProgress: ((sent: number, total: number) => void) | undefined): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes.length) {
        onProgress?.(bytes.length, bytes.length);
        controller.close();
        return;
      }
      const n = Math.min(CHUNK, bytes.length - sent);
      controller.enqueue(bytes.slice(sent, sent + n));
      sent += n;
      onProgress?.(sent, bytes.length);
    },
  });
}

async function reasonOf(res: Response): Promise<string> {
  let text = "";
  try {
    text = (await res.text()).trim();
  } catch {
    /* no body */
  }
  // an HTML error page says little in its first line: prefer the status text then
  const firstLine = text.startsWith("<") ? "" : (text.split("\n")[0] ?? "").slice(0, 300);
  return firstLine || res.statusText || `HTTP ${res.status}`;
}

const alreadyExists = (status: number, reason: string): boolean =>
  status === 409 || (status === 400 && /already exist|updating asset|file-name-reuse/i.test(reason));

export async function uploadFile(repo: Repository, credentials: Credentials, form: UploadForm, options: UploadOptions): Promise<UploadOutcome> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const auth = "Basic " + Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  const boundary = `verse-${crypto.randomUUID()}`;
  const payload = multipartBody(form, boundary);
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await Bun.sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 2));
    let res: Response;
    try {
      res = await fetch(repo.url, {
        method: "POST",
        body: countingStream(payload, options.onProgress),
        headers: { authorization: auth, "user-agent": "verse", "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(payload.length) },
        duplex: "half",
        redirect: "manual",
        ...options.transport,
      } as RequestInit);
    } catch (e) {
      lastError = e;
      continue;
    }
    if (RETRY_STATUS.has(res.status) && attempt < attempts) {
      await res.arrayBuffer().catch(() => undefined);
      continue;
    }
    if (res.status >= 200 && res.status < 300) {
      await res.arrayBuffer().catch(() => undefined);
      return "uploaded";
    }
    const reason = await reasonOf(res);
    if (res.status >= 300 && res.status < 400) {
      throw new UploadRejectedError(`repository ${repo.name} (${repo.url}) redirected the upload of ${form.filename} (HTTP ${res.status})`, {
        hint: "Use the repository's upload URL itself (for PyPI-like servers it ends in /legacy/).",
      });
    }
    if (res.status === 401 || res.status === 403) {
      throw new AuthenticationError(`authentication to repository ${repo.name} (${repo.url}) failed: HTTP ${res.status}: ${reason}`, {
        hint: `Check the credentials of ${repo.name} (pypi-token.${repo.name} or http-basic.${repo.name}, or -u/-p); for PyPI an API token goes with username __token__.`,
      });
    }
    if (alreadyExists(res.status, reason)) {
      if (options.skipExisting) return "skipped";
      throw new UploadRejectedError(`${form.filename} already exists on repository ${repo.name}: HTTP ${res.status}: ${reason}`, {
        hint: "Bump the version, or pass --skip-existing to ignore files that are already there.",
      });
    }
    throw new UploadRejectedError(`repository ${repo.name} rejected ${form.filename}: HTTP ${res.status}: ${reason}`, {
      hint: res.status === 400 ? "The server's reason above says what to fix in the distribution or its metadata." : undefined,
    });
  }
  const why = lastError instanceof Error ? lastError.message : `HTTP error after ${attempts} attempts`;
  throw new UploadNetworkError(`could not reach repository ${repo.name} (${repo.url}) to upload ${form.filename}: ${why}`, "Check the network and the repository URL, then run the command again (add --skip-existing to resume).", lastError);
}
