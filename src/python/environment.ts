/**
 * Environment management, as Poetry does it: which environment a project uses, creating and
 * recreating it, `env use`, `env remove`, `env list`. Which environment, in order:
 *   1. `<project>/.venv` when virtualenvs.in-project is true, or unset and `.venv` exists;
 *   2. `<virtualenvs.path>/<name>-<hash>-py<X.Y>` for the Python chosen with `env use`
 *      (envs.toml);
 *   3. the active virtual environment (VIRTUAL_ENV), when there is one;
 *   4. `<virtualenvs.path>/<name>-<hash>-py<X.Y>` for the interpreter discovery picks.
 * With virtualenvs.create = false, the active environment or the discovered interpreter's own
 * environment is used as is.
 */
import { rmSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseConstraint } from "../standards/constraint.ts";
import { tryParseVersion } from "../standards/version.ts";
import { type DiscoveryOptions, findInterpreter } from "./discover.ts";
import { EnvironmentNotFound, NoSuitableInterpreter, VenvCreationError } from "./errors.ts";
import { type EnvsTomlEntry, envBaseName, inspectVenv, projectVenvNames, readEnvsToml, readPyvenvCfg, venvName, writeEnvsToml } from "./envs.ts";
import { type InterpreterCache, type ResolvedInterpreter, isShim, venvInfo, venvRootOf } from "./interpreter-cache.ts";
import { type InterpreterInfo, minorVersion } from "./query.ts";
import { type PythonRequest, parsePythonRequest, requestAccepts } from "./request.ts";
import { type ProjectFacts, type VenvSettings, renderPrompt } from "./settings.ts";
import type { Env } from "./sources.ts";
import { type VenvLayout, createVenv, venvLayout } from "./venv.ts";

export interface EnvContext {
  readonly project: ProjectFacts;
  readonly settings: VenvSettings;
  readonly env: Env;
  readonly cwd: string;
  readonly cache: InterpreterCache;
  /** verse's cache directory (pip seed unpacking), or null with --no-cache. */
  readonly cacheDir: string | null;
  readonly platform?: NodeJS.Platform;
  /** Progress lines for the user ("Creating virtualenv ..."). */
  readonly report?: (line: string) => void;
  /** Something the user must know (a broken environment being recreated). */
  readonly warn?: (line: string) => void;
}

export interface ProjectEnvironment {
  readonly kind: "venv" | "system";
  /** sys.prefix of the environment. */
  readonly root: string;
  readonly python: string;
  /** The base interpreter the environment was made from (itself for "system"). */
  readonly base: ResolvedInterpreter;
  /** The environment's report, derived from the base without starting it for a venv. */
  readonly info: InterpreterInfo;
  readonly layout: VenvLayout;
  /** True when this call created (or recreated) it. */
  readonly created: boolean;
}

function platformOf(ctx: EnvContext): NodeJS.Platform {
  return ctx.platform ?? process.platform;
}

export function baseName(ctx: EnvContext): string {
  return envBaseName(ctx.project.name, ctx.project.root);
}

function constraintOf(ctx: EnvContext): DiscoveryOptions["constraint"] {
  const text = ctx.project.python;
  return text ? { constraint: parseConstraint(text), text } : null;
}

function discoveryOptions(ctx: EnvContext, request: PythonRequest | null | undefined, baseOnly: boolean): DiscoveryOptions {
  return { env: ctx.env, platform: platformOf(ctx), cwd: ctx.cwd, projectDir: ctx.project.root, request, constraint: constraintOf(ctx), cache: ctx.cache, baseOnly };
}

/** The interpreter a venv interpreter was made from (itself when it is not a venv). */
export async function baseInterpreter(interp: ResolvedInterpreter, cache: InterpreterCache, platform: NodeJS.Platform = process.platform): Promise<ResolvedInterpreter> {
  // A shim (pyenv, asdf, mise) picks a Python by context: link the environment to the real
  // binary it ran, never to the shim.
  if (isShim(interp.realpath) && interp.info.executable !== interp.path) return baseInterpreter(await cache.resolve(interp.info.executable), cache, platform);
  if (!interp.info.is_venv) return interp;
  const root = venvRootOf(interp.path);
  const home = root ? readPyvenvCfg(root)?.home : undefined;
  const names = platform === "win32" ? ["python.exe"] : [`python${minorVersion(interp.info)}`, "python3", "python"];
  const candidates = [...(home ? names.map((n) => join(home, n)) : []), ...(interp.info.base_executable && interp.info.base_executable !== interp.info.executable ? [interp.info.base_executable] : [])];
  for (const path of candidates) {
    try {
      const base = await cache.resolve(path);
      if (!base.info.is_venv) return base;
    } catch {
      // try the next name
    }
  }
  throw new NoSuitableInterpreter(`The virtual environment ${root ?? interp.path} has no usable base interpreter to build a new environment from.`);
}

