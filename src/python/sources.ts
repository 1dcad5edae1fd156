/**
 * Where interpreters are looked for, in the documented discovery order (see discover.ts).
 * Each source lists candidate executables without starting them; the order inside a tool's
 * install directory is newest version first.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { tryParseVersion } from "../standards/version.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export type Source =
  | "explicit"
  | "python-version"
  | "active-venv"
  | "conda"
  | "project-venv"
  | "pyenv"
  | "asdf"
  | "mise"
  | "uv"
  | "homebrew"
  | "framework"
  | "path"
  | "py-launcher"
  | "registry";

export interface Candidate {
  readonly path: string;
  readonly source: Source;
}

export interface SourceContext {
  readonly env: Env;
  readonly platform: NodeJS.Platform;
  readonly projectDir: string | null;
}

const EXE = (platform: NodeJS.Platform) => (platform === "win32" ? ".exe" : "");

function home(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The executable of an install or environment root: bin/python or bin/python3 (Scripts\python.exe on Windows). */
export function executableIn(root: string, platform: NodeJS.Platform): string | null {
  const names = platform === "win32" ? [join("Scripts", "python.exe"), "python.exe"] : [join("bin", "python"), join("bin", "python3")];
  for (const name of names) {
    const path = join(root, name);
    if (isFile(path)) return path;
  }
  return null;
}

/** Version-named install directories, newest first; names that are not versions go last. */
export function sortInstallDirs(names: readonly string[], versionOf: (name: string) => string = (n) => n): string[] {
  const keyed = names.map((name) => ({ name, version: tryParseVersion(versionOf(name)) }));
  return keyed
    .sort((a, b) => {
      if (a.version && b.version) return b.version.compare(a.version) || a.name.localeCompare(b.name);
      if (a.version) return -1;
      if (b.version) return 1;
      return a.name.localeCompare(b.name);
    })
    .map((k) => k.name);
}

export function pyenvRoot(env: Env): string {
  return env.PYENV_ROOT || join(home(env), ".pyenv");
}

/** The names pyenv would pick globally: $PYENV_VERSION, else $PYENV_ROOT/version. */
function pyenvSelected(env: Env): string[] {
  if (env.PYENV_VERSION) return env.PYENV_VERSION.split(":").filter(Boolean);
  try {
    return readFileSync(join(pyenvRoot(env), "version"), "utf8")
      .split(/\s+/)
      .filter((l) => l && !l.startsWith("#") && l !== "system");
  } catch {
    return [];
  }
}

function installs(root: string, ctx: SourceContext, source: Source, preferred: readonly string[] = [], versionOf?: (n: string) => string): Candidate[] {
  const names = listDir(root);
  const ordered = [...preferred.filter((p) => names.includes(p)), ...sortInstallDirs(names, versionOf).filter((n) => !preferred.includes(n))];
  const out: Candidate[] = [];
  for (const name of ordered) {
    const exe = executableIn(join(root, name), ctx.platform);
    if (exe) out.push({ path: exe, source });
  }
  return out;
}

export function pyenvCandidates(ctx: SourceContext): Candidate[] {
  return installs(join(pyenvRoot(ctx.env), "versions"), ctx, "pyenv", pyenvSelected(ctx.env));
}

/** pyenv install directories matching a `.python-version` name: exact, else newest "name.*". */
export function pyenvVersionDirs(ctx: SourceContext, name: string): string[] {
  const root = join(pyenvRoot(ctx.env), "versions");
  const names = listDir(root);
  const hits = names.includes(name) ? [name] : sortInstallDirs(names.filter((n) => n.startsWith(`${name}.`)));
  return hits.map((n) => executableIn(join(root, n), ctx.platform)).filter((p): p is string => p !== null);
}

export function asdfCandidates(ctx: SourceContext): Candidate[] {
  const root = ctx.env.ASDF_DATA_DIR || join(home(ctx.env), ".asdf");
  return installs(join(root, "installs", "python"), ctx, "asdf");
}

export function miseCandidates(ctx: SourceContext): Candidate[] {
  const data = ctx.env.MISE_DATA_DIR || join(ctx.env.XDG_DATA_HOME || join(home(ctx.env), ".local", "share"), "mise");
  return installs(join(data, "installs", "python"), ctx, "mise");
}

