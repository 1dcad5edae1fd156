/**
 * Uninstall driven by RECORD (PEP 376/627). The dist-info goes first, so an interrupted
 * uninstall leaves the package "not installed" (stray files are overwritten by a reinstall);
 * files outside the environment are never touched; directories left empty are removed, as are
 * the __pycache__ entries of removed modules (RECORD may not list bytecode compiled later).
 */
import { readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { basename, dirname, extname, join, resolve, sep } from "node:path";
import { parseRecord } from "../standards/record.ts";
import type { InstalledDist } from "./installed.ts";

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** A file, or (only when it is the dist-info) a whole directory. */
function removePath(path: string, isDistInfo: boolean): void {
  rmSync(path, { force: true, recursive: isDistInfo });
}

/**
 * Remove an installed distribution. `envRoot` bounds what may be deleted; `remove` takes each
 * file and the dist-info directory away (an undo journal moves them aside instead: env-journal.ts).
 */
export function uninstall(dist: InstalledDist, envRoot: string, remove: (path: string, isDistInfo: boolean) => void = removePath): number {
  let paths: string[] = [];
  try {
    paths = parseRecord(readFileSync(join(dist.distInfo, "RECORD"), "utf8")).map((e) => e.path);
  } catch {
    // no or broken RECORD: only the dist-info can be removed safely
  }
  remove(dist.distInfo, true);
  const root = resolve(envRoot);
  const dirs = new Set<string>();
  let removed = 0;
  for (const p of paths) {
    const abs = resolve(dist.siteDir, p);
    if (!within(root, abs) || within(dist.distInfo, abs)) continue;
    remove(abs, false);
    removed++;
    dirs.add(dirname(abs));
    if (extname(abs) === ".py") {
      const cache = join(dirname(abs), "__pycache__");
      const stem = basename(abs, ".py");
      try {
        for (const f of readdirSync(cache)) if (f.startsWith(`${stem}.`) && f.endsWith(".pyc")) remove(join(cache, f), false);
        dirs.add(cache);
      } catch {
        // no bytecode
      }
    }
  }
  // Deepest first: remove directories the package emptied, never the scheme roots themselves.
  const stops = new Set([root, join(root, "bin"), join(root, "Scripts"), join(root, "include")]);
  for (let d = resolve(dist.siteDir); within(root, d) && d !== root; d = dirname(d)) stops.add(d);
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    let cur = d;
    while (within(root, cur) && !stops.has(cur)) {
      try {
        rmdirSync(cur);
      } catch {
        break;
      }
      cur = dirname(cur);
    }
  }
  return removed;
}
