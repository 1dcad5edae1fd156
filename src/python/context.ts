/**
 * Builds the values environment management works with from what a command has (working
 * directory, -P, --no-cache, the process environment), through src/project's loadProject and
 * loadConfig.
 */
import type { Config, Project } from "../project/core.ts";
import { cacheDirFrom, projectFactsOf, readConfig, readProjectFacts, venvSettingsFrom } from "./config-adapter.ts";
import type { EnvContext } from "./environment.ts";
import { InterpreterCache } from "./interpreter-cache.ts";
import type { Env } from "./sources.ts";
import { findProjectRootFrom } from "./project-root.ts";

export interface CommandFacts {
  readonly cwd: string;
  readonly project: string | null;
  readonly noCache: boolean;
  readonly env?: Env;
  readonly report?: (line: string) => void;
  readonly warn?: (line: string) => void;
  /**
   * The project and config when the caller has already read them (install-like commands do):
   * they are then not parsed a second time. They must be what `cwd`/`project` would load.
   */
  readonly loaded?: { readonly project: Project; readonly config: Config };
}

/** VERSE_PYTHON_QUERY_TIMEOUT (seconds) bounds each interpreter query; default 10 s. */
function queryOptions(env: Env): { timeoutMs?: number } {
  const timeout = Number(env.VERSE_PYTHON_QUERY_TIMEOUT);
  return Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout * 1000 } : {};
}

/** The interpreter cache under the configured cache-dir (of the project at `projectRoot`, if any). */
export function interpreterCacheFor(facts: Pick<CommandFacts, "noCache" | "env"> & { projectRoot?: string | null }): InterpreterCache {
  const env = facts.env ?? process.env;
  return new InterpreterCache(facts.noCache ? null : cacheDirFrom(readConfig(facts.projectRoot ?? null, env)), queryOptions(env));
}

/** The environment-management context of the project at (or above) the working directory. */
export function envContextFor(facts: CommandFacts): EnvContext {
  const env = facts.env ?? process.env;
  const project = facts.loaded ? projectFactsOf(facts.loaded.project) : readProjectFacts(facts.cwd, facts.project);
  const config = facts.loaded?.config ?? readConfig(project.root, env);
  const cacheDir = cacheDirFrom(config);
  return {
    project,
    settings: venvSettingsFrom(config, env),
    env,
    cwd: facts.cwd,
    cache: new InterpreterCache(facts.noCache ? null : cacheDir, queryOptions(env)),
    cacheDir: facts.noCache ? null : cacheDir,
    report: facts.report,
    warn: facts.warn,
  };
}

/** The project root if there is one (for discovery outside env commands), else null. */
export function projectRootOrNull(cwd: string, project: string | null): string | null {
  return project ?? findProjectRootFrom(cwd);
}
