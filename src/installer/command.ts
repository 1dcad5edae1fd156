/** The shared body of `install` and `sync`: options → selection → runInstall, with Poetry's messages. */
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { isFresh, type Lock, lockProject, LockNotFoundError, readLock, renderLock, StaleLockError, writeLock } from "../lock/index.ts";
import type { ProjectEnvironment } from "../python/index.ts";
import { lockInputs } from "./lock-inputs.ts";
import { runInstall, type InstallResult, type Reporter, upToDateResult } from "./install.ts";
import type { ProgressStream } from "./progress.ts";
import type { EnvironmentGuard } from "./rollback.ts";
import { type Selection, splitNames } from "./select.ts";
import { linkModeOf, lockText, openSession, projectEnvironment, type ProjectSession, rootSpecOf, type SessionFacts, stringSetting, workers } from "./session.ts";

export interface InstallCommandInput {
  readonly with: readonly string[];
  readonly without: readonly string[];
  readonly only: readonly string[];
  readonly noDev: boolean;
  readonly allGroups: boolean;
  readonly extras: readonly string[];
  readonly allExtras: boolean;
  readonly noRoot: boolean;
  readonly onlyRoot: boolean;
  readonly noDirectory: boolean;
  readonly sync: boolean;
  readonly dryRun: boolean;
  readonly compile: boolean;
  readonly linkMode: string | undefined;
  /** Fail instead of locking when poetry.lock is missing or stale. */
  readonly locked?: boolean;
  /** Journals the install so that the caller can undo it (add, remove, update: relock.ts). */
  readonly guard?: EnvironmentGuard;
}

/** poetry.lock's text, or null when there is none. */
function lockTextOrNull(session: ProjectSession): string | null {
  try {
    return lockText(session.project);
  } catch (e) {
    if (e instanceof LockNotFoundError) return null;
    throw e;
  }
}

/**
 * Poetry 2's install on a missing or stale lock: resolve first ("Updating dependencies"), keeping
 * the versions already locked that still fit; the lock is written only once the install succeeded.
 */
async function relock(session: ProjectSession, facts: SessionFacts, env: ProjectEnvironment, reporter: Reporter): Promise<{ lock: Lock; text: string }> {
  reporter.line("Updating dependencies");
  reporter.line("Resolving dependencies...");
  const outcome = await lockProject({ ...lockInputs(session, facts, reporter.detail, env), project: session.project, dryRun: true });
  for (const w of outcome.warnings) reporter.warn(w);
  return { lock: outcome.lock, text: renderLock(outcome.lock) };
}

export async function installCommand(input: InstallCommandInput, facts: SessionFacts, reporter: Reporter, progress: ProgressStream | null): Promise<InstallResult> {
  if (input.noRoot && input.onlyRoot) throw new UsageError("You cannot use --no-root and --only-root at the same time.");
  if (input.extras.length > 0 && input.allExtras) throw new UsageError("You cannot specify explicit `--extras` while installing using `--all-extras`.");
  if (input.only.length > 0 && (input.with.length > 0 || input.without.length > 0)) {
    throw new UsageError("The --only option cannot be used with --with or --without.");
  }
  const without = [...input.without];
  if (input.noDev) {
    reporter.warn("The `--no-dev` option is deprecated, use the `--without dev` notation instead.");
    without.push("dev");
  }
  const session = openSession(facts);
  performance.mark("install: project and config read");
  const lockFile = join(session.project.root, "poetry.lock");
  let text = lockTextOrNull(session);
  if (text === null && input.locked === true) throw new LockNotFoundError(lockFile);
  const env = await projectEnvironment(facts, session);
  performance.mark("install: environment ready");
  const selection: Selection = {
    with: splitNames(input.with),
    without: splitNames(without),
    only: splitNames(input.only),
    allGroups: input.allGroups,
    extras: splitNames(input.extras),
    allExtras: input.allExtras,
    onlyRoot: input.onlyRoot,
    noDirectory: input.noDirectory,
  };
  // --no-dev on a project without a dev group is not an error in Poetry
  const knownGroups = new Set([...session.project.groups.keys()]);
  const sel: Selection = input.noDev && !knownGroups.has("dev") ? { ...selection, without: selection.without.filter((g) => g !== "dev") } : selection;
  const root = input.noRoot ? null : rootSpecOf(session.project, reporter.warn);
  // the no-op check comes before the lock is parsed: its key covers the lock's and pyproject's
  // texts, so a match means the lock was fresh when that install ran
  if (text !== null) {
    const noop = upToDateResult({ project: session.project, lockText: text, env, selection: sel, sync: input.sync, root, dryRun: input.dryRun, reporter });
    if (noop !== null) return noop;
  }
  let lock: Lock | null = null;
  if (text !== null) {
    lock = readLock({ text, file: lockFile });
    if (!isFresh(session.project, lock)) {
      if (input.locked === true) throw new StaleLockError();
      lock = null;
    }
  }
  let relocked = false;
  if (lock === null || text === null) {
    ({ lock, text } = await relock(session, facts, env, reporter));
    relocked = true;
  }
  performance.mark("install: lock parsed");
  // after resolving, Poetry goes on with the operations without "Installing dependencies from lock file"
  const shown: Reporter = relocked ? { ...reporter, line: (l) => {
        if (l !== "Installing dependencies from lock file") reporter.line(l);
      } } : reporter;
  const result = await runInstall({
    project: session.project,
    lock,
    lockText: text,
    lockDir: session.project.root,
    env,
    selection: sel,
    sync: input.sync,
    dryRun: input.dryRun,
    compile: input.compile,
    linkMode: linkModeOf(session.config, input.linkMode),
    policy: { noBinary: stringSetting(session.config, "installer.no-binary"), onlyBinary: stringSetting(session.config, "installer.only-binary") },
    root,
    cacheRoot: session.cacheRoot,
    client: session.client,
    concurrency: workers(session.config),
    reporter: shown,
    progress,
    journal: input.dryRun ? null : (input.guard?.attach(env) ?? null),
  });
  // as Poetry: the new lock is written only after the install succeeded (and never on --dry-run)
  if (relocked && !input.dryRun && writeLock(lockFile, lock)) reporter.line("\nWriting lock file");
  return result;
}
