/**
 * Builds the values environment management works with from what a command has (working
 * directory, -P, --no-cache, the process environment). The project and settings come from the
 * temporary config adapter until src/project offers loadProject/loadConfig.
 */
import { userCacheDir } from "../cache/index.ts";
import { readProjectFacts, readVenvSettings } from "./config-adapter.ts";
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
}

export function interpreterCacheFor(facts: Pick<CommandFacts, "noCache" | "env">): InterpreterCache {
  const env = facts.env ?? process.env;
  const timeout = Number(env.VERSE_PYTHON_QUERY_TIMEOUT);
  return new InterpreterCache(facts.noCache ? null : userCacheDir(env), Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout * 1000 } : {});
}

/** The environment-management context of the project at (or above) the working directory. */
export function envContextFor(facts: CommandFacts): EnvContext {
  const env = facts.env ?? process.env;
  const project = readProjectFacts(facts.cwd, facts.project);
  return {
    project,
    settings: readVenvSettings(project.root, env),
    env,
    cwd: facts.cwd,
    cache: interpreterCacheFor(facts),
    cacheDir: facts.noCache ? null : userCacheDir(env),
    report: facts.report,
    warn: facts.warn,
  };
}

/** The project root if there is one (for discovery outside env commands), else null. */
export function projectRootOrNull(cwd: string, project: string | null): string | null {
  return project ?? findProjectRootFrom(cwd);
}
