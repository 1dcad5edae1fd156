/**
 * Native virtual environment creation: the same layout `python -m venv` makes for that Python
 * version (pyvenv.cfg keys and order, bin/python* links, lib/pythonX.Y/site-packages from the
 * interpreter's own venv scheme, include/, lib64 -> lib), activation scripts for every shell,
 * and pip seeded from the interpreter's bundled wheel. No Python is started.
 * Creation is atomic: everything is built in a hidden directory beside the target and renamed
 * into place; on any failure that directory is removed and the target is left as it was.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { VerseError } from "../errors.ts";
import { renderActivationScripts } from "./activation.ts";
import { VenvCreationError } from "./errors.ts";
import { type InterpreterInfo, VENV_BASE_PLACEHOLDER, minorVersion } from "./query.ts";
import { seedPip } from "./seed.ts";

export interface VenvLayout {
  readonly purelib: string;
  readonly platlib: string;
  readonly scripts: string;
  readonly include: string;
  readonly data: string;
}

/** Where things go in an environment rooted at `root`, per the interpreter's venv scheme. */
export function venvLayout(info: InterpreterInfo, root: string): VenvLayout {
  const sub = (key: string, fallback: string): string => {
    const raw = info.venv_paths[key];
    if (!raw || !raw.startsWith(VENV_BASE_PLACEHOLDER)) return join(root, fallback);
    return join(root, raw.slice(VENV_BASE_PLACEHOLDER.length));
  };
  const win = info.markers.os_name === "nt";
  const lib = win ? join("Lib", "site-packages") : join("lib", `python${minorVersion(info)}`, "site-packages");
  return {
    purelib: sub("purelib", lib),
    platlib: sub("platlib", lib),
    scripts: sub("scripts", win ? "Scripts" : "bin"),
    // Before 3.11 venv makes a bare include/ whatever the scheme says.
    include: info.venv_scheme === "venv" ? sub("include", "include") : join(root, win ? "Include" : "include"),
    data: root,
  };
}

export interface CreateVenvOptions {
  /** The base interpreter's path as found (bin/python links to it) and its report. */
  readonly basePython: string;
  readonly info: InterpreterInfo;
  /** Absolute path of the environment to create. */
  readonly target: string;
  /** Shown in the shell prompt; null writes no prompt key (the directory name is used). */
  readonly prompt: string | null;
  readonly alwaysCopy: boolean;
  readonly withPip: boolean;
  readonly systemSitePackages: boolean;
  readonly cacheDir: string | null;
  /** Replace an existing environment at target (atomically) instead of failing. */
  readonly replace: boolean;
  readonly platform?: NodeJS.Platform;
}

export interface CreatedVenv {
  readonly root: string;
  readonly python: string;
  readonly layout: VenvLayout;
  /** pip's version when seeded, else null. */
  readonly pip: string | null;
  /** Things the user should know (e.g. "this Python has no bundled pip"). */
  readonly notes: readonly string[];
}

/** Python's repr() of a str, as venv writes the prompt into pyvenv.cfg. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return quote + out + quote;
}

/** pyvenv.cfg as `python -m venv` writes it for this version (executable/command since 3.11). */
export function pyvenvCfg(options: Pick<CreateVenvOptions, "basePython" | "info" | "target" | "prompt" | "alwaysCopy" | "withPip" | "systemSitePackages">, baseRealpath: string): string {
  const [major, minor, micro] = options.info.version_info;
  const lines = [
    `home = ${dirname(options.basePython)}`,
    `include-system-site-packages = ${options.systemSitePackages ? "true" : "false"}`,
    `version = ${major}.${minor}.${micro}`,
  ];
  if (options.prompt !== null) lines.push(`prompt = ${pyStrRepr(options.prompt)}`);
  if (major > 3 || (major === 3 && minor >= 11)) {
    lines.push(`executable = ${baseRealpath}`);
    const args = [options.basePython, "-m", "venv"];
    if (options.systemSitePackages) args.push("--system-site-packages");
    if (options.alwaysCopy) args.push("--copies");
    if (!options.withPip) args.push("--without-pip");
    if (options.prompt !== null) args.push(`--prompt="${options.prompt}"`);
    args.push(options.target);
    lines.push(`command = ${args.join(" ")}`);
  }
  return lines.join("\n") + "\n";
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "EACCES" || err?.code === "EPERM") return "permission denied";
  if (err?.code === "ENOTDIR") return "a part of the path is a file, not a directory";
  if (err?.code === "EROFS") return "the file system is read-only";
  if (err?.code === "ENOSPC") return "no space left on the device";
  return err?.message ?? String(e);
}