/** uv-managed Pythons: `<dir>/cpython-3.12.1-linux-x86_64-gnu/bin/python3`. */
export function uvCandidates(ctx: SourceContext): Candidate[] {
  const dir =
    ctx.env.UV_PYTHON_INSTALL_DIR ||
    (ctx.platform === "win32"
      ? join(ctx.env.APPDATA || join(home(ctx.env), "AppData", "Roaming"), "uv", "python")
      : join(ctx.env.XDG_DATA_HOME || join(home(ctx.env), ".local", "share"), "uv", "python"));
  const versionOf = (name: string) => /^[a-z]+-(\d+\.\d+\.\d+[a-z0-9]*)/.exec(name)?.[1] ?? name;
  return installs(dir, ctx, "uv", [], versionOf);
}

/** Homebrew (Apple silicon and Intel prefixes) and python.org framework builds. */
export function macCandidates(ctx: SourceContext): Candidate[] {
  if (ctx.platform !== "darwin") return [];
  const out: Candidate[] = [];
  for (const prefix of ["/opt/homebrew/opt", "/usr/local/opt"]) {
    const formulae = listDir(prefix).filter((n) => /^python@3\.\d+$/.test(n));
    for (const f of sortInstallDirs(formulae, (n) => n.slice("python@".length))) {
      const minor = f.slice("python@".length);
      const exe = join(prefix, f, "bin", `python${minor}`);
      if (isFile(exe)) out.push({ path: exe, source: "homebrew" });
    }
  }
  const fw = "/Library/Frameworks/Python.framework/Versions";
  for (const v of sortInstallDirs(listDir(fw).filter((n) => /^\d+\.\d+$/.test(n)))) {
    const exe = join(fw, v, "bin", `python${v}`);
    if (isFile(exe)) out.push({ path: exe, source: "framework" });
  }
  return out;
}

/** Shim directories of version managers: their executables pick a Python by context, never cached or listed. */
export function shimDirs(ctx: SourceContext): string[] {
  const h = home(ctx.env);
  return [
    join(pyenvRoot(ctx.env), "shims"),
    join(ctx.env.ASDF_DATA_DIR || join(h, ".asdf"), "shims"),
    join(ctx.env.MISE_DATA_DIR || join(ctx.env.XDG_DATA_HOME || join(h, ".local", "share"), "mise"), "shims"),
  ].map((d) => resolve(d));
}

/** `python3.X` (newest first), `python3`, `python` in each PATH directory, in PATH order. */
export function pathCandidates(ctx: SourceContext): Candidate[] {
  const skip = new Set(shimDirs(ctx));
  const exe = EXE(ctx.platform);
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const raw of (ctx.env.PATH ?? "").split(ctx.platform === "win32" ? ";" : delimiter)) {
    if (!raw) continue;
    const dir = resolve(raw);
    if (skip.has(dir) || seen.has(dir)) continue;
    seen.add(dir);
    const names = listDir(dir);
    const versioned = names
      .map((n) => ({ n, m: new RegExp(`^python3\\.(\\d+)${exe.replace(".", "\\.")}$`).exec(n) }))
      .filter((x) => x.m !== null)
      .sort((a, b) => Number(b.m![1]) - Number(a.m![1]))
      .map((x) => x.n);
    for (const name of [...versioned, `python3${exe}`, `python${exe}`]) {
      if (!names.includes(name)) continue;
      const path = join(dir, name);
      if (isFile(path)) out.push({ path, source: "path" });
    }
  }
  return out;
}

/** VIRTUAL_ENV and CONDA_PREFIX interpreters. */
export function activeCandidates(ctx: SourceContext): Candidate[] {
  const out: Candidate[] = [];
  const venv = ctx.env.VIRTUAL_ENV;
  if (venv) {
    const exe = executableIn(venv, ctx.platform);
    if (exe) out.push({ path: exe, source: "active-venv" });
  }
  const conda = ctx.env.CONDA_PREFIX;
  if (conda) {
    const exe = executableIn(conda, ctx.platform);
    if (exe) out.push({ path: exe, source: "conda" });
  }
  return out;
}

export function projectVenvCandidates(ctx: SourceContext): Candidate[] {
  if (!ctx.projectDir) return [];
  const exe = executableIn(join(ctx.projectDir, ".venv"), ctx.platform);
  return exe ? [{ path: exe, source: "project-venv" }] : [];
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}
