/**
 * An undo log for one install into an existing environment, so that a failed `add` (or
 * `remove`, `update`) can put the environment back exactly as it was: the same files, with
 * the same contents, and nothing the attempt added.
 *
 * Why a journal and not a copy: copying (or even hard-linking) a whole environment before each
 * install costs time proportional to the environment, on every command. Instead:
 *  - the paths present before are listed once (directory reads only, no per-file stat);
 *  - an uninstall *moves* files into a backup area inside the environment (same file system:
 *    a rename) instead of deleting them;
 *  - a file that existed before and is about to be replaced by a link is moved aside first;
 *  - the scripts directory (small, and written by several writers) is hard-linked whole, so a
 *    script another package overwrote can be told apart (by inode) and put back.
 * Undo deletes every path that was not there before, then moves each saved entry back, newest
 * first (the oldest save of a path holds its original content, so it lands last). Commit just
 * deletes the backup area, which costs what the deletions would have cost anyway.
 */
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ProjectEnvironment } from "../python/index.ts";
import { Linker, type LinkMode } from "./link.ts";
import { stateDir } from "./state.ts";

/** One path moved aside: where it was (relative to the environment) and where it is now. */
interface Saved {
  readonly rel: string;
  readonly slot: string;
}

/** A hard link of a scripts-directory file taken before the install, with its inode then. */
interface Pinned {
  readonly rel: string;
  readonly copy: string;
  readonly ino: number;
}

const STATE_FILE = "state.json";

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "";
}

/** Files (and symlinks) and directories under `dir`, relative to `base`; `skip` is not entered. */
function listTree(dir: string, base: string, skip: string, files: Set<string>, dirs: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (abs === skip) continue;
    const rel = relative(base, abs);
    if (e.isDirectory()) {
      dirs.add(rel);
      listTree(abs, base, skip, files, dirs);
    } else files.add(rel);
  }
}

export class EnvJournal {
  private readonly saved: Saved[] = [];
  /** Paths already moved aside: a second move would save the attempt's file, not the original. */
  private readonly moved = new Set<string>();
  private readonly pinned: Pinned[] = [];
  private slots = 0;

  private constructor(
    private readonly root: string,
    /** The directories whose contents are tracked (the whole venv; the scheme dirs of a system Python). */
    private readonly watched: readonly string[],
    private readonly backup: string,
    private readonly files: ReadonlySet<string>,
    private readonly dirs: ReadonlySet<string>,
    private readonly stateText: string | null,
  ) {}

