/**
 * PEP 517 / PEP 660 hooks, called through the embedded hook runner (embed/installer/hook_runner.py,
 * run as `python -I -B -c <text>` in the build environment's interpreter, current directory at
 * the source tree). The request goes in on stdin and the answer comes back in a file, so the
 * backend's own stdout and stderr stay a clean build log: kept (last lines) for the error
 * message, shown live at -vv.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readEmbeddedText } from "../embedded.ts";
import { parseToml } from "../project/core.ts";
import { BuildError } from "./errors.ts";

/** `[build-system]` of a source tree (PEP 518), with PEP 517's fallback when it is absent. */
export interface BuildSystem {
  readonly requires: readonly string[];
  readonly backend: string;
  readonly backendPath: readonly string[];
}

/** The setuptools legacy backend PEP 517 prescribes for a tree without `build-backend`. */
export const LEGACY_BACKEND = "setuptools.build_meta:__legacy__";

export function readBuildSystem(sourceDir: string, label: string): BuildSystem {
  const file = join(sourceDir, "pyproject.toml");
  if (!existsSync(file)) {
    if (!existsSync(join(sourceDir, "setup.py")) && !existsSync(join(sourceDir, "setup.cfg"))) {
      throw new BuildError(`Cannot build ${label}: ${sourceDir} has neither pyproject.toml nor setup.py.`, {
        hint: "A buildable Python project needs a pyproject.toml with a [build-system] table (or a setup.py).",
      });
    }
    return { requires: ["setuptools>=40.8.0"], backend: LEGACY_BACKEND, backendPath: [] };
  }
  const table = parseToml(readFileSync(file, "utf8"), file);
  const bs = table["build-system"];
  if (bs === undefined) return { requires: ["setuptools>=40.8.0"], backend: LEGACY_BACKEND, backendPath: [] };
  if (bs === null || typeof bs !== "object" || Array.isArray(bs)) throw new BuildError(`Cannot build ${label}: [build-system] in ${file} is not a table.`);
  const rec = bs as Record<string, unknown>;
  const strings = (key: string): string[] | null => {
    const v = rec[key];
    if (v === undefined) return null;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
      throw new BuildError(`Cannot build ${label}: build-system.${key} in ${file} must be a list of strings.`);
    }
    return v as string[];
  };
  const requires = strings("requires");
  const backend = rec["build-backend"];
  if (backend !== undefined && typeof backend !== "string") throw new BuildError(`Cannot build ${label}: build-system.build-backend in ${file} must be a string.`);
  if (requires === null) {
    // PEP 518: a [build-system] table without `requires` is an error
    throw new BuildError(`Cannot build ${label}: [build-system] in ${file} has no \`requires\` list.`, { hint: 'Add e.g. requires = ["setuptools"] to [build-system].' });
  }
  return { requires, backend: backend ?? LEGACY_BACKEND, backendPath: strings("backend-path") ?? [] };
}

/** Is this the backend whose editable installs verse does itself (a `.pth`, as Poetry)? */
export function isPoetryBackend(system: BuildSystem): boolean {
  return system.backend === "poetry.core.masonry.api" || system.backend === "poetry.masonry.api";
}

export type HookName =
  | "get_requires_for_build_wheel"
  | "prepare_metadata_for_build_wheel"
  | "build_wheel"
  | "get_requires_for_build_editable"
  | "build_editable"
  | "get_requires_for_build_sdist"
  | "build_sdist";

/** PEP 517 config_settings: string values or lists of strings. */
export type ConfigSettings = Readonly<Record<string, string | readonly string[]>>;

/** Everything a hook call needs besides its arguments. */
export interface HookContext {
  /** The build environment's interpreter. */
  readonly python: string;
  readonly sourceDir: string;
  readonly system: BuildSystem;
  readonly configSettings: ConfigSettings | null;
  /** Environment variables for the backend (PATH with the build environment's scripts first). */
  readonly env: Readonly<Record<string, string>>;
  /** "name (version)" for messages. */
  readonly label: string;
  /** A scratch directory of this build (hook answers go there, never into the source tree). */
  readonly workDir: string;
  /** The build log so far (all hooks of one build); appended to. */
  readonly log: string[];
  /** Told each output line as it comes (-vv). */
  readonly onLine?: (line: string) => void;
}

