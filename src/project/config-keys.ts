/**
 * Every configuration key verse knows: Poetry 2's keys plus verse's own (`installer.link-mode`),
 * with type and default. Keys with a `<name>` part (repositories, credentials, certificates)
 * are patterns. Values are parsed as Poetry parses them: booleans "true/false/1/0", integers,
 * paths with `{cache-dir}` / `{data-dir}` substituted.
 */
import { UsageError } from "../errors.ts";

export type ConfigType = "boolean" | "boolean-or-null" | "integer" | "integer-or-null" | "string" | "string-or-null" | "path" | "path-or-bool" | "choice" | "table";

export interface KeySpec {
  /** The key, with `<name>` for a repository / package name part. */
  readonly key: string;
  readonly type: ConfigType;
  /** The default; strings may hold `{cache-dir}` / `{data-dir}`; null means unset. */
  readonly default: ConfigValue;
  readonly choices?: readonly string[];
  /** Stored in auth.toml (0600), never in config.toml. */
  readonly secret?: boolean;
  readonly description: string;
}

export type ConfigValue = string | number | boolean | null | { readonly [key: string]: ConfigValue };

export class UnknownConfigKeyError extends UsageError {}
export class InvalidConfigValueError extends UsageError {}

export const CONFIG_KEYS: readonly KeySpec[] = [
  { key: "cache-dir", type: "path", default: null, description: "The path to the cache directory (default: the platform cache dir)." },
  { key: "data-dir", type: "path", default: null, description: "The path to the data directory (default: the platform data dir)." },
  { key: "virtualenvs.create", type: "boolean", default: true, description: "Create a new virtual environment if one does not exist." },
  { key: "virtualenvs.in-project", type: "boolean-or-null", default: null, description: "Create the virtualenv inside the project's root directory (.venv)." },
  { key: "virtualenvs.path", type: "path", default: "{cache-dir}/virtualenvs", description: "Directory where virtual environments are created." },
  { key: "virtualenvs.prompt", type: "string", default: "{project_name}-py{python_version}", description: "Format string defining the prompt of the virtual environment." },
  { key: "virtualenvs.options.always-copy", type: "boolean", default: false, description: "Copy files instead of linking them when creating environments." },
  { key: "virtualenvs.options.no-pip", type: "boolean", default: false, description: "Do not install pip into new environments." },
  { key: "virtualenvs.options.system-site-packages", type: "boolean", default: false, description: "Give environments access to the system site-packages." },
  { key: "virtualenvs.use-poetry-python", type: "boolean", default: false, description: "Use the Python verse itself was pointed at instead of the one on PATH." },
  { key: "installer.parallel", type: "boolean", default: true, description: "Install packages in parallel." },
  { key: "installer.max-workers", type: "integer-or-null", default: null, description: "Maximum number of parallel workers (default: number of cores + 4)." },
  { key: "installer.no-binary", type: "string-or-null", default: null, description: "Packages (or :all: / :none:) never installed from wheels." },
  { key: "installer.only-binary", type: "string-or-null", default: null, description: "Packages (or :all: / :none:) only installed from wheels." },
  { key: "installer.re-resolve", type: "boolean", default: false, description: "Re-resolve instead of using the lock file's markers when installing." },
  { key: "installer.build-config-settings.<name>", type: "table", default: null, description: "PEP 517 config settings used when building the named package." },
  { key: "installer.link-mode", type: "choice", default: "auto", choices: ["auto", "clone", "hardlink", "symlink", "copy"], description: "How files go from the cache into environments (verse)." },
  { key: "solver.lazy-wheel", type: "boolean", default: true, description: "Read wheel metadata with HTTP range requests when the index lacks PEP 658." },
  { key: "solver.min-release-age", type: "integer-or-null", default: null, description: "Ignore releases younger than this many days." },
  { key: "keyring.enabled", type: "boolean", default: true, description: "Use the system keyring for credentials." },
  { key: "requests.max-retries", type: "integer", default: 0, description: "Retries of a failed HTTP request." },
  { key: "requests.timeout", type: "integer", default: 15, description: "HTTP timeout in seconds." },
  { key: "system-git-client", type: "boolean", default: false, description: "Use the system git client for git dependencies." },
  { key: "python.installation-dir", type: "path", default: "{data-dir}/python", description: "Where managed Python versions are installed." },
  { key: "repositories.<name>.url", type: "string", default: null, description: "The URL of a package repository." },
  { key: "http-basic.<name>.username", type: "string", default: null, secret: true, description: "User name for the repository." },
  { key: "http-basic.<name>.password", type: "string", default: null, secret: true, description: "Password for the repository." },
  { key: "pypi-token.<name>", type: "string", default: null, secret: true, description: "An API token for the repository." },
  { key: "certificates.<name>.cert", type: "path-or-bool", default: null, description: "CA bundle for the repository (false disables TLS verification)." },
  { key: "certificates.<name>.client-cert", type: "path", default: null, description: "Client certificate for the repository." },
];