  /** Lists the environment and prepares the backup area; nothing in the environment changes. */
  static open(env: ProjectEnvironment): EnvJournal {
    const root = resolve(env.root);
    const state = stateDir(root);
    const watched = env.kind === "venv" ? [root] : [...new Set([env.layout.purelib, env.layout.platlib, env.layout.scripts].filter((d) => d !== "").map((d) => resolve(d)))];
    const files = new Set<string>();
    const dirs = new Set<string>();
    for (const w of watched) {
      if (w !== root) dirs.add(relative(root, w));
      listTree(w, root, state, files, dirs);
    }
    let stateText: string | null = null;
    try {
      stateText = readFileSync(join(state, STATE_FILE), "utf8");
    } catch {
      // no state yet
    }
    const backup = join(state, `rollback-${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
    mkdirSync(backup, { recursive: true });
    const journal = new EnvJournal(root, watched, backup, files, dirs, stateText);
    // a system Python's scripts directory is shared with everything else on the machine: not pinned
    if (env.kind === "venv") journal.pin(resolve(env.layout.scripts));
    return journal;
  }

  private rel(abs: string): string | null {
    const r = relative(this.root, resolve(abs));
    return r === "" || r === ".." || r.startsWith(`..${sep}`) || isAbsolute(r) ? null : r;
  }

  private pin(dir: string): void {
    const relDir = this.rel(dir);
    if (relDir === null) return;
    const target = join(this.backup, "pinned");
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const abs = join(dir, name);
      try {
        const st = lstatSync(abs);
        if (!st.isFile()) continue;
        mkdirSync(target, { recursive: true });
        const copy = join(target, String(this.pinned.length));
        linkSync(abs, copy);
        this.pinned.push({ rel: join(relDir, name), copy, ino: st.ino });
      } catch {
        // a file that cannot be linked is only covered by the move-aside path
      }
    }
  }

  /**
   * Moves `abs` into the backup area (absent → nothing): a file, or a whole directory only when
   * `wholeDir` (a dist-info) — a RECORD line naming a directory never takes the directory away.
   */
  discard(abs: string, wholeDir = false): void {
    const rel = this.rel(abs);
    if (rel === null) {
      rmSync(abs, { force: true, recursive: wholeDir }); // outside what is tracked: deleted, as without a journal
      return;
    }
    if (!wholeDir) {
      try {
        if (lstatSync(abs).isDirectory()) return;
      } catch {
        return; // nothing there
      }
    }
    const slot = join(this.backup, "saved", String(this.slots++));
    try {
      renameSync(abs, slot);
    } catch (e) {
      if (errno(e) === "ENOENT") {
        try {
          mkdirSync(dirname(slot), { recursive: true });
          renameSync(abs, slot);
        } catch (e2) {
          if (errno(e2) === "ENOENT") return; // nothing there
          throw e2;
        }
      } else throw e;
    }
    this.saved.push({ rel, slot });
    this.moved.add(rel);
  }

  /** Called before something is written at `abs`: a path that was there before is moved aside once. */
  protect(abs: string): void {
    const rel = this.rel(abs);
    if (rel === null || !this.files.has(rel) || this.moved.has(rel)) return;
    this.discard(abs);
  }

  /** A Linker whose targets are protected first. */
  linker(mode: LinkMode): Linker {
    const journal = this;
    return new (class extends Linker {
      override link(src: string, dst: string): void {
        journal.protect(dst);
        super.link(src, dst);
      }
    })(mode);
  }

  /**
   * Puts the environment back; returns what could not be restored (empty when all is back).
   * Keeps going after a failure so that as much as possible is restored.
   */
  undo(): string[] {
    const problems: string[] = [];
    const attempt = (what: string, f: () => void): void => {
      try {
        f();
      } catch (e) {
        problems.push(`${what}: ${(e as Error).message}`);
      }
    };
    // 1. whatever the attempt created
    const nowFiles = new Set<string>();
    const nowDirs = new Set<string>();
    for (const w of this.watched) listTree(w, this.root, stateDir(this.root), nowFiles, nowDirs);
    for (const rel of nowFiles) if (!this.files.has(rel)) attempt(`removing ${rel}`, () => rmSync(join(this.root, rel), { force: true }));
    // 2. the saved entries, newest first
    for (const s of [...this.saved].reverse()) {
      attempt(`restoring ${s.rel}`, () => {
        const target = join(this.root, s.rel);
        rmSync(target, { recursive: true, force: true });
        mkdirSync(dirname(target), { recursive: true });
        renameSync(s.slot, target);
      });
    }
    // 3. scripts another writer replaced in place of the original inode
    for (const p of this.pinned) {
      attempt(`restoring ${p.rel}`, () => {
        const target = join(this.root, p.rel);
        let ino = -1;
        try {
          ino = lstatSync(target).ino;
        } catch {
          // gone
        }
        if (ino === p.ino) return;
        rmSync(target, { force: true });
        renameSync(p.copy, target);
      });
    }
    // 4. directories: the attempt's new ones go (deepest first), emptied old ones come back
    for (const rel of [...nowDirs].filter((d) => !this.dirs.has(d)).sort((a, b) => b.length - a.length)) {
      attempt(`removing ${rel}`, () => {
        try {
          rmdirSync(join(this.root, rel));
        } catch (e) {
          if (errno(e) !== "ENOENT") throw e;
        }
      });
    }
    for (const rel of this.dirs) attempt(`restoring ${rel}`, () => mkdirSync(join(this.root, rel), { recursive: true }));
    // 5. the no-op state as it was (an older state never matches the changed directories' times)
    attempt("restoring the install state", () => {
      const path = join(stateDir(this.root), STATE_FILE);
      if (this.stateText === null) rmSync(path, { force: true });
      else writeFileSync(path, this.stateText);
    });
    rmSync(this.backup, { recursive: true, force: true });
    return problems;
  }

  /** The install succeeded: the saved files are deleted for good. */
  commit(): void {
    rmSync(this.backup, { recursive: true, force: true });
  }
}
