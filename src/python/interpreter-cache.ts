/**
 * A persistent cache of interpreter reports: `<cache>/interpreters/v1/<hash>.json`, so that a
 * second discovery starts no Python at all. An entry is keyed by the interpreter's real path
 * (symlinks resolved) and, when the executable sits inside a virtual environment, by that
 * environment too: Python decides it is a venv from the pyvenv.cfg beside or above the
 * *unresolved* executable, so a venv's `bin/python` and its base share a binary but not a report.
 * An entry is valid while the binary's mtime and size are unchanged.
 * Shims (pyenv, asdf, mise) are never cached: they dispatch to a different Python by context.
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type InterpreterInfo, type QueryOptions, queryInterpreter } from "./query.ts";
import { InterpreterQueryError } from "./errors.ts";
import { venvLayout } from "./venv.ts";

interface Entry {
  readonly realpath: string;
  readonly venv: string | null;
  readonly mtimeMs: number;
  readonly size: number;
  readonly info: InterpreterInfo;
}

/**
 * An entry as this cache wrote it (a report validated by queryInterpreter when it was made).
 * Only its shape is checked here, not the whole report with zod: reading a cached report is on
 * every command's path (a no-op install included) and a full schema check costs more than the
 * rest of the lookup. A schema change bumps the directory's version (v1) instead.
 */
function asEntry(value: unknown): Entry | null {
  if (typeof value !== "object" || value === null) return null;
  const e = value as Record<string, unknown>;
  const info = e.info as Record<string, unknown> | null | undefined;
  const ok =
    typeof e.realpath === "string" &&
    (e.venv === null || typeof e.venv === "string") &&
    typeof e.mtimeMs === "number" &&
    typeof e.size === "number" &&
    typeof info === "object" &&
    info !== null &&
    info.schema === 1 &&
    typeof info.version === "string" &&
    Array.isArray(info.version_info) &&
    typeof info.executable === "string" &&
    typeof info.markers === "object" &&
    typeof info.paths === "object" &&
    typeof info.venv_paths === "object";
  return ok ? (e as unknown as Entry) : null;
}

export interface ResolvedInterpreter {
  /** The path as found (what `bin/python` should point at, unresolved). */
  readonly path: string;
  readonly realpath: string;
  readonly info: InterpreterInfo;
}

/** The venv an unresolved executable belongs to (pyvenv.cfg beside or one level above it). */
export function venvRootOf(executable: string): string | null {
  const bin = dirname(executable);
  for (const dir of [bin, dirname(bin)]) {
    try {
      if (statSync(join(dir, "pyvenv.cfg")).isFile()) return dir;
    } catch {
      // no pyvenv.cfg here
    }
  }
  return null;
}

export function isShim(realpath: string): boolean {
  return /[\\/]shims[\\/][^\\/]+$/.test(realpath);
}

export class InterpreterCache {
  /** null disables the on-disk cache (--no-cache); the in-memory one always works. */
  readonly dir: string | null;
  private readonly memory = new Map<string, Promise<ResolvedInterpreter>>();
  private readonly options: QueryOptions;

  constructor(cacheDir: string | null, options: QueryOptions = {}) {
    this.dir = cacheDir === null ? null : join(cacheDir, "interpreters", "v1");
    this.options = options;
  }

