/**
 * What `add`, `remove` and `update` need to give the environment back when they fail: either
 * the environment existed before the command, and its install is journaled (env-journal.ts) and
 * undone; or the command made it (while locking, to build a direct dependency, or to install),
 * and it is removed whole, so the project directory is as it was.
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { envContextFor, locateEnvironment, type ProjectEnvironment } from "../python/index.ts";
import { EnvJournal } from "./env-journal.ts";
import type { InstalledDist } from "./installed.ts";
import { uninstall } from "./uninstall.ts";
import type { ProjectSession, SessionFacts } from "./session.ts";

export class EnvironmentGuard {
  private journal: EnvJournal | null = null;

  private constructor(
    /** Where the environment would be made, when nothing was there before the command. */
    private readonly absentBefore: string | null,
  ) {}

  /** Notes whether the project's environment exists, before anything may create it. */
  static async before(facts: SessionFacts, session: ProjectSession): Promise<EnvironmentGuard> {
    let absent: string | null = null;
    try {
      const ctx = envContextFor({ cwd: facts.cwd, project: facts.project, noCache: facts.noCache, env: facts.env as NodeJS.ProcessEnv, loaded: { project: session.project, config: session.config } });
      const where = ctx.settings.create ? await locateEnvironment(ctx) : null;
      if (where !== null && !existsSync(where.root)) absent = resolve(where.root);
    } catch {
      // no interpreter to make one from: nothing will be created either
    }
    return new EnvironmentGuard(absent);
  }

  /** The journal for an install into `env` (opened on first call; null for a venv this command made). */
  attach(env: ProjectEnvironment): EnvJournal | null {
    if (this.madeHere(env.root)) return null;
    try {
      this.journal ??= EnvJournal.open(env);
    } catch {
      return null; // no room for a backup area (a read-only system prefix): the install itself will say what is wrong
    }
    return this.journal;
  }

  /** Uninstalls `dist` from `env` through the journal (remove's "what nothing needs any more"). */
  uninstall(env: ProjectEnvironment, dist: InstalledDist): void {
    const journal = this.attach(env);
    uninstall(dist, env.root, journal === null ? undefined : (path, whole) => journal.discard(path, whole));
  }

  private madeHere(root: string): boolean {
    return this.absentBefore !== null && resolve(root) === this.absentBefore;
  }

  /** Undo; returns what could not be put back (empty: the environment is as it was). */
  rollback(): string[] {
    const problems = this.journal?.undo() ?? [];
    this.journal = null;
    if (this.absentBefore !== null && existsSync(this.absentBefore)) {
      try {
        rmSync(this.absentBefore, { recursive: true, force: true });
      } catch (e) {
        problems.push(`removing the new virtual environment ${this.absentBefore}: ${(e as Error).message}`);
      }
    }
    return problems;
  }

  /** Success: drop what the journal saved. */
  commit(): void {
    this.journal?.commit();
    this.journal = null;
  }
}
