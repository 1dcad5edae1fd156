/**
 * What `lockProject` needs from a project session besides the project itself — the index client,
 * the solver settings from config, "did you mean" names and the reader for git/url/file/setup.py
 * dependencies — built in one place for every command that locks (lock, install's re-lock, add,
 * remove, update), so that they all lock the same way.
 */
import { indexProjectNames, type LockRequest } from "../lock/index.ts";
import type { ProjectEnvironment } from "../python/index.ts";
import { directSourceReader } from "./direct-metadata.ts";
import { projectEnvironment, type ProjectSession, type SessionFacts } from "./session.ts";

export type LockInputs = Pick<LockRequest, "index" | "minReleaseAgeDays" | "projectNames" | "directSources">;

/**
 * `env`: the project environment when the caller already has it; otherwise it is made on first
 * need (a direct dependency to build), as Poetry does.
 */
export function lockInputs(session: ProjectSession, facts: SessionFacts, detail: (line: string) => void, env?: ProjectEnvironment): LockInputs {
  const client = session.client();
  const age = session.config.get("solver.min-release-age");
  return {
    index: client,
    minReleaseAgeDays: typeof age === "number" ? age : null,
    projectNames: () => indexProjectNames(client),
    directSources: directSourceReader({
      cacheRoot: session.cacheRoot,
      client: session.client,
      interpreter: async () => {
        const e = env ?? (await projectEnvironment(facts, session));
        return { python: e.base.path, info: e.base.info };
      },
      config: session.config,
      detail,
    }),
  };
}