/** How many lines of the build log a failure shows. */
export const LOG_TAIL = 50;

interface HookAnswer {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly kind?: "missing-hook" | "backend-unavailable" | "hook-failed";
  readonly message?: string;
  readonly traceback?: string;
}

/** A hook the backend does not provide (optional hooks have defaults; the caller decides). */
export class MissingHookError extends BuildError {}

let runnerText: string | null = null;

function tail(log: readonly string[]): string {
  const lines = log.slice(-LOG_TAIL);
  return lines.map((l) => `  ${l}`).join("\n");
}

function failure(ctx: HookContext, hook: HookName, what: string, detail: string | undefined): BuildError {
  const out = ctx.log.length > 0 ? `\n\nBuild output (last ${Math.min(LOG_TAIL, ctx.log.length)} lines):\n${tail(ctx.log)}` : "";
  const err = detail ? `\n\nBackend error (${ctx.system.backend}, ${hook}):\n${detail.trimEnd().split("\n").slice(-25).map((l) => `  ${l}`).join("\n")}` : "";
  return new BuildError(`Building ${ctx.label} failed: ${what}.${out}${err}`, {
    hint: `The package's build backend (${ctx.system.backend}) failed; the output above says why. A missing compiler or system library is the usual cause; installer.build-config-settings.<name> passes settings to the backend, or use a version that publishes wheels.`,
  });
}

/** Run one hook; resolves with the hook's return value. */
export async function callHook(ctx: HookContext, hook: HookName, args: Readonly<Record<string, string | null>>): Promise<unknown> {
  runnerText ??= readEmbeddedText("installer/hook_runner.py");
  const scratch = mkdtempSync(join(ctx.workDir, "hook-"));
  const answerFile = join(scratch, "answer.json");
  const request = JSON.stringify({ backend: ctx.system.backend, backend_path: ctx.system.backendPath, hook, args, config_settings: ctx.configSettings, answer: answerFile });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(ctx.python, ["-I", "-B", "-c", runnerText as string], { cwd: ctx.sourceDir, env: ctx.env, stdio: ["pipe", "pipe", "pipe"] });
      let partial = { out: "", err: "" };
      const feed = (which: "out" | "err", chunk: string) => {
        const text = partial[which] + chunk;
        const lines = text.split(/\r?\n/);
        partial = { ...partial, [which]: lines.pop() ?? "" };
        for (const l of lines) {
          ctx.log.push(l);
          ctx.onLine?.(l);
        }
        // a runaway backend must not eat the memory: keep the tail only
        if (ctx.log.length > 4 * LOG_TAIL) ctx.log.splice(0, ctx.log.length - 2 * LOG_TAIL);
      };
      child.stdout.setEncoding("utf8").on("data", (c: string) => feed("out", c));
      child.stderr.setEncoding("utf8").on("data", (c: string) => feed("err", c));
      child.on("error", (e) => reject(new BuildError(`Building ${ctx.label} failed: cannot run ${ctx.python}: ${e.message}`)));
      child.on("close", (c) => {
        for (const rest of [partial.out, partial.err]) if (rest !== "") ctx.log.push(rest);
        resolve(c);
      });
      child.stdin.on("error", () => undefined);
      child.stdin.end(request);
    });
    if (!existsSync(answerFile)) throw failure(ctx, hook, `the ${hook} hook ended without an answer (exit code ${code ?? "killed"})`, undefined);
    const answer = JSON.parse(readFileSync(answerFile, "utf8")) as HookAnswer;
    if (answer.ok) return answer.value;
    if (answer.kind === "missing-hook") throw new MissingHookError(`${ctx.system.backend} has no ${hook} hook`);
    if (answer.kind === "backend-unavailable") {
      throw failure(ctx, hook, `the build backend ${ctx.system.backend} could not be imported (${answer.message ?? "unknown error"})`, answer.traceback);
    }
    throw failure(ctx, hook, `the backend's ${hook} hook raised ${answer.message ?? "an error"}`, answer.traceback);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** What a build makes: a wheel, an editable wheel (PEP 660) or an sdist. */
