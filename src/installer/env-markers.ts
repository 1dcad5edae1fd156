/**
 * The marker environment packages are chosen for, without creating anything: the project
 * environment's interpreter when it exists, else the interpreter discovery would pick (as
 * `verse show` filters "packages compatible with the current system"). Null when no
 * interpreter is found.
 */
import { currentEnvironment, envContextFor, findInterpreter, NoSuitableInterpreter } from "../python/index.ts";
import { parseConstraint } from "../standards/constraint.ts";
import type { SessionFacts } from "./session.ts";

export async function environmentMarkers(f: SessionFacts): Promise<Readonly<Record<string, string>> | null> {
  const ctx = envContextFor({ cwd: f.cwd, project: f.project, noCache: f.noCache, env: f.env as NodeJS.ProcessEnv, warn: f.warn });
  const current = await currentEnvironment(ctx);
  if (current !== null) return current.info.markers;
  const text = ctx.project.python;
  try {
    const found = await findInterpreter({ env: ctx.env, cwd: ctx.cwd, projectDir: ctx.project.root, constraint: text ? { constraint: parseConstraint(text), text } : null, cache: ctx.cache, baseOnly: true });
    return found.interpreter.info.markers;
  } catch (e) {
    if (e instanceof NoSuitableInterpreter) return null;
    throw e;
  }
}