/** A venv's report derived from its base's: same interpreter, prefix and paths of the venv. */
export { venvInfo };

function fromVenv(root: string, interp: ResolvedInterpreter, base: ResolvedInterpreter, created: boolean): ProjectEnvironment {
  return { kind: "venv", root, python: interp.path, base, info: venvInfo(base.info, root, interp.path), layout: venvLayout(base.info, root), created };
}

function satisfies(ctx: EnvContext, info: InterpreterInfo): boolean {
  const c = constraintOf(ctx);
  const v = tryParseVersion(info.version);
  return !c || (v !== null && c.constraint.allows(v));
}

/** Where the project's environment is or would be, without creating anything. */
export async function locateEnvironment(ctx: EnvContext): Promise<{ root: string; source: "in-project" | "env-use" | "active" | "discovered" } | null> {
  const s = ctx.settings;
  const inProject = join(ctx.project.root, ".venv");
  if (s.inProject === true || (s.inProject === null && readPyvenvCfg(inProject) !== null)) return { root: inProject, source: "in-project" };
  const base = baseName(ctx);
  const chosen = readEnvsToml(s.path)[base];
  if (chosen) return { root: join(s.path, venvName(base, chosen.minor)), source: "env-use" };
  const active = ctx.env.VIRTUAL_ENV;
  if (active && ctx.env.CONDA_DEFAULT_ENV !== "base") return { root: active, source: "active" };
  try {
    const found = await findInterpreter(discoveryOptions(ctx, undefined, true));
    return { root: join(s.path, venvName(base, minorVersion(found.interpreter.info))), source: "discovered" };
  } catch (e) {
    if (e instanceof NoSuitableInterpreter) return null;
    throw e;
  }
}

/** The project's existing, healthy environment, or null. Never creates or starts a missing interpreter. */
export async function currentEnvironment(ctx: EnvContext): Promise<ProjectEnvironment | null> {
  const where = await locateEnvironment(ctx);
  if (!where) return null;
  const status = await inspectVenv(where.root, ctx.cache, platformOf(ctx));
  if (status.kind === "broken") ctx.warn?.(`The virtual environment at ${where.root} is broken: ${status.reason}. \`verse install\` or \`verse env use\` will recreate it.`);
  if (status.kind !== "ok") return null;
  const base = await baseInterpreter(status.interpreter, ctx.cache, platformOf(ctx)).catch(() => status.interpreter);
  return fromVenv(where.root, status.interpreter, base, false);
}

async function build(ctx: EnvContext, target: string, base: ResolvedInterpreter, replace: boolean): Promise<ProjectEnvironment> {
  const s = ctx.settings;
  const minor = minorVersion(base.info);
  const inProject = basename(target) === ".venv";
  ctx.report?.(inProject ? `Creating virtualenv ${basename(ctx.project.root)} in ${ctx.project.root}` : `Creating virtualenv ${basename(target)} in ${dirname(target)}`);
  const made = createVenv({
    basePython: base.path,
    info: base.info,
    target,
    prompt: renderPrompt(s.prompt, ctx.project.name, minor),
    alwaysCopy: s.alwaysCopy,
    withPip: !s.noPip,
    systemSitePackages: s.systemSitePackages,
    cacheDir: ctx.cacheDir,
    replace,
    platform: platformOf(ctx),
  });
  for (const note of made.notes) ctx.warn?.(note);
  const python = { path: made.python, realpath: base.realpath, info: venvInfo(base.info, target, made.python) };
  return fromVenv(target, python, base, true);
}

/**
 * The environment `install` uses, created (or recreated) as needed: called before anything else
 * so that an environment whose Python vanished or changed minor version is noticed, reported
 * plainly and rebuilt, not run.
 */
