/**
 * Runs the embedded query script (embed/python/query.py) in an interpreter and validates what it
 * prints. One script for every Python: it is kept in the 2.7-compatible subset so that 2.7 can
 * report itself and be rejected as unsupported rather than fail with a syntax error.
 * A hanging interpreter is killed (with its whole process group) after a timeout.
 */
import { spawn } from "node:child_process";
import type { z } from "zod";
import type { Zod } from "../deferred.ts";
import { readEmbeddedText } from "../embedded.ts";
import { lazySchema } from "../lazy-schema.ts";
import { InterpreterQueryError } from "./errors.ts";

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

// Built on first use: constructing zod schemas costs start-up time, and a cached report (the
// common case) is never re-validated with it.
function buildSchema(z: Zod) {
  const paths = z.record(z.string(), z.string());
  return z.object({
    schema: z.literal(1),
    version: z.string().min(1),
    version_info: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.string(), z.number().int()]),
    implementation: z.string(),
    executable: z.string(),
    base_executable: z.string().nullable(),
    prefix: z.string(),
    base_prefix: z.string(),
    exec_prefix: z.string(),
    base_exec_prefix: z.string(),
    is_venv: z.boolean(),
    pointer_size: z.number().int(),
    max_size_64: z.boolean(),
    byteorder: z.string(),
    markers: z.object({
      implementation_name: z.string(),
      implementation_version: z.string(),
      os_name: z.string(),
      platform_machine: z.string(),
      platform_release: z.string(),
      platform_system: z.string(),
      platform_version: z.string(),
      python_full_version: z.string(),
      platform_python_implementation: z.string(),
      python_version: z.string(),
      sys_platform: z.string(),
    }),
    default_scheme: z.string().nullable(),
    paths,
    venv_scheme: z.string(),
    venv_paths: paths,
    platform: z.string().nullable(),
    glibc_version: z.string().nullable(),
    musl_version: z.string().nullable(),
    mac_version: z.string().nullable(),
    soabi: z.string().nullable(),
    ext_suffix: z.string().nullable(),
    abiflags: z.string().nullable(),
    py_debug: z.boolean(),
    gil_disabled: z.boolean(),
    ldversion: z.string().nullable(),
    exe_suffix: z.string(),
    ensurepip_wheel: z.string().nullable(),
  });
}

/** The zod schema of an interpreter report. */
export const interpreterInfoSchema: () => ReturnType<typeof buildSchema> = lazySchema(buildSchema);

/** What an interpreter reports about itself (validated). */
export type InterpreterInfo = z.infer<ReturnType<typeof buildSchema>>;

/** The placeholder the script puts where the environment's base directory goes in venv_paths. */
export const VENV_BASE_PLACEHOLDER = "@VERSE_BASE@";

/** Oldest Python verse builds environments for (pip's bundled wheels exist from here on). */
export const MIN_SUPPORTED: readonly [number, number] = [3, 6];

export function isSupported(info: InterpreterInfo): boolean {
  const [major, minor] = info.version_info;
  return major > MIN_SUPPORTED[0] || (major === MIN_SUPPORTED[0] && minor >= MIN_SUPPORTED[1]);
}

/** "3.12" for an interpreter: the X.Y used in venv names, lib/pythonX.Y and pip3.X. */
export function minorVersion(info: InterpreterInfo): string {
  return `${info.version_info[0]}.${info.version_info[1]}`;
}

let scriptText: string | null = null;
function script(): string {
  scriptText ??= readEmbeddedText("python/query.py");
  return scriptText;
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError: NodeJS.ErrnoException | null;
}

function run(executable: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let settled = false;
    const done = (r: Omit<RunResult, "stdout" | "stderr">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, stdout, stderr });
    };
    // detached: the interpreter leads its own process group, so a timeout can kill a wrapper
    // script together with whatever it started (a child holding the pipe open would hang us).
    const child = spawn(executable, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      if (stderr.length < 64 * 1024) stderr += c;
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      done({ code: null, signal: "SIGKILL", timedOut: true, spawnError: null });
    }, timeoutMs);
    child.on("error", (e: NodeJS.ErrnoException) => done({ code: null, signal: null, timedOut: false, spawnError: e }));
    child.on("close", (code, signal) => done({ code, signal, timedOut: false, spawnError: null }));
  });
}

/** Python 2 has no -I; a path or name that says "2.x" gets -E -s -B straight away. */
function looksLikePython2(executable: string): boolean {
  return /(?:^|\/)python2(?:\.\d+)?$|\/2\.\d+(?:\.\d+)?\/bin\//.test(executable);
}

function firstLines(text: string, n = 3): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

export interface QueryOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Starts the interpreter once and returns its validated report. Throws InterpreterQueryError. */
export async function queryInterpreter(executable: string, options: QueryOptions = {}): Promise<InterpreterInfo> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const env = options.env ?? process.env;
  const isolated = ["-I", "-B", "-c", script()];
  const legacy = ["-E", "-s", "-B", "-c", script()];
  let result = await run(executable, looksLikePython2(executable) ? legacy : isolated, timeoutMs, env);
  if (result.code === 2 && /Unknown option: -I|unknown option -I/i.test(result.stderr)) {
    result = await run(executable, legacy, timeoutMs, env);
  }
  if (result.spawnError) {
    const reason = result.spawnError.code === "ENOENT" ? "it does not exist" : result.spawnError.code === "EACCES" ? "it is not executable" : result.spawnError.message;
    throw new InterpreterQueryError(executable, reason);
  }
  if (result.timedOut) {
    throw new InterpreterQueryError(executable, `it did not answer within ${Math.round(timeoutMs / 100) / 10} s and was stopped`);
  }
  if (result.code !== 0) {
    const how = result.signal ? `it crashed (${result.signal})` : `it exited with code ${result.code}`;
    throw new InterpreterQueryError(executable, how, firstLines(result.stderr) || undefined);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout.trim().split("\n").pop() ?? "");
  } catch {
    throw new InterpreterQueryError(executable, "it did not print a report (is it a Python interpreter?)", firstLines(result.stdout + result.stderr) || undefined);
  }
  const checked = interpreterInfoSchema().safeParse(parsed);
  if (!checked.success) {
    throw new InterpreterQueryError(executable, `its report is incomplete (${checked.error.issues[0]?.path.join(".") ?? "?"})`);
  }
  return checked.data;
}