export function createVenv(options: CreateVenvOptions): CreatedVenv {
  const platform = options.platform ?? process.platform;
  const target = resolve(options.target);
  const parent = dirname(target);
  if (!options.replace && existsSync(target)) {
    throw new VenvCreationError(`Cannot create a virtual environment at ${target}: something already exists there.`);
  }
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new VenvCreationError(`Cannot create the virtual environment directory ${parent}: ${describe(e)}.`, {
      hint: "Choose a writable location with `verse config virtualenvs.path <dir>` (or POETRY_VIRTUALENVS_PATH).",
    });
  }
  const tmp = join(parent, `.${basename(target)}.verse-tmp-${crypto.randomUUID().slice(0, 8)}`);
  try {
    mkdirSync(tmp);
  } catch (e) {
    throw new VenvCreationError(`Cannot create the virtual environment in ${parent}: ${describe(e)}.`, {
      hint: "Choose a writable location with `verse config virtualenvs.path <dir>` (or POETRY_VIRTUALENVS_PATH).",
    });
  }
  const notes: string[] = [];
  try {
    const info = options.info;
    const built = venvLayout(info, tmp);
    const final = venvLayout(info, target);
    for (const dir of new Set([built.scripts, built.include, built.purelib, built.platlib])) mkdirSync(dir, { recursive: true });
    if (platform !== "win32" && info.markers.os_name === "posix" && info.max_size_64 && info.markers.sys_platform !== "darwin") {
      if (!existsSync(join(tmp, "lib64"))) symlinkSync("lib", join(tmp, "lib64"));
    }
    let baseReal: string;
    try {
      baseReal = realpathSync(options.basePython);
    } catch {
      throw new VenvCreationError(`The interpreter ${options.basePython} no longer exists.`, { hint: "Run `verse python list` to see the interpreters verse finds now." });
    }
    const exe = info.exe_suffix;
    const names = platform === "win32" ? [`python${exe}`] : ["python", `python${info.version_info[0]}`, `python${minorVersion(info)}`];
    names.forEach((name, i) => {
      const path = join(built.scripts, name);
      if (options.alwaysCopy || platform === "win32") {
        copyFileSync(baseReal, path);
        chmodSync(path, 0o755);
      } else {
        symlinkSync(i === 0 ? options.basePython : names[0]!, path);
      }
    });
    writeFileSync(join(tmp, "pyvenv.cfg"), pyvenvCfg(options, baseReal));
    writeFileSync(join(tmp, ".gitignore"), "# This virtual environment was made by verse; keep it out of version control.\n*\n");
    const prompt = options.prompt ?? basename(target);
    for (const script of renderActivationScripts({ venvDir: target, prompt, platform })) {
      writeFileSync(join(built.scripts, script.name), script.text);
    }
    let pip: string | null = null;
    if (options.withPip) {
      if (info.ensurepip_wheel) {
        pip = seedPip({
          wheel: info.ensurepip_wheel,
          sitePackages: built.purelib,
          binDir: built.scripts,
          finalPython: join(final.scripts, names[0]!),
          minor: minorVersion(info),
          cacheDir: options.cacheDir,
          platform,
        });
      } else {
        notes.push(`Python ${info.version} at ${options.basePython} has no bundled pip wheel (ensurepip), so the environment was created without pip.`);
      }
    }
    moveIntoPlace(tmp, target, options.replace);
    return { root: target, python: join(final.scripts, names[0]!), layout: final, pip, notes };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof VerseError) throw e;
    throw new VenvCreationError(`Cannot create the virtual environment at ${target}: ${describe(e)}. Nothing was left behind.`);
  }
}

/** Renames the finished directory into place; an old environment is moved aside first and removed after. */
function moveIntoPlace(tmp: string, target: string, replace: boolean): void {
  let aside: string | null = null;
  if (replace && existsOrLink(target)) {
    aside = join(dirname(target), `.${basename(target)}.verse-old-${crypto.randomUUID().slice(0, 8)}`);
    renameSync(target, aside);
  }
  try {
    renameSync(tmp, target);
  } catch (e) {
    if (aside) renameSync(aside, target);
    throw e;
  }
  if (aside) rmSync(aside, { recursive: true, force: true });
}

function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