export type BuildTarget = "wheel" | "editable" | "sdist";

const REQUIRES_HOOK: Readonly<Record<BuildTarget, HookName>> = {
  wheel: "get_requires_for_build_wheel",
  editable: "get_requires_for_build_editable",
  sdist: "get_requires_for_build_sdist",
};

/** `get_requires_for_build_*`, with PEP 517's default (no extra requirements) when absent. */
export async function extraRequires(ctx: HookContext, target: boolean | BuildTarget): Promise<string[]> {
  // `true`/`false` (editable or not) is the installer's original form of the argument
  const hook = REQUIRES_HOOK[typeof target === "boolean" ? (target ? "editable" : "wheel") : target];
  try {
    const v = await callHook(ctx, hook, {});
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw failure(ctx, hook, "the backend returned something that is not a list of requirements", undefined);
    return v as string[];
  } catch (e) {
    if (e instanceof MissingHookError) return [];
    throw e;
  }
}

/** `build_wheel` / `build_editable` into `outDir`; returns the wheel's file name. */
export async function buildWheelHook(ctx: HookContext, outDir: string, editable: boolean): Promise<string> {
  const hook = editable ? "build_editable" : "build_wheel";
  let v: unknown;
  try {
    v = await callHook(ctx, hook, { wheel_directory: outDir, metadata_directory: null });
  } catch (e) {
    if (e instanceof MissingHookError && editable) {
      throw new BuildError(`Cannot install ${ctx.label} in editable mode: its build backend ${ctx.system.backend} does not support PEP 660 (no build_editable hook).`, {
        hint: "Upgrade the build backend in [build-system] requires (setuptools >= 64, for example).",
      });
    }
    if (e instanceof MissingHookError) throw failure(ctx, hook, `the backend has no ${hook} hook`, undefined);
    throw e;
  }
  if (typeof v !== "string" || !v.endsWith(".whl") || !existsSync(join(outDir, v))) {
    throw failure(ctx, hook, `the backend did not produce a wheel (it returned ${JSON.stringify(v)})`, undefined);
  }
  return v;
}

/** `build_sdist` into `outDir` (mandatory in PEP 517); returns the sdist's file name. */
export async function buildSdistHook(ctx: HookContext, outDir: string): Promise<string> {
  let v: unknown;
  try {
    v = await callHook(ctx, "build_sdist", { sdist_directory: outDir });
  } catch (e) {
    if (e instanceof MissingHookError) throw failure(ctx, "build_sdist", "the backend has no build_sdist hook", undefined);
    throw e;
  }
  if (typeof v !== "string" || !v.endsWith(".tar.gz") || !existsSync(join(outDir, v))) {
    throw failure(ctx, "build_sdist", `the backend did not produce an sdist (it returned ${JSON.stringify(v)})`, undefined);
  }
  return v;
}

/**
 * Is the project at `dir` installed editable through PEP 660 rather than verse's own `.pth`?
 * Yes when its pyproject.toml names a build backend other than Poetry's; a project without one
 * keeps the `.pth` (as Poetry does for its own projects).
 */
export function editableThroughBackend(dir: string): boolean {
  const file = join(dir, "pyproject.toml");
  if (!existsSync(file)) return false;
  let table: Record<string, unknown>;
  try {
    table = parseToml(readFileSync(file, "utf8"), file);
  } catch {
    return false;
  }
  const bs = table["build-system"];
  if (bs === null || typeof bs !== "object" || Array.isArray(bs)) return false;
  const backend = (bs as Record<string, unknown>)["build-backend"];
  return typeof backend === "string" && !isPoetryBackend({ requires: [], backend, backendPath: [] });
}
