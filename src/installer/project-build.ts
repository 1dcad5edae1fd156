/**
 * `verse build` of a project verse does not package natively (a setuptools, hatchling or flit
 * backend, or a poetry-core project with a build script): the PEP 517 hooks `build_sdist` /
 * `build_wheel` of the project's own backend, run in a fresh isolated environment holding
 * `build-system.requires` plus what `get_requires_for_build_*` adds — the same machinery the
 * installer builds sdists with (build-env.ts + pep517.ts). Both artifacts are built from the
 * source tree (as `python -m build --sdist --wheel` does), one environment shared by the two.
 *
 * The interpreter is the base of the project's environment when there is one, else the first
 * interpreter discovery finds for the project's Python constraint; no environment is created.
 */
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CacheLayout } from "../cache/index.ts";
import { currentEnvironment, envContextFor, findInterpreter } from "../python/index.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { type BuildInterpreter, createBuildEnvironment, dropBuildEnvironment, installRequirements, requirementResolver } from "./build-env.ts";
import { BuildError } from "./errors.ts";
import { buildSdistHook, buildWheelHook, type ConfigSettings, extraRequires, type HookContext, readBuildSystem } from "./pep517.ts";
import { openSession } from "./session.ts";

export type BackendTarget = "sdist" | "wheel";

export interface BackendBuildInput {
  readonly cwd: string;
  /** The -P path, or null. */
  readonly project: string | null;
  readonly noCache: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project's root (the source tree the hooks run in). */
  readonly sourceDir: string;
  /** "name (version)" for messages. */
  readonly label: string;
  /** In order; each becomes one artifact in `outputDir`. */
  readonly targets: readonly BackendTarget[];
  readonly outputDir: string;
  readonly configSettings: ConfigSettings | null;
  readonly onStart?: (target: BackendTarget) => void;
  /** -v lines: the environment, the build log as it comes. */
  readonly detail: (text: string) => void;
  readonly warn: (text: string) => void;
}

export interface BackendArtifact {
  readonly format: BackendTarget;
  readonly filename: string;
  readonly path: string;
}

/** The base interpreter to build with: the project environment's, else discovery's. */
async function buildInterpreter(input: BackendBuildInput): Promise<BuildInterpreter> {
  const ctx = envContextFor({ cwd: input.cwd, project: input.project, noCache: input.noCache, env: input.env as NodeJS.ProcessEnv, warn: input.warn });
  const current = await currentEnvironment(ctx);
  if (current !== null) return { python: current.base.path, info: current.base.info };
  const text = ctx.project.python;
  const found = await findInterpreter({
    env: ctx.env,
    cwd: ctx.cwd,
    projectDir: ctx.project.root,
    constraint: text ? { constraint: parseConstraint(text), text } : null,
    cache: ctx.cache,
    baseOnly: true,
  });
  return { python: found.interpreter.path, info: found.interpreter.info };
}

/** Move a built file into the output directory without ever leaving half a file there. */
function deliver(built: string, outputDir: string, filename: string): string {
  const path = join(outputDir, filename);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    copyFileSync(built, tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new BuildError(`could not write ${path}: ${(e as Error).message}`, { cause: e });
  }
  return path;
}

/** A hook failure, with advice for building one's own project (the installer's is about dependencies). */
async function ownHint<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    throw new BuildError(e.message, {
      hint: "The project's build backend failed; its output above says why. `-c key=value` passes config settings to the backend, and -v shows the build log as it runs.",
      cause: e,
    });
  }
}

export async function buildWithBackend(input: BackendBuildInput): Promise<BackendArtifact[]> {
  const session = openSession({ cwd: input.cwd, project: input.project, noCache: input.noCache, env: input.env, report: () => undefined, warn: input.warn });
  const system = readBuildSystem(input.sourceDir, input.label);
  const interp = await buildInterpreter(input);
  input.detail(`Building ${input.label} with ${system.backend} on Python ${interp.info.markers.python_full_version} (${interp.python})`);
  const layout = new CacheLayout(session.cacheRoot);
  layout.ensure();
  const scratch = mkdtempSync(join(layout.tmpDir(), "project-build-"));
  const envDir = join(scratch, "build-env");
  try {
    const resolver = requirementResolver(session.client, interp);
    const benv = createBuildEnvironment(interp, envDir);
    const first = await resolver.resolve(system.requires, input.label);
    await installRequirements(benv, first, session.client);
    input.detail(`Build environment: ${first.map((w) => `${w.name} ${w.version}`).join(", ") || "(empty)"}`);
    const ctx: HookContext = {
      python: benv.python,
      sourceDir: input.sourceDir,
      system,
      configSettings: input.configSettings,
      env: benv.env,
      label: input.label,
      log: [],
      workDir: scratch,
      onLine: (l) => input.detail(`    | ${l}`),
    };
    const out: BackendArtifact[] = [];
    for (const target of input.targets) {
      input.onStart?.(target);
      const more = await ownHint(extraRequires(ctx, target));
      if (more.length > 0) {
        const all = await resolver.resolve([...system.requires, ...more], input.label);
        await installRequirements(benv, all, session.client);
      }
      const dir = join(scratch, `${target}-out`);
      mkdirSync(dir, { recursive: true });
      const filename = await ownHint(target === "sdist" ? buildSdistHook(ctx, dir) : buildWheelHook(ctx, dir, false));
      mkdirSync(input.outputDir, { recursive: true });
      out.push({ format: target, filename, path: deliver(join(dir, filename), input.outputDir, filename) });
    }
    return out;
  } finally {
    dropBuildEnvironment(envDir);
    rmSync(scratch, { recursive: true, force: true });
  }
}
