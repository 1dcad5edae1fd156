/**
 * Settings, with Poetry's precedence: environment > project `poetry.toml` (`--local`) > user
 * `config.toml` > default. Credentials live in `auth.toml` (mode 0600) beside config.toml.
 *
 * The user file is verse's own (`userConfigDir()/config.toml`); while verse has none, Poetry's
 * user config (POETRY_CONFIG_DIR or the platform's `pypoetry` folder) is read instead, so a
 * Poetry user keeps their repositories and credentials on day one. Writes always go to verse's
 * files, atomically and format-preserving.
 */
import { existsSync, readFileSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { userCacheDir, userConfigDir, userDataDir, type Env } from "../cache/dirs.ts";
import { CONFIG_KEYS, checkStoredValue, envSuffix, parseConfigValue, requireKey, resolveKey, InvalidConfigValueError, type ConfigValue, type ResolvedKey } from "./config-keys.ts";
import { TomlEditor } from "./editor.ts";
import { writeFileAtomic } from "./fs-atomic.ts";
import { parseToml } from "./toml-parse.ts";
import type { TomlInput } from "./toml-render.ts";

export type ConfigSource = "default" | "user" | "poetry-user" | "auth" | "project" | "env";

export interface ConfigEntry {
  readonly key: string;
  readonly value: ConfigValue;
  readonly source: ConfigSource;
  /** The file or environment variable it came from. */
  readonly origin: string | null;
}

export interface ConfigFiles {
  readonly user: string;
  readonly auth: string;
  readonly project: string | null;
  /** Poetry's user config.toml, read only while verse has no config.toml of its own. */
  readonly poetryUser: string | null;
}

export interface LoadConfigOptions {
  readonly projectDir?: string | null;
  readonly env?: Env;
  readonly platform?: NodeJS.Platform;
}

function poetryConfigDir(env: Env, platform: NodeJS.Platform): string {
  if (env.POETRY_CONFIG_DIR) return env.POETRY_CONFIG_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), "pypoetry");
  if (platform === "darwin") return join(home, "Library", "Application Support", "pypoetry");
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "pypoetry");
}

export function configFiles(options: LoadConfigOptions = {}): ConfigFiles {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const dir = userConfigDir(env, platform);
  const user = join(dir, "config.toml");
  const poetryDir = poetryConfigDir(env, platform);
  return {
    user,
    auth: join(dir, "auth.toml"),
    project: options.projectDir ? join(options.projectDir, "poetry.toml") : null,
    poetryUser: poetryDir !== dir && !existsSync(user) ? join(poetryDir, "config.toml") : null,
  };
}

function readTable(file: string | null): Record<string, unknown> | null {
  if (file === null || !existsSync(file)) return null;
  return parseToml(readFileSync(file, "utf8"), file);
}

/** Nested tables → dotted keys, stopping at known leaves (and at table-valued keys). */
function flatten(table: Record<string, unknown>, file: string, out: Map<string, ConfigValue>, prefix = ""): void {
  for (const [k, v] of Object.entries(table)) {
    const key = prefix ? `${prefix}.${k}` : k;
    const r = resolveKey(key);
    if (r && (r.spec.type === "table" || v === null || typeof v !== "object" || Array.isArray(v))) {
      out.set(key, checkStoredValue(r, v, file));
    } else if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      flatten(v as Record<string, unknown>, file, out, key);
    }
    // unknown keys are kept in the file but ignored, as Poetry does
  }
}

const NAMED_ENV: readonly (readonly [string, string, string])[] = [
  ["REPOSITORIES_", "_URL", "repositories.<name>.url"],
  ["HTTP_BASIC_", "_USERNAME", "http-basic.<name>.username"],
  ["HTTP_BASIC_", "_PASSWORD", "http-basic.<name>.password"],
  ["PYPI_TOKEN_", "", "pypi-token.<name>"],
  ["CERTIFICATES_", "_CLIENT_CERT", "certificates.<name>.client-cert"],
  ["CERTIFICATES_", "_CERT", "certificates.<name>.cert"],
  ["INSTALLER_BUILD_CONFIG_SETTINGS_", "", "installer.build-config-settings.<name>"],
];