export async function ensureEnvironment(ctx: EnvContext, request?: PythonRequest | null): Promise<ProjectEnvironment> {
  // `--python` and VERSE_PYTHON are explicit requests, like `env use`.
  if (request === undefined && ctx.env.VERSE_PYTHON) request = parsePythonRequest(ctx.env.VERSE_PYTHON);
  const platform = platformOf(ctx);
  const s = ctx.settings;
  if (!s.create) return systemEnvironment(ctx, request);
  const base = baseName(ctx);
  const envs = readEnvsToml(s.path);
  const inProjectRoot = join(ctx.project.root, ".venv");
  const useInProject = s.inProject === true || (s.inProject === null && readPyvenvCfg(inProjectRoot) !== null);
  let target: string | null = useInProject ? inProjectRoot : envs[base] ? join(s.path, venvName(base, envs[base].minor)) : null;
  if (!useInProject && !envs[base] && !request && ctx.env.VIRTUAL_ENV && ctx.env.CONDA_DEFAULT_ENV !== "base") target = ctx.env.VIRTUAL_ENV;
  let pinned: PythonRequest | null = request ?? (envs[base] && !useInProject ? parsePythonRequest(envs[base].minor) : null);
  if (target) {
    const status = await inspectVenv(target, ctx.cache, platform);
    if (status.kind === "ok") {
      if (satisfies(ctx, status.interpreter.info) && (!request || (await matches(ctx, request, status.interpreter)))) {
        const baseInterp = await baseInterpreter(status.interpreter, ctx.cache, platform).catch(() => status.interpreter);
        return fromVenv(target, status.interpreter, baseInterp, false);
      }
      if (target === ctx.env.VIRTUAL_ENV) {
        throw new NoSuitableInterpreter(`The active virtual environment ${target} runs Python ${status.interpreter.info.version}, which does not satisfy the project's Python constraint ${ctx.project.python}.`, {
          hint: "Deactivate it, or activate an environment with a matching Python.",
        });
      }
      ctx.warn?.(`The virtual environment at ${target} uses Python ${status.interpreter.info.version}, which does not satisfy the project's Python constraint ${ctx.project.python}; recreating it.`);
    } else if (status.kind === "broken") {
      ctx.warn?.(`The virtual environment at ${target} is broken: ${status.reason}. Recreating it.`);
    } else if (status.kind === "not-a-venv") {
      throw new VenvCreationError(`${target} exists but is not a virtual environment (it has no pyvenv.cfg).`, { hint: "Move or delete it, then run the command again." });
    }
  }
  let found;
  try {
    found = await findInterpreter(discoveryOptions(ctx, pinned, true));
  } catch (e) {
    if (!(e instanceof NoSuitableInterpreter) || request || !pinned) throw e;
    ctx.warn?.(`Python ${pinned.text}, chosen earlier with \`env use\`, is no longer available; choosing another Python.`);
    pinned = null;
    found = await findInterpreter(discoveryOptions(ctx, null, true));
  }
  const baseInterp = await baseInterpreter(found.interpreter, ctx.cache, platform);
  const minor = minorVersion(baseInterp.info);
  if (!useInProject) {
    const wanted = join(s.path, venvName(base, minor));
    if (target !== wanted) {
      const status = target === null ? await inspectVenv(wanted, ctx.cache, platform) : null;
      if (status?.kind === "ok") return fromVenv(wanted, status.interpreter, baseInterp, false);
      if (status?.kind === "broken") ctx.warn?.(`The virtual environment at ${wanted} is broken: ${status.reason}. Recreating it.`);
      target = wanted;
    }
    if (envs[base] && envs[base].minor !== minor) writeEnvs(s.path, base, baseInterp.info);
  }
  return build(ctx, target!, baseInterp, true);
}

async function matches(ctx: EnvContext, request: PythonRequest, interp: ResolvedInterpreter): Promise<boolean> {
  if (request.kind === "path") {
    const wanted = await ctx.cache.resolve(request.path).catch(() => null);
    return wanted !== null && minorVersion(wanted.info) === minorVersion(interp.info);
  }
  return requestAccepts(request, interp.info);
}

async function systemEnvironment(ctx: EnvContext, request?: PythonRequest | null): Promise<ProjectEnvironment> {
  const platform = platformOf(ctx);
  const active = ctx.env.VIRTUAL_ENV;
  if (active && !request) {
    const status = await inspectVenv(active, ctx.cache, platform);
    if (status.kind === "ok") return fromVenv(active, status.interpreter, await baseInterpreter(status.interpreter, ctx.cache, platform), false);
    if (status.kind === "broken") throw new NoSuitableInterpreter(`The active virtual environment ${active} is broken: ${status.reason}.`, { hint: "Recreate it, or deactivate it." });
  }
  const found = await findInterpreter(discoveryOptions(ctx, request, false));
  const interp = found.interpreter;
  const layout: VenvLayout = {
    purelib: interp.info.paths.purelib ?? "",
    platlib: interp.info.paths.platlib ?? "",
    scripts: interp.info.paths.scripts ?? "",
    include: interp.info.paths.include ?? "",
    data: interp.info.paths.data ?? interp.info.prefix,
  };
  return { kind: interp.info.is_venv ? "venv" : "system", root: interp.info.prefix, python: interp.path, base: interp, info: interp.info, layout, created: false };
}

function writeEnvs(path: string, base: string, info: InterpreterInfo): void {
  const all = readEnvsToml(path);
  const entry: EnvsTomlEntry = { minor: minorVersion(info), patch: info.version };
  writeEnvsToml(path, { ...all, [base]: entry });
}

