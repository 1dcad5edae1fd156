/**
 * TLS and proxy settings per request, as Bun's fetch takes them (`tls`, `proxy`):
 *   CA bundle: `certificates.<source>.cert` (a path, or false to skip verification), else
 *     REQUESTS_CA_BUNDLE, else SSL_CERT_FILE, else the system store;
 *   client certificate: `certificates.<source>.client-cert` (PEM holding the certificate and key);
 *   proxy: HTTPS_PROXY / HTTP_PROXY (either case) by the URL's scheme, ALL_PROXY as fallback,
 *     skipped for hosts matched by NO_PROXY (`*`, host names and their sub-domains, host:port).
 */
import { readFileSync } from "node:fs";
import { InvalidInputError } from "../errors.ts";
import type { Env } from "./auth.ts";

export class CertificateFileError extends InvalidInputError {}

export interface TlsConfig {
  readonly certificates?: Readonly<Record<string, { cert?: string | false; clientCert?: string }>>;
  readonly env?: Env;
}

export interface FetchTransportOptions {
  tls?: { ca?: string[]; cert?: string; key?: string; rejectUnauthorized?: boolean };
  proxy?: string;
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new CertificateFileError(`Cannot read the ${what} file ${path}`, "Check the path in the certificates settings or the environment.");
  }
}

function pemBlocks(text: string, kind: RegExp): string[] {
  const out: string[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (kind.test(m[1]!)) out.push(m[0]);
  return out;
}

function getEnv(env: Env, name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v === undefined || v === "" ? undefined : v;
}

/** True when NO_PROXY says to reach this host directly. */
export function bypassProxy(url: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  for (let entry of noProxy.split(",").map((s) => s.trim().toLowerCase())) {
    if (entry === "") continue;
    if (entry === "*") return true;
    let entryPort: string | null = null;
    const m = /^(.*):(\d+)$/.exec(entry);
    if (m && !entry.includes("]")) {
      entry = m[1]!;
      entryPort = m[2]!;
    }
    if (entryPort !== null && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, "");
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

export class TransportSettings {
  private readonly config: TlsConfig;
  private readonly env: Env;
  private readonly memo = new Map<string, FetchTransportOptions["tls"] | undefined>();

  constructor(config: TlsConfig = {}) {
    this.config = config;
    this.env = config.env ?? process.env;
  }

  /** Options for a request to `url` on behalf of `source` (null: a URL outside any source). */
  optionsFor(url: URL, source: string | null): FetchTransportOptions {
    const out: FetchTransportOptions = {};
    const tls = this.tlsFor(source);
    if (tls !== undefined && url.protocol === "https:") out.tls = tls;
    const proxy = url.protocol === "https:" ? getEnv(this.env, "HTTPS_PROXY") : getEnv(this.env, "HTTP_PROXY");
    const chosen = proxy ?? getEnv(this.env, "ALL_PROXY");
    if (chosen !== undefined && !bypassProxy(url, getEnv(this.env, "NO_PROXY"))) out.proxy = chosen;
    return out;
  }

  private tlsFor(source: string | null): FetchTransportOptions["tls"] | undefined {
    const key = source ?? "";
    if (this.memo.has(key)) return this.memo.get(key);
    const cfg = source === null ? undefined : this.config.certificates?.[source];
    let tls: FetchTransportOptions["tls"] | undefined;
    if (cfg?.cert === false) tls = { rejectUnauthorized: false };
    else {
      const caPath = cfg?.cert ?? getEnv(this.env, "REQUESTS_CA_BUNDLE") ?? getEnv(this.env, "SSL_CERT_FILE");
      if (caPath !== undefined) tls = { ca: pemBlocks(readPem(caPath, "CA bundle"), /CERTIFICATE/) };
    }
    if (cfg?.clientCert !== undefined) {
      const pem = readPem(cfg.clientCert, "client certificate");
      const key = pemBlocks(pem, /PRIVATE KEY/)[0];
      tls = { ...(tls ?? {}), cert: pemBlocks(pem, /^CERTIFICATE$/).join("\n"), ...(key === undefined ? {} : { key }) };
    }
    this.memo.set(key, tls);
    return tls;
  }
}