/** POETRY_<KEY> then VERSE_<KEY> (verse's wins), parsed by type. */
function fromEnv(env: Env, knownNames: readonly string[]): Map<string, { value: ConfigValue; variable: string }> {
  const out = new Map<string, { value: ConfigValue; variable: string }>();
  const fixed = new Map(CONFIG_KEYS.filter((s) => !s.key.includes("<name>")).map((s) => [envSuffix(s.key), s.key]));
  for (const prefix of ["POETRY_", "VERSE_"]) {
    for (const [variable, raw] of Object.entries(env)) {
      if (raw === undefined || !variable.startsWith(prefix)) continue;
      const suffix = variable.slice(prefix.length);
      let key = fixed.get(suffix) ?? null;
      if (key === null) {
        for (const [head, tail, pattern] of NAMED_ENV) {
          if (!suffix.startsWith(head) || !suffix.endsWith(tail) || suffix.length <= head.length + tail.length) continue;
          const envName = suffix.slice(head.length, suffix.length - tail.length);
          // repository names are matched back to the configured spelling when possible
          const name = knownNames.find((n) => envSuffix(n) === envName) ?? envName.toLowerCase();
          key = pattern.replace("<name>", name);
          break;
        }
      }
      if (key === null) continue;
      const r = resolveKey(key);
      if (!r) continue;
      try {
        out.set(key, { value: parseConfigValue(r, raw), variable });
      } catch (e) {
        if (e instanceof InvalidConfigValueError) throw new InvalidConfigValueError(`${variable}: ${e.message}`, e.hint);
        throw e;
      }
    }
  }
  return out;
}

export class Config {
  private readonly entries: Map<string, ConfigEntry>;
  readonly files: ConfigFiles;
  private readonly env: Env;
  private readonly platform: NodeJS.Platform;

  constructor(entries: Map<string, ConfigEntry>, files: ConfigFiles, env: Env, platform: NodeJS.Platform) {
    this.entries = entries;
    this.files = files;
    this.env = env;
    this.platform = platform;
  }

  /** The raw entry (value before `{cache-dir}` substitution) and where it came from. */
  entry(key: string): ConfigEntry {
    const r = requireKey(key);
    const found = this.entries.get(r.key);
    if (found) return found;
    return { key: r.key, value: this.defaultOf(r), source: "default", origin: null };
  }

  /** The effective value; paths get `{cache-dir}` and `{data-dir}` substituted. */
  get(key: string): ConfigValue {
    const e = this.entry(key);
    return typeof e.value === "string" ? this.substitute(e.value) : e.value;
  }

  getBoolean(key: string): boolean {
    return this.get(key) === true;
  }

  getString(key: string): string | null {
    const v = this.get(key);
    return typeof v === "string" ? v : null;
  }

  getNumber(key: string): number | null {
    const v = this.get(key);
    return typeof v === "number" ? v : null;
  }

  /** Every fixed key plus every named key that is set, sorted as `poetry config --list` shows them. */
  list(): ConfigEntry[] {
    const keys = new Set<string>(CONFIG_KEYS.filter((s) => !s.key.includes("<name>")).map((s) => s.key));
    for (const k of this.entries.keys()) keys.add(k);
    return [...keys].sort().map((k) => this.entry(k));
  }

  /** Configured repositories (name → url). */
  repositories(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, e] of this.entries) {
      const m = /^repositories\.([^.]+)\.url$/.exec(k);
      if (m && typeof e.value === "string") out[m[1] as string] = e.value;
    }
    return out;
  }

  /** http-basic credentials of a repository, or null. */
  httpBasic(name: string): { username: string; password: string | null } | null {
    const user = this.entries.get(`http-basic.${name}.username`)?.value;
    if (typeof user !== "string") return null;
    const pass = this.entries.get(`http-basic.${name}.password`)?.value;
    return { username: user, password: typeof pass === "string" ? pass : null };
  }

  pypiToken(name: string): string | null {
    const v = this.entries.get(`pypi-token.${name}`)?.value;
    return typeof v === "string" ? v : null;
  }

  certificates(name: string): { cert: string | false | null; clientCert: string | null } {
    const cert = this.entries.get(`certificates.${name}.cert`)?.value;
    const client = this.entries.get(`certificates.${name}.client-cert`)?.value;
    return { cert: cert === false ? false : typeof cert === "string" ? cert : null, clientCert: typeof client === "string" ? client : null };
  }

  private defaultOf(r: ResolvedKey): ConfigValue {
    if (r.key === "cache-dir") return userCacheDir(this.env, this.platform);
    if (r.key === "data-dir") return userDataDir(this.env, this.platform);
    return r.spec.default;
  }

  private substitute(value: string): string {
    if (!value.includes("{")) return value;
    return value
      .replaceAll("{cache-dir}", () => String(this.get("cache-dir")))
      .replaceAll("{data-dir}", () => String(this.get("data-dir")));
  }
}

