/**
 * Credentials for sources, looked up in Poetry's order: credentials embedded in the URL, then
 * the source's `http-basic.<name>` / `pypi-token.<name>` (environment variables
 * POETRY_HTTP_BASIC_<NAME>_USERNAME/PASSWORD and POETRY_PYPI_TOKEN_<NAME> win over config), a
 * password missing from those asked of the system keyring (the `keyring` command, with a short
 * timeout so a locked or absent keyring never hangs verse), and last ~/.netrc by host.
 * Credentials live only in memory and in request headers; every text shown uses redactUrl.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface AuthConfig {
  /** `http-basic.<name>` from config / auth.toml. A missing password is asked of the keyring. */
  readonly httpBasic?: Readonly<Record<string, { username: string; password?: string }>>;
  /** `pypi-token.<name>`. */
  readonly pypiToken?: Readonly<Record<string, string>>;
  readonly env?: Env;
  /** Path of the netrc file; default $NETRC or ~/.netrc; null disables it. */
  readonly netrcPath?: string | null;
  /** Ask the keyring CLI (default: unless POETRY_KEYRING_ENABLED / VERSE_KEYRING is false). */
  readonly keyring?: boolean;
  readonly keyringTimeoutMs?: number;
}

/** The URL as safe to print: no user name, no password. */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    if (u.username === "" && u.password === "") return u.href;
    u.username = "";
    u.password = "";
    return u.href;
  } catch {
    return String(url).replace(/\/\/[^/@]*@/, "//");
  }
}

/** Split credentials out of a URL: the URL to request and the credentials, if any. */
export function splitUrlCredentials(url: string): { url: string; credentials: Credentials | null } {
  const u = new URL(url);
  if (u.username === "" && u.password === "") return { url, credentials: null };
  const credentials = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = "";
  u.password = "";
  return { url: u.href, credentials };
}

/** The environment-variable form of a source name: upper case, '-' and '.' → '_'. */
export function envName(source: string): string {
  return source.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

interface NetrcEntry {
  login: string;
  password: string;
}

/** Parse netrc text: machine/default blocks with login/password (account and macdef skipped). */
export function parseNetrc(text: string): { machines: Map<string, NetrcEntry>; fallback: NetrcEntry | null } {
  const machines = new Map<string, NetrcEntry>();
  let fallback: NetrcEntry | null = null;
  const lines = text.split(/\r?\n/);
  const tokens: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*macdef\b/.test(line)) {
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== "") i++; // a macro runs to a blank line
      continue;
    }
    if (line.trimStart().startsWith("#")) continue;
    tokens.push(...line.split(/\s+/).filter((t) => t !== ""));
  }
  let current: NetrcEntry | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === "machine") {
      current = { login: "", password: "" };
      machines.set(tokens[++i] ?? "", current);
    } else if (t === "default") {
      current = { login: "", password: "" };
      fallback = current;
    } else if (t === "login" && current) current.login = tokens[++i] ?? "";
    else if (t === "password" && current) current.password = tokens[++i] ?? "";
    else if (t === "account") i++;
  }
  return { machines, fallback };
}

export class Authenticator {
  private readonly config: AuthConfig;
  private readonly env: Env;
  private netrc: ReturnType<typeof parseNetrc> | null | undefined;
  private readonly keyringCache = new Map<string, Promise<string | null>>();
  /** Credentials found in a source URL, remembered by source name (used for its file URLs too). */
  private readonly urlCredentials = new Map<string, Credentials>();

  constructor(config: AuthConfig = {}) {
    this.config = config;
    this.env = config.env ?? process.env;
  }

  rememberUrlCredentials(source: string, credentials: Credentials): void {
    this.urlCredentials.set(source, credentials);
  }

  /** Credentials configured for a source by name (URL, config, env, keyring), or null. */
  async forSource(source: string): Promise<Credentials | null> {
    const fromUrl = this.urlCredentials.get(source);
    if (fromUrl) return fromUrl;
    const key = envName(source);
    const token = this.env[`POETRY_PYPI_TOKEN_${key}`] ?? this.config.pypiToken?.[source];
    if (token) return { username: "__token__", password: token };
    const basic = this.config.httpBasic?.[source];
    const username = this.env[`POETRY_HTTP_BASIC_${key}_USERNAME`] ?? basic?.username;
    if (username === undefined) return null;
    const password = this.env[`POETRY_HTTP_BASIC_${key}_PASSWORD`] ?? basic?.password ?? (await this.keyring(`poetry-repository-${source}`, username));
    return { username, password: password ?? "" };
  }

  /** Credentials from ~/.netrc for a host, or null. */
  forHost(host: string): Credentials | null {
    if (this.netrc === undefined) this.netrc = this.loadNetrc();
    if (this.netrc === null) return null;
    const e = this.netrc.machines.get(host) ?? this.netrc.fallback;
    return e && (e.login !== "" || e.password !== "") ? { username: e.login, password: e.password } : null;
  }

  private loadNetrc(): ReturnType<typeof parseNetrc> | null {
    if (this.config.netrcPath === null) return null;
    const home = this.env.HOME || this.env.USERPROFILE || homedir();
    const path = this.config.netrcPath ?? this.env.NETRC ?? join(home, process.platform === "win32" ? "_netrc" : ".netrc");
    try {
      return parseNetrc(readFileSync(path, "utf8"));
    } catch {
      return null;
    }
  }

  private keyringEnabled(): boolean {
    if (this.config.keyring !== undefined) return this.config.keyring;
    const flag = (this.env.VERSE_KEYRING ?? this.env.POETRY_KEYRING_ENABLED ?? "").toLowerCase();
    return flag !== "false" && flag !== "0" && flag !== "no";
  }

  /** `keyring get <service> <username>`, killed after a short timeout; null on any failure. */
  keyring(service: string, username: string): Promise<string | null> {
    const key = `${service}\u0000${username}`;
    let p = this.keyringCache.get(key);
    if (p === undefined) {
      p = this.keyringEnabled() ? runKeyring(service, username, this.config.keyringTimeoutMs ?? 3000, this.env) : Promise.resolve(null);
      this.keyringCache.set(key, p);
    }
    return p;
  }
}

async function runKeyring(service: string, username: string, timeoutMs: number, env: Env): Promise<string | null> {
  const exe = Bun.which("keyring", { PATH: env.PATH ?? process.env.PATH ?? "" });
  if (exe === null) return null;
  try {
    const proc = Bun.spawn([exe, "get", service, username], { stdin: "ignore", stdout: "pipe", stderr: "ignore", env: { ...process.env, ...env } as Record<string, string> });
    const timer = setTimeout(() => proc.kill(), timeoutMs);
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    clearTimeout(timer);
    const password = out.replace(/\r?\n$/, "");
    return code === 0 && password !== "" ? password : null;
  } catch {
    return null;
  }
}
