/**
 * The common end of add, remove and update: save the edited pyproject.toml, re-lock (keeping the
 * other locked versions) and install, all inside a Transaction over pyproject.toml and
 * poetry.lock and an EnvironmentGuard over the environment, so that any failure puts all three
 * back as they were.
 */
import { join } from "node:path";
import { VerseError } from "../errors.ts";
import { changeLine, droppedPackages, existingLock, lockChanges, lockProject, type Lock } from "../lock/index.ts";
import { parsePyproject, Transaction, type Project } from "../project/core.ts";
import { saveProjectFile, type ProjectFile } from "../project/project-file.ts";
import { canonicalizeName } from "../standards/names.ts";
import { installCommand } from "./command.ts";
import type { ProgressStream } from "./progress.ts";
import { scanInstalled } from "./installed.ts";
import { lockInputs } from "./lock-inputs.ts";
import { EnvironmentGuard } from "./rollback.ts";
import { openSession, projectEnvironment, type SessionFacts } from "./session.ts";
import { uninstall } from "./uninstall.ts";

/** Where the flow reports: the command's output. */
export interface RelockOutput {
  /** Where download progress is drawn (null: nowhere). */
  readonly progress: ProgressStream | null;
  line(text?: string): void;
  warn(text: string): void;
  detail(level: 1 | 2 | 3, text: string): void;
}

export interface RelockInput {
  readonly facts: SessionFacts;
  readonly output: RelockOutput;
  /** The edited pyproject (null: the file on disk is used as it is, for `update`). */
  readonly edited: ProjectFile | null;
  readonly dryRun: boolean;
  readonly lockOnly: boolean;
  readonly regenerate?: boolean;
  readonly unlock?: ReadonlySet<string>;
  /** Uninstall what the new lock no longer holds before installing (`remove`). */
  readonly uninstallDropped?: boolean;
  /** Options for the install step (update's group options and --sync). */
  readonly install?: { readonly with: string[]; readonly without: string[]; readonly only: string[]; readonly sync: boolean };
}

/**
 * Uninstalls the packages the new lock no longer holds (sync semantics for the removed packages
 * only), through the environment's undo journal when there is one, so that a later failure puts
 * them back.
 */
async function uninstallDropped(facts: SessionFacts, output: RelockOutput, before: Lock | null, after: Lock, guard: EnvironmentGuard | null): Promise<void> {
  const dropped = droppedPackages(before, after);
  if (dropped.length === 0) return;
  const env = await projectEnvironment(facts);
  const installed = scanInstalled([env.layout.purelib, env.layout.platlib]);
  for (const name of dropped) {
    const dist = installed.get(canonicalizeName(name));
    if (dist === undefined) continue;
    if (guard === null) uninstall(dist, env.root);
    else guard.uninstall(env, dist);
    output.line(`  - Removing ${name} (${dist.version})`);
  }
}

/**
 * The common end of add, remove and update: save the edited pyproject.toml, re-lock (keeping
 * the other locked versions) and install — all inside a Transaction over pyproject.toml and
 * poetry.lock, so that any failure puts both back byte for byte. The environment is guarded
 * too: an install that fails halfway (a broken wheel after others were linked, a root build
 * that fails) is undone from its journal, and an environment this command created (to build a
 * direct dependency while locking, or to install) is removed again.
 */
export async function relockAndInstall(input: RelockInput): Promise<number> {
  const { facts, output, edited, dryRun } = input;
  const session = openSession(facts);
  const root = session.project.root;
  const lockPath = join(root, "poetry.lock");
  let before: Lock | null = null;
  try {
    before = existingLock(lockPath, false);
  } catch {
    before = null; // an unreadable lock is simply not kept
  }
  const guard = dryRun ? null : await EnvironmentGuard.before(facts, session);
  const tx = Transaction.begin([join(root, "pyproject.toml"), lockPath]);
  try {
    let project: Project = session.project;
    if (edited !== null) {
      if (dryRun) project = parsePyproject(edited.editor.text, edited.file, edited.root);
      else {
        saveProjectFile(edited);
        project = parsePyproject(edited.editor.text, edited.file, edited.root);
      }
    }
    output.line("");
    output.line("Updating dependencies");
    output.line("Resolving dependencies...");
    const outcome = await lockProject({
      ...lockInputs(session, facts, (l) => output.detail(2, l)),
      project,
      regenerate: input.regenerate ?? false,
      unlock: input.unlock,
      dryRun,
    });
    for (const w of outcome.warnings) output.warn(w);
    const changes = lockChanges(before, outcome.lock);
    if (dryRun) {
      output.line("");
      if (changes.length === 0) output.line("No dependencies to install or update");
      else {
        const count = (k: string) => changes.filter((c) => (k === "update" ? c.kind === "update" || c.kind === "downgrade" : c.kind === k)).length;
        const plural = (n: number, w: string, p = `${w}s`) => `${n} ${n === 1 ? w : p}`;
        output.line(`Package operations: ${plural(count("install"), "install")}, ${plural(count("update"), "update")}, ${plural(count("remove"), "removal")}`);
        output.line("");
        for (const c of changes) output.line(changeLine(c));
      }
      tx.rollback();
      return 0;
    }
    output.line("");
    output.line(outcome.written ? "Writing lock file" : "poetry.lock is already up to date.");
    if (!input.lockOnly) {
      if (input.uninstallDropped) await uninstallDropped(facts, output, before, outcome.lock, guard);
      const inst = input.install ?? { with: [], without: [], only: [], sync: false };
      await installCommand(
        {
          with: inst.with, without: inst.without, only: inst.only, noDev: false, allGroups: false, extras: [], allExtras: false,
          noRoot: false, onlyRoot: false, noDirectory: false, sync: inst.sync, dryRun: false, compile: false, linkMode: undefined,
          guard: guard ?? undefined,
        },
        facts,
        { line: (l) => output.line(l), warn: (l) => output.warn(l), detail: (l) => output.detail(1, l) },
        output.progress,
      );
    }
    tx.commit();
    guard?.commit();
    return 0;
  } catch (e) {
    tx.rollback();
    const problems = guard?.rollback() ?? [];
    if (e instanceof VerseError) {
      const kept = problems.length === 0
        ? `pyproject.toml, poetry.lock and the environment were left as they were.`
        : `pyproject.toml and poetry.lock were left as they were, but the environment could not be fully restored:\n${problems.map((p) => `  ${p}`).join("\n")}\nRun \`verse install --sync\` to repair it.`;
      throw new VerseError(e.message, { hint: [e.hint, kept].filter((h) => h).join("\n"), exitCode: e.exitCode, cause: e });
    }
    throw e;
  }
}
