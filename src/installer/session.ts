/**
 * Everything an install-like command needs, gathered from where the command runs: the project,
 * its settings (config + env), a fresh lock, the environment (created or repaired first), the
 * root project's editable description, and a lazily built index client.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSpec, metadataText } from "../builder/index.ts";
import { userCacheDir } from "../cache/index.ts";
import { IndexClient, type IndexClientOptions } from "../index/index.ts";
import { assertFresh, LockNotFoundError, readLock, type Lock } from "../lock/index.ts";
import { type Config, loadConfig, loadProject, type Project } from "../project/core.ts";
import type { ProjectEnvironment } from "../python/index.ts";
import { VerseError } from "../errors.ts";
import { parseLinkMode, type LinkMode } from "./link.ts";
import type { RootSpec } from "./root.ts";

export interface SessionFacts {
  readonly cwd: string;
  readonly project: string | null;
  readonly noCache: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly report: (line: string) => void;
  readonly warn: (line: string) => void;
}

export interface ProjectSession {
  readonly project: Project;
  readonly config: Config;
  readonly cacheRoot: string;
  readonly client: () => IndexClient;
}

export function openSession(f: SessionFacts): ProjectSession {
  const project = loadProject(f.project ?? f.cwd, { exact: f.project !== null });
  const config = loadConfig({ projectDir: project.root, env: f.env });
  const configured = config.get("cache-dir");
  const cacheRoot = typeof configured === "string" && configured !== "" ? configured : userCacheDir(f.env);
  let client: IndexClient | null = null;
  return {
    project,
    config,
    cacheRoot,
    client: () => {
      client ??= new IndexClient({ ...indexSettings(project, config), cacheDir: cacheRoot, noCache: f.noCache, env: f.env, onWarning: f.warn });
      return client;
    },
  };
}

/**
 * The index client's settings from the project's sources and the config: a source without a URL
 * takes `repositories.<name>.url`; `http-basic.<name>`, `pypi-token.<name>` and
 * `certificates.<name>.*` apply per source; `requests.max-retries` and `requests.timeout` when set
 * (the client's own defaults otherwise); `keyring.enabled`.
 */
export function indexSettings(project: Project, config: Config): Pick<IndexClientOptions, "sources" | "auth" | "tls" | "maxRetries" | "timeoutMs"> {
  const repositories = config.repositories();
  const sources = project.sources.map((s) => ({ name: s.name, url: s.url ?? repositories[s.name] ?? undefined, priority: s.priority }));
  const httpBasic: Record<string, { username: string; password?: string }> = {};
  const pypiToken: Record<string, string> = {};
  const certificates: Record<string, { cert?: string | false; clientCert?: string }> = {};
  for (const name of new Set([...sources.map((s) => s.name), ...Object.keys(repositories), "pypi"])) {
    const basic = config.httpBasic(name);
    if (basic) httpBasic[name] = { username: basic.username, ...(basic.password !== null ? { password: basic.password } : {}) };
    const token = config.pypiToken(name);
    if (token) pypiToken[name] = token;
    const { cert, clientCert } = config.certificates(name);
    if (cert !== null || clientCert !== null) certificates[name] = { ...(cert !== null ? { cert } : {}), ...(clientCert !== null ? { clientCert } : {}) };
  }
  const explicit = (key: string): number | undefined => {
    const entry = config.entry(key);
    return entry.source !== "default" && typeof entry.value === "number" ? entry.value : undefined;
  };
  const retries = explicit("requests.max-retries");
  const timeout = explicit("requests.timeout");
  return {
    sources,
    auth: { httpBasic, pypiToken, keyring: config.get("keyring.enabled") !== false },
    tls: { certificates },
    ...(retries !== undefined ? { maxRetries: retries } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
  };
}

/** The lock file's text (unparsed: a no-op install only hashes it); missing → LockNotFoundError. */
export function lockText(project: Project): string {
  const file = join(project.root, "poetry.lock");
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new LockNotFoundError(file);
  }
}

/** The lock and its text; a missing or stale lock fails with Poetry's message. */
export function freshLock(project: Project, alreadyRead?: string): { lock: Lock; text: string; dir: string } {
  const file = join(project.root, "poetry.lock");
  const text = alreadyRead ?? lockText(project);
  const lock = readLock({ text, file });
  assertFresh(project, lock);
  return { lock, text, dir: project.root };
}

/** The project's environment, made or repaired first; `session` (when open) saves reading the project and config again. */
export async function projectEnvironment(f: SessionFacts, session?: ProjectSession): Promise<ProjectEnvironment> {
  // Loaded here, not with the session: `lock` opens a session but needs an interpreter only for a direct dependency to build.
  const { ensureEnvironment, envContextFor } = await import("../python/index.ts");
  const loaded = session ? { loaded: { project: session.project, config: session.config } } : {};
  const ctx = envContextFor({ cwd: f.cwd, project: f.project, noCache: f.noCache, env: f.env as NodeJS.ProcessEnv, report: f.report, warn: f.warn, ...loaded });
  return ensureEnvironment(ctx);
}

export function linkModeOf(config: Config, option: string | undefined): LinkMode {
  if (option !== undefined) return parseLinkMode(option);
  const v = config.get("installer.link-mode");
  return parseLinkMode(typeof v === "string" ? v : null);
}

export function stringSetting(config: Config, key: string): string | null {
  const v = config.get(key);
  return typeof v === "string" ? v : null;
}

export function workers(config: Config): number {
  const v = config.get("installer.max-workers");
  return typeof v === "number" && v > 0 ? v : 8;
}

/** The root project's editable description, or null when it is not a package (warned). */
export function rootSpecOf(project: Project, warn: (line: string) => void): RootSpec | null {
  if (!project.packageMode || project.name === null || project.version === null) return null;
  try {
    const spec = buildSpec(project);
    const dirs = [...new Set(spec.packages.map((p) => (p.from ? join(project.root, p.from) : project.root)))];
    let eps = "";
    for (const [group, lines] of spec.entryPoints) eps += `[${group}]\n${lines.join("\n")}\n\n`;
    return {
      root: project.root,
      distName: spec.distName,
      version: spec.version,
      metadataText: metadataOf(spec),
      entryPointsText: eps === "" ? null : eps,
      pthDirs: dirs.length > 0 ? dirs : [project.root],
    };
  } catch (e) {
    if (e instanceof VerseError) {
      warn(`The current project could not be installed: ${e.message}`);
      return null;
    }
    throw e;
  }
}

function metadataOf(spec: ReturnType<typeof buildSpec>): string {
  return metadataText(spec.metadata);
}