  /**
   * A venv's report without starting it: a venv whose interpreter is a link to a base binary
   * that has a valid cached report, and whose pyvenv.cfg names that base (`home` holds a python
   * resolving to the same binary, `version` is the base's), runs that binary with the venv as
   * prefix: its report is the base's with the venv's prefix and paths (what `install` sees right
   * after `env use` made a venv at a new path). Anything less certain (a copied binary, a
   * virtualenv-made cfg, another home) returns null and the interpreter is queried.
   */
  private derive(path: string, realpath: string, stat: { mtimeMs: number; size: number }, venv: string): ResolvedInterpreter | null {
    const baseFile = this.entryFile(realpath, null);
    const base = baseFile === null ? null : readEntry(baseFile);
    if (base === null || base.realpath !== realpath || base.venv !== null || base.mtimeMs !== stat.mtimeMs || base.size !== stat.size || base.info.is_venv) return null;
    const cfg = readCfg(venv);
    const home = cfg?.get("home");
    if (home === undefined || home === "" || cfg?.get("version") !== base.info.version) return null;
    const [major, minor] = base.info.version_info;
    const names = base.info.markers.os_name === "nt" ? ["python.exe"] : [`python${major}.${minor}`, "python3", "python"];
    if (!names.some((n) => sameBinary(join(home, n), realpath))) return null;
    return { path, realpath, info: venvInfo(base.info, venv, path) };
  }

  /** The report for an executable, from the cache when still valid, else by starting it once. */
  async resolve(path: string): Promise<ResolvedInterpreter> {
    let realpath: string;
    let stat: { mtimeMs: number; size: number };
    try {
      realpath = realpathSync(path);
      stat = statSync(realpath);
    } catch {
      throw new InterpreterQueryError(path, "it does not exist (a dangling link?)");
    }
    const venv = venvRootOf(path);
    // In memory too, an entry holds only while the binary is unchanged (a long-lived process may
    // see an environment recreated or a Python upgraded under it).
    const memoKey = `${path}\0${realpath}\0${venv ?? ""}\0${stat.mtimeMs}\0${stat.size}`;
    let pending = this.memory.get(memoKey);
    if (!pending) {
      pending = this.load(path, realpath, stat, venv);
      this.memory.set(memoKey, pending);
      pending.catch(() => this.memory.delete(memoKey));
    }
    return pending;
  }

  private entryFile(realpath: string, venv: string | null): string | null {
    if (this.dir === null || isShim(realpath)) return null;
    return join(this.dir, `${new Bun.CryptoHasher("sha256").update(`${realpath}\0${venv ?? ""}`).digest("hex").slice(0, 32)}.json`);
  }

  private async load(path: string, realpath: string, stat: { mtimeMs: number; size: number }, venv: string | null): Promise<ResolvedInterpreter> {
    const file = this.entryFile(realpath, venv);
    if (file) {
      const hit = readEntry(file);
      if (hit && hit.realpath === realpath && hit.venv === venv && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
        return { path, realpath, info: hit.info };
      }
      const derived = venv === null ? null : this.derive(path, realpath, stat, venv);
      if (derived !== null) return derived;
    }
    const info = await queryInterpreter(path, this.options);
    if (file) writeEntry(file, { realpath, venv, mtimeMs: stat.mtimeMs, size: stat.size, info });
    return { path, realpath, info };
  }
}

/** A venv's report derived from its base's: same interpreter, prefix and paths of the venv. */
export function venvInfo(base: InterpreterInfo, root: string, python: string): InterpreterInfo {
  const layout = venvLayout(base, root);
  return {
    ...base,
    executable: python,
    prefix: root,
    exec_prefix: root,
    is_venv: true,
    paths: { ...base.paths, purelib: layout.purelib, platlib: layout.platlib, scripts: layout.scripts, include: layout.include, data: layout.data },
  };
}

function readCfg(root: string): Map<string, string> | null {
  let text: string;
  try {
    text = readFileSync(join(root, "pyvenv.cfg"), "utf8");
  } catch {
    return null;
  }
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf("=");
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function sameBinary(candidate: string, realpath: string): boolean {
  try {
    return realpathSync(candidate) === realpath;
  } catch {
    return false;
  }
}

function readEntry(file: string): Entry | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return asEntry(JSON.parse(text));
  } catch {
    return null; // a torn or foreign file: treat as a miss and overwrite
  }
}

function writeEntry(file: string, entry: Entry): void {
  // Best effort: an unwritable cache costs speed, never correctness.
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, file);
  } catch {
    // ignore
  }
}
