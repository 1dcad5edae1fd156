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

/** Remove an installed distribution. `envRoot` bounds what may be deleted. */
export function uninstall(dist: InstalledDist, envRoot: string): number {
  let paths: string[] = [];
  try {
    paths = parseRecord(readFileSync(join(dist.distInfo, "RECORD"), "utf8")).map((e) => e.path);
  } catch {
    // no or broken RECORD: only the dist-info can be removed safely
  }
  rmSync(dist.distInfo, { recursive: true, force: true });
  const root = resolve(envRoot);
  const dirs = new Set<string>();
  let removed = 0;
  for (const p of paths) {
    const abs = resolve(dist.siteDir, p);
    if (!within(root, abs) || within(dist.distInfo, abs)) continue;
    rmSync(abs, { force: true });
    removed++;
    dirs.add(dirname(abs));
    if (extname(abs) === ".py") {
      const cache = join(dirname(abs), "__pycache__");
      const stem = basename(abs, ".py");
      try {
        for (const f of readdirSync(cache)) if (f.startsWith(`${stem}.`) && f.endsWith(".pyc")) rmSync(join(cache, f), { force: true });
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
