/**
 * The no-op fast path. After a successful install verse writes `<env>/.verse/state.json`: a key
 * over everything the plan depends on (the lock's text, the project file, the selection, the
 * interpreter) plus the modification times of the site-packages directories. The next install
 * with the same key and unchanged directories has nothing to do: it answers without scanning
 * dist-infos, computing tags or touching the network. Any other tool installing or removing a
 * distribution changes a directory's mtime and so falls back to the full plan.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface InstalledRecord {
  readonly version: string;
  /** artifactId() of what was installed. */
  readonly id: string;
}

export interface InstallState {
  readonly v: 1;
  readonly key: string;
  readonly dirs: Readonly<Record<string, number>>;
  readonly packages: Readonly<Record<string, InstalledRecord>>;
}

export function stateDir(envRoot: string): string {
  return join(envRoot, ".verse");
}

function statePath(envRoot: string): string {
  return join(stateDir(envRoot), "state.json");
}

export function stateKey(parts: readonly string[]): string {
  const h = new Bun.CryptoHasher("sha256");
  for (const p of parts) h.update(p).update("\u0000");
  return h.digest("hex");
}

function mtimes(dirs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of dirs) {
    try {
      out[d] = statSync(d).mtimeMs;
    } catch {
      out[d] = -1;
    }
  }
  return out;
}

export function readState(envRoot: string): InstallState | null {
  try {
    const s = JSON.parse(readFileSync(statePath(envRoot), "utf8")) as InstallState;
    return s.v === 1 && typeof s.key === "string" ? s : null;
  } catch {
    return null;
  }
}

/** True when the state says the environment already is what `key` asks for. */
export function isUpToDate(envRoot: string, key: string, dirs: readonly string[]): boolean {
  const s = readState(envRoot);
  if (s === null || s.key !== key) return false;
  const now = mtimes(dirs);
  return dirs.every((d) => s.dirs[d] === now[d] && now[d] !== -1);
}

/** Forget the state before changing the environment (an interrupted install must re-plan). */
export function clearState(envRoot: string): void {
  rmSync(statePath(envRoot), { force: true });
}

export function writeState(envRoot: string, key: string, dirs: readonly string[], packages: Record<string, InstalledRecord>): void {
  mkdirSync(stateDir(envRoot), { recursive: true });
  const state: InstallState = { v: 1, key, dirs: mtimes(dirs), packages };
  const tmp = `${statePath(envRoot)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  // rename keeps a reader from ever seeing half a file
  renameSync(tmp, statePath(envRoot));
}