/** Reads every layer. Throws TomlSyntaxError / InvalidConfigValueError on a broken file or variable. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const files = configFiles({ ...options, env, platform });
  const entries = new Map<string, ConfigEntry>();
  const layer = (file: string | null, source: ConfigSource) => {
    const table = readTable(file);
    if (table === null) return;
    const flat = new Map<string, ConfigValue>();
    flatten(table, file as string, flat);
    for (const [key, value] of flat) entries.set(key, { key, value, source, origin: file });
  };
  if (files.poetryUser) {
    layer(files.poetryUser, "poetry-user");
    layer(join(files.poetryUser, "..", "auth.toml"), "poetry-user");
  }
  layer(files.user, "user");
  layer(files.auth, "auth");
  layer(files.project, "project");
  const names = Object.keys(Object.fromEntries([...entries.keys()].map((k) => [/^[^.]+\.([^.]+)/.exec(k)?.[1] ?? "", 1])));
  for (const [key, { value, variable }] of fromEnv(env, names)) entries.set(key, { key, value, source: "env", origin: variable });
  return new Config(entries, files, env, platform);
}

export interface SetConfigOptions extends LoadConfigOptions {
  /** Write the project's poetry.toml instead of the user config.toml. */
  readonly local?: boolean;
}

/** Which file a key is written to, and the key path inside it. */
function target(key: string, options: SetConfigOptions): { file: string; secret: boolean } {
  const files = configFiles(options);
  const r = requireKey(key);
  if (r.spec.secret) return { file: files.auth, secret: true };
  if (options.local) {
    if (!files.project) throw new InvalidConfigValueError("--local needs a project", "Run the command inside a project or pass -P <path>.");
    return { file: files.project, secret: false };
  }
  return { file: files.user, secret: false };
}

function editFile(file: string, secret: boolean, edit: (e: TomlEditor) => void): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const editor = new TomlEditor(text, file);
  edit(editor);
  if (editor.text === text && existsSync(file)) return;
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileAtomic(file, editor.text, secret ? { mode: 0o600, forceMode: true } : {});
}

/**
 * `verse config <key> <values...>`. Understands Poetry's shorthands:
 * `repositories.<name> <url>`, `http-basic.<name> <user> [<password>]`, `pypi-token.<name> <token>`.
 */
export function setConfig(key: string, values: readonly string[], options: SetConfigOptions = {}): void {
  const shorthand = /^(repositories|http-basic)\.([^.]+)$/.exec(key);
  if (shorthand) {
    const [, kind, name] = shorthand as unknown as [string, string, string];
    if (kind === "repositories") return setConfig(`repositories.${name}.url`, values, options);
    if (values.length < 1 || values.length > 2) throw new InvalidConfigValueError(`http-basic.${name} expects a user name and an optional password`);
    setConfig(`http-basic.${name}.username`, [values[0] as string], options);
    if (values.length === 2) setConfig(`http-basic.${name}.password`, [values[1] as string], options);
    return;
  }
  const r = requireKey(key);
  if (values.length !== 1) throw new InvalidConfigValueError(`${key} expects exactly one value`);
  const value = parseConfigValue(r, values[0] as string);
  const { file, secret } = target(key, options);
  editFile(file, secret, (e) => {
    if (value === null) e.remove(key.split("."));
    else e.set(key.split("."), value as TomlInput);
  });
}

/** `verse config --unset <key>`: removes the key (or a whole `repositories.<name>` / `http-basic.<name>`). */
export function unsetConfig(key: string, options: SetConfigOptions = {}): boolean {
  const shorthand = /^(repositories|http-basic|certificates)\.([^.]+)$/.exec(key);
  const probe = shorthand ? (shorthand[1] === "repositories" ? `${key}.url` : shorthand[1] === "http-basic" ? `${key}.username` : `${key}.cert`) : key;
  const { file, secret } = target(probe, options);
  let removed = false;
  const files = [file];
  // http-basic removal also cleans a password left in the user auth file
  for (const f of files) {
    if (!existsSync(f)) continue;
    editFile(f, secret, (e) => {
      removed = e.remove(key.split(".")) || removed;
    });
  }
  return removed;
}
