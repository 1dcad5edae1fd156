/**
 * The common end of add, remove and update: save the edited pyproject.toml, re-lock (keeping the
 * other locked versions) and install, all inside a Transaction over pyproject.toml and
 * poetry.lock, so that any failure puts both back byte for byte.
 */
import { join } from "node:path";
import { VerseError } from "../errors.ts";
import { changeLine, existingLock, lockChanges, lockProject, type Lock } from "../lock/index.ts";
import { parsePyproject, Transaction, type Project } from "../project/core.ts";
import { saveProjectFile, type ProjectFile } from "../project/project-file.ts";
import { installCommand } from "./command.ts";
import { lockInputs } from "./lock-inputs.ts";
import { openSession, type SessionFacts } from "./session.ts";

/** Where the flow reports: the command's output. */
export interface RelockOutput {
  readonly quiet: boolean;
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
  /** Runs between the lock and the install (remove uninstalls what nothing needs). */
  readonly beforeInstall?: (before: Lock | null, after: Lock) => Promise<void>;
  /** Options for the install step (update's group options and --sync). */
  readonly install?: { readonly with: string[]; readonly without: string[]; readonly only: string[]; readonly sync: boolean };
}

/**
 * The common end of add, remove and update: save the edited pyproject.toml, re-lock (keeping
 * the other locked versions) and install — all inside a Transaction over pyproject.toml and
 * poetry.lock, so that any failure puts both back byte for byte. Fetching happens before the
 * environment is touched, so a download or hash failure leaves it as it was too.
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
      await input.beforeInstall?.(before, outcome.lock);
      const inst = input.install ?? { with: [], without: [], only: [], sync: false };
      await installCommand(
        {
          with: inst.with, without: inst.without, only: inst.only, noDev: false, allGroups: false, extras: [], allExtras: false,
          noRoot: false, onlyRoot: false, noDirectory: false, sync: inst.sync, dryRun: false, compile: false, linkMode: undefined,
        },
        facts,
        { line: (l) => output.line(l), warn: (l) => output.warn(l), detail: (l) => output.detail(1, l) },
        output.quiet ? null : process.stderr,
      );
    }
    tx.commit();
    return 0;
  } catch (e) {
    tx.rollback();
    if (e instanceof VerseError && edited !== null) {
      throw new VerseError(e.message, { hint: [e.hint, "pyproject.toml and poetry.lock were left as they were."].filter((h) => h).join("\n"), exitCode: e.exitCode, cause: e });
    }
    throw e;
  }
}