/** `verse env use <python>`: picks the interpreter, creates its environment if needed, remembers the choice. */
export async function useEnvironment(ctx: EnvContext, requestText: string): Promise<ProjectEnvironment | null> {
  const base = baseName(ctx);
  if (requestText.trim() === "system") {
    const all = readEnvsToml(ctx.settings.path);
    if (all[base]) {
      delete all[base];
      writeEnvsToml(ctx.settings.path, all);
    }
    return null;
  }
  const request = parsePythonRequest(requestText);
  const found = await findInterpreter(discoveryOptions(ctx, request, true));
  const baseInterp = await baseInterpreter(found.interpreter, ctx.cache, platformOf(ctx));
  const s = ctx.settings;
  const inProjectRoot = join(ctx.project.root, ".venv");
  const useInProject = s.inProject === true || (s.inProject === null && readPyvenvCfg(inProjectRoot) !== null);
  const target = useInProject ? inProjectRoot : join(s.path, venvName(base, minorVersion(baseInterp.info)));
  const status = await inspectVenv(target, ctx.cache, platformOf(ctx));
  let result: ProjectEnvironment;
  if (status.kind === "ok" && status.interpreter.info.version === baseInterp.info.version) {
    result = fromVenv(target, status.interpreter, baseInterp, false);
  } else {
    if (status.kind === "broken") ctx.warn?.(`The virtual environment at ${target} is broken: ${status.reason}. Recreating it.`);
    if (status.kind === "not-a-venv") throw new VenvCreationError(`${target} exists but is not a virtual environment (it has no pyvenv.cfg).`, { hint: "Move or delete it, then run the command again." });
    result = await build(ctx, target, baseInterp, status.kind !== "missing");
  }
  if (!useInProject) writeEnvs(s.path, base, baseInterp.info);
  return result;
}

export interface ListedEnvironment {
  readonly name: string;
  readonly path: string;
  readonly active: boolean;
}

/** `verse env list`: the project's environments, the one in use marked. */
export async function listEnvironments(ctx: EnvContext): Promise<ListedEnvironment[]> {
  const current = await locateEnvironment(ctx).catch(() => null);
  const inProject = join(ctx.project.root, ".venv");
  if (ctx.settings.inProject !== false && readPyvenvCfg(inProject) !== null) {
    return [{ name: ".venv", path: inProject, active: current?.root === inProject }];
  }
  return projectVenvNames(ctx.settings.path, baseName(ctx)).map((name) => {
    const path = join(ctx.settings.path, name);
    return { name, path, active: current?.root === path };
  });
}

function removeDir(path: string): void {
  const aside = join(dirname(path), `.${basename(path)}.verse-old-${crypto.randomUUID().slice(0, 8)}`);
  renameSync(path, aside); // atomic: the environment is gone at once, even if deleting is slow
  rmSync(aside, { recursive: true, force: true });
}

/** `verse env remove`: by environment name, Python version or path, or every one with `all`. Returns the removed paths. */
export async function removeEnvironments(ctx: EnvContext, names: readonly string[], all: boolean): Promise<string[]> {
  const base = baseName(ctx);
  const s = ctx.settings;
  const existing = projectVenvNames(s.path, base);
  const targets: string[] = [];
  if (all) {
    targets.push(...existing.map((n) => join(s.path, n)));
    const inProject = join(ctx.project.root, ".venv");
    if (readPyvenvCfg(inProject) !== null) targets.push(inProject);
  }
  for (const raw of names) {
    let name: string;
    if (existing.includes(raw)) name = raw;
    else if (raw.startsWith(`${base}-py`) || (/-py\d+\.\d+$/.test(raw) && !raw.includes("/"))) {
      throw new EnvironmentNotFound(`Environment "${raw}" does not exist.`, { hint: "Run `verse env list` to see this project's environments." });
    } else {
      const request = parsePythonRequest(raw);
      let minor: string;
      if (request.kind === "version" && request.parts.length >= 2) minor = `${request.parts[0]}.${request.parts[1]}`;
      else minor = minorVersion((await findInterpreter(discoveryOptions(ctx, request, true))).interpreter.info);
      name = venvName(base, minor);
      if (!existing.includes(name)) throw new EnvironmentNotFound(`Environment "${name}" does not exist.`, { hint: "Run `verse env list` to see this project's environments." });
    }
    targets.push(join(s.path, name));
  }
  const removed: string[] = [];
  const envs = readEnvsToml(s.path);
  for (const path of [...new Set(targets)]) {
    removeDir(path);
    removed.push(path);
    if (envs[base] && path === join(s.path, venvName(base, envs[base].minor))) {
      delete envs[base];
      writeEnvsToml(s.path, envs);
    }
  }
  return removed;
}

