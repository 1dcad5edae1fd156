/**
 * Replacing the running binary. The new file is staged in the binary's own directory (same file
 * system, so a rename is atomic), then renamed over it. POSIX lets a running executable be
 * replaced by rename. Windows does not allow the running .exe to be overwritten or deleted, but
 * does allow it to be renamed: so it is moved aside to `<name>.old` first, the new one renamed
 * into place, and the old one removed by the next update (or rolled back if the second rename fails).
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { posix, win32 } from "node:path";

export interface SwapFs {
  rename(from: string, to: string): void;
  remove(path: string): void;
  exists(path: string): boolean;
}

export const nodeSwapFs: SwapFs = {
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { force: true }),
  exists: (path) => existsSync(path),
};

export interface SwapPaths {
  /** Where the download is written and tested before the swap. */
  readonly staged: string;
  /** Windows only: where the running exe is moved aside. */
  readonly aside: string | null;
}

function pathsFor(platform: NodeJS.Platform) {
  return platform === "win32" ? win32 : posix;
}

export function swapPaths(binary: string, platform: NodeJS.Platform, pid: number): SwapPaths {
  const p = pathsFor(platform);
  const dir = p.dirname(binary);
  const base = p.basename(binary);
  if (platform === "win32") {
    // The staged copy must end in .exe for Windows to run its smoke test.
    const stem = base.toLowerCase().endsWith(".exe") ? base.slice(0, -4) : base;
    return { staged: p.join(dir, `.${stem}.update-${pid}.exe`), aside: p.join(dir, `${base}.old`) };
  }
  return { staged: p.join(dir, `.${base}.update-${pid}`), aside: null };
}

/** Removes the `.old` exe a previous Windows update left behind (it could not delete itself). */
export function removeLeftover(binary: string, platform: NodeJS.Platform, fs: SwapFs = nodeSwapFs): void {
  const { aside } = swapPaths(binary, platform, 0);
  if (aside && fs.exists(aside)) {
    try {
      fs.remove(aside);
    } catch {
      // Still running (another verse process): the next update tries again.
    }
  }
}

/** Puts `staged` in place of `binary`. On failure the original binary is where it was. */
export function swapIn(staged: string, binary: string, platform: NodeJS.Platform, fs: SwapFs = nodeSwapFs): void {
  if (platform !== "win32") {
    fs.rename(staged, binary);
    return;
  }
  let aside = swapPaths(binary, platform, 0).aside!;
  if (fs.exists(aside)) {
    try {
      fs.remove(aside);
    } catch {
      // An older .old is still in use: pick a fresh name instead.
      aside = `${aside}.${Date.now()}`;
    }
  }
  fs.rename(binary, aside);
  try {
    fs.rename(staged, binary);
  } catch (error) {
    fs.rename(aside, binary);
    throw error;
  }
}