const BY_KEY = new Map(CONFIG_KEYS.map((s) => [s.key, s]));

/** A concrete key matched to its spec, with the `<name>` part if any. */
export interface ResolvedKey {
  readonly key: string;
  readonly spec: KeySpec;
  readonly name: string | null;
}

const NAMED = /^(installer\.build-config-settings|repositories|http-basic|pypi-token|certificates)\.([^.]+)(?:\.(.+))?$/;

export function resolveKey(key: string): ResolvedKey | null {
  const direct = BY_KEY.get(key);
  if (direct && !direct.key.includes("<name>")) return { key, spec: direct, name: null };
  const m = NAMED.exec(key);
  if (!m) return null;
  const [, head, name, tail] = m as unknown as [string, string, string, string | undefined];
  const pattern = `${head}.<name>${tail ? `.${tail}` : ""}`;
  const spec = BY_KEY.get(pattern);
  return spec ? { key, spec, name } : null;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** Throws UnknownConfigKeyError naming the closest keys. */
export function requireKey(key: string): ResolvedKey {
  const r = resolveKey(key);
  if (r) return r;
  const close = CONFIG_KEYS.map((s) => s.key)
    .map((k) => ({ k, d: Math.min(distance(key, k), k.includes(key) || key.includes(k) ? 1 : Infinity) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(key.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 4)
    .map((x) => x.k);
  throw new UnknownConfigKeyError(
    `There is no ${key} setting.`,
    close.length > 0 ? `Did you mean one of these?\n    ${close.join("\n    ")}` : "Run `verse config --list` to see every setting.",
  );
}

/** Parses a value given as text (command line, environment) by the key's type. */
export function parseConfigValue(r: ResolvedKey, text: string): ConfigValue {
  const t = r.spec.type;
  const lower = text.trim().toLowerCase();
  const bool = lower === "true" || lower === "1" ? true : lower === "false" || lower === "0" ? false : undefined;
  const bad = (what: string) => new InvalidConfigValueError(`${JSON.stringify(text)} is not a valid value for ${r.key}: ${what}`);
  switch (t) {
    case "boolean":
      if (bool === undefined) throw bad("expected true or false");
      return bool;
    case "boolean-or-null":
      if (lower === "null" || lower === "none" || lower === "") return null;
      if (bool === undefined) throw bad("expected true, false or null");
      return bool;
    case "integer":
    case "integer-or-null":
      if (t === "integer-or-null" && (lower === "null" || lower === "none" || lower === "")) return null;
      if (!/^-?\d+$/.test(lower)) throw bad("expected an integer");
      return Number.parseInt(lower, 10);
    case "choice":
      if (!(r.spec.choices ?? []).includes(lower)) throw bad(`expected one of ${(r.spec.choices ?? []).join(", ")}`);
      return lower;
    case "path-or-bool":
      if (bool === false) return false;
      return text;
    case "string-or-null":
      return lower === "null" ? null : text;
    case "table":
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as ConfigValue;
      } catch {
        // fall through to the error
      }
      throw bad('expected a JSON object such as {"CC": "gcc"}');
    default:
      return text;
  }
}

/** Checks a value read from a TOML file; returns it normalized or throws. */
export function checkStoredValue(r: ResolvedKey, value: unknown, file: string): ConfigValue {
  if (typeof value === "string" && r.spec.type !== "string" && r.spec.type !== "path" && r.spec.type !== "string-or-null" && r.spec.type !== "path-or-bool") {
    return parseConfigValue(r, value);
  }
  const t = r.spec.type;
  const ok =
    (t.startsWith("boolean") && typeof value === "boolean") ||
    (t.startsWith("integer") && typeof value === "number" && Number.isInteger(value)) ||
    ((t === "string" || t === "path" || t === "string-or-null" || t === "choice") && typeof value === "string") ||
    (t === "path-or-bool" && (typeof value === "string" || typeof value === "boolean")) ||
    (t === "table" && value !== null && typeof value === "object" && !Array.isArray(value));
  if (!ok) throw new InvalidConfigValueError(`${file}: ${r.key} has an invalid value ${JSON.stringify(value)} (expected ${t})`);
  return value as ConfigValue;
}

/** `virtualenvs.options.always-copy` → `VIRTUALENVS_OPTIONS_ALWAYS_COPY`. */
export function envSuffix(key: string): string {
  return key.replace(/[.-]/g, "_").toUpperCase();
}
