/**
 * Which project files go into a wheel or an sdist, and under which archive path, by poetry-core's
 * rules: `packages` (auto-detected, or `[{include, from, to, format}]`, globs allowed, namespace
 * packages being plain directories), `include` entries (sdist only unless `format` says wheel),
 * `exclude` globs and the files git ignores (both overridden by an explicit include), never
 * `__pycache__` or `.pyc`. Wheel paths are relative to the package's `from` directory (then put
 * under `to`); sdist paths are relative to the project root.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { BuildConfigError } from "./errors.ts";
import { globPaths, walkFiles } from "./glob.ts";
import { gitIgnoredFiles } from "./gitignore.ts";
import type { BuildSpec } from "./spec.ts";

export type BuildFormat = "wheel" | "sdist";

export interface FileEntry {
  /** Absolute path on disk. */
  readonly source: string;
  /** POSIX path inside the archive (below the sdist's top directory for sdists). */
  readonly target: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const skipped = (rel: string): boolean => rel.includes("__pycache__") || rel.endsWith(".pyc");

/** The set of root-relative paths excluded for a format (a path is excluded when it or a parent is listed). */
export class ExcludedFiles {
  private readonly set: ReadonlySet<string>;
  constructor(spec: BuildSpec, format: BuildFormat) {
    const excluded = new Set<string>(gitIgnoredFiles(spec.root));
    for (const g of spec.excludes) for (const p of globPaths(spec.root, g)) excluded.add(p);
    for (const inc of spec.includes) {
      if (!inc.formats.includes(format)) continue;
      for (const p of globPaths(spec.root, inc.path)) excluded.delete(p);
    }
    this.set = excluded;
  }
  has(rel: string): boolean {
    let p = rel;
    for (;;) {
      if (this.set.has(p)) return true;
      const slash = p.lastIndexOf("/");
      if (slash < 0) return false;
      p = p.slice(0, slash);
    }
  }
}

/** The files of the packages, for one format. */
function packageFiles(spec: BuildSpec, format: BuildFormat, excluded: ExcludedFiles): FileEntry[] {
  const out: FileEntry[] = [];
  for (const pkg of spec.packages) {
    if (pkg.formats.length > 0 && !pkg.formats.includes(format)) continue;
    const fromRel = pkg.from === null ? "" : pkg.from.replace(/\\/g, "/").replace(/^\.\/|\/$/g, "");
    const base = fromRel === "" ? spec.root : join(spec.root, fromRel);
    const matches = globPaths(base, pkg.include);
    if (matches.length === 0) {
      throw new BuildConfigError(
        `the package ${JSON.stringify(pkg.include)}${pkg.from ? ` (from ${pkg.from})` : ""} matches no file or folder`,
        "Fix the `packages` entry in [tool.poetry], or create the package.",
      );
    }
    for (const m of matches) {
      const files = isDir(join(base, m)) ? walkFiles(base, m) : [m];
      for (const rel of files) {
        if (skipped(rel)) continue;
        const rootRel = fromRel === "" ? rel : `${fromRel}/${rel}`;
        if (excluded.has(rootRel)) continue;
        let target = format === "sdist" ? rootRel : rel;
        if (format === "wheel" && pkg.to !== null) target = `${pkg.to.replace(/^\.\/|\/$/g, "")}/${rel}`;
        out.push({ source: join(base, rel), target });
      }
    }
  }
  return out;
}

function includeFiles(spec: BuildSpec, format: BuildFormat, excluded: ExcludedFiles): FileEntry[] {
  const out: FileEntry[] = [];
  for (const inc of spec.includes) {
    if (!inc.formats.includes(format)) continue;
    for (const m of globPaths(spec.root, inc.path)) {
      if (isDir(join(spec.root, m))) {
        for (const rel of walkFiles(spec.root, m)) {
          if (!skipped(rel) && !excluded.has(rel)) out.push({ source: join(spec.root, rel), target: rel });
        }
      } else if (!skipped(m)) out.push({ source: join(spec.root, m), target: m });
    }
  }
  return out;
}

function unique(entries: readonly FileEntry[]): FileEntry[] {
  const seen = new Map<string, FileEntry>();
  for (const e of entries) if (!seen.has(e.target)) seen.set(e.target, e);
  return [...seen.values()];
}

/** The wheel's package and include files, sorted by source path as poetry-core adds them. */
export function wheelFiles(spec: BuildSpec): FileEntry[] {
  const excluded = new ExcludedFiles(spec, "wheel");
  const all = unique([...packageFiles(spec, "wheel", excluded), ...includeFiles(spec, "wheel", excluded)]);
  return all.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** Every file of the sdist (without PKG-INFO), sorted by archive path. */
export function sdistFiles(spec: BuildSpec, licenseFiles: readonly string[]): FileEntry[] {
  const excluded = new ExcludedFiles(spec, "sdist");
  const extra: FileEntry[] = [];
  const addRoot = (rel: string): void => {
    if (statSafe(join(spec.root, rel))) extra.push({ source: join(spec.root, rel), target: rel });
  };
  addRoot("pyproject.toml");
  for (const r of spec.readmes) addRoot(r);
  for (const l of licenseFiles) addRoot(l);
  for (const s of spec.fileScripts) extra.push({ source: s.source, target: s.source.slice(spec.root.length + 1).replace(/\\/g, "/") });
  if (spec.buildScript !== null) addRoot(spec.buildScript);
  const all = unique([...packageFiles(spec, "sdist", excluded), ...includeFiles(spec, "sdist", excluded), ...extra]);
  return all.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

function statSafe(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
