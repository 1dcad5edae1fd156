/** The shared body of `install` and `sync`: options → selection → runInstall, with Poetry's messages. */
import { UsageError } from "../errors.ts";
import { runInstall, type InstallResult, type Reporter, upToDateResult } from "./install.ts";
import type { ProgressStream } from "./progress.ts";
import { type Selection, splitNames } from "./select.ts";
import { freshLock, linkModeOf, lockText, openSession, projectEnvironment, rootSpecOf, type SessionFacts, stringSetting, workers } from "./session.ts";

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
  const text = lockText(session.project);
  const env = await projectEnvironment(facts);
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
  // the no-op check comes before the lock is parsed: its key covers the lock's text
  const noop = upToDateResult({ project: session.project, lockText: text, env, selection: sel, sync: input.sync, root, dryRun: input.dryRun, reporter });
  if (noop !== null) return noop;
  const { lock, dir } = freshLock(session.project, text);
  performance.mark("install: lock parsed");
  return runInstall({
    project: session.project,
    lock,
    lockText: text,
    lockDir: dir,
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
    reporter,
    progress,
  });
}
