/**
 * Interpreter discovery. The order, as documented in the README:
 *
 *   1. an explicit request: `--python`, `verse env use <python|path>`, or VERSE_PYTHON;
 *   2. the project's `.python-version` (searched from the project directory upwards, pyenv's
 *      format; each line is a version such as 3.12 or 3.12.1; `system` means "no pin");
 *   3. an active virtual environment (VIRTUAL_ENV), then an active conda env (CONDA_PREFIX);
 *   4. the project's `.venv`;
 *   5. pyenv: $PYENV_ROOT/versions/* (pyenv's global version first, then newest first),
 *      never through its shims;
 *   6. asdf, then mise installs (newest first);
 *   7. uv-managed Pythons (newest first);
 *   8. on macOS, Homebrew's python@3.X, then python.org framework builds;
 *   9. `python3.X` (newest first), `python3` and `python` in each PATH directory, in PATH order
 *      (version managers' shim directories are skipped: their Pythons are found in 5-6);
 *  10. on Windows, the PEP 514 registry and the `py` launcher (see windows.ts).
 *
 * The first interpreter that matches the request (if any) and the project's Python constraint
 * wins. A request or a `.python-version` narrows the search: an explicit path is the only
 * candidate; a version such as 3.12 accepts only matching interpreters from every source.
 * Interpreters are started lazily, one at a time, and their reports cached (interpreter-cache.ts).
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { VersionConstraint } from "../standards/range.ts";
import { tryParseVersion } from "../standards/version.ts";
import { InterpreterQueryError, NoSuitableInterpreter, PythonNotInstalled } from "./errors.ts";
import type { InterpreterCache, ResolvedInterpreter } from "./interpreter-cache.ts";
import { MIN_SUPPORTED, isSupported } from "./query.ts";
import { type PythonRequest, parsePythonRequest, parsePythonVersionFile, requestAccepts } from "./request.ts";
import {
  type Candidate,
  type Env,
  type SourceContext,
  activeCandidates,
  asdfCandidates,
  executableIn,
  macCandidates,
  miseCandidates,
  pathCandidates,
  projectVenvCandidates,
  pyenvCandidates,
  pyenvVersionDirs,
  uvCandidates,
} from "./sources.ts";
import { windowsCandidates } from "./windows.ts";

export interface DiscoveryOptions {
  readonly env: Env;
  readonly platform?: NodeJS.Platform;
  readonly cwd: string;
  /** The project root (where pyproject.toml is), or null outside a project. */
  readonly projectDir: string | null;
  /** An explicit request (--python, env use, VERSE_PYTHON); VERSE_PYTHON is read when this is undefined. */
  readonly request?: PythonRequest | null;
  /** The project's Python constraint and its text (for messages). */
  readonly constraint?: { readonly constraint: VersionConstraint; readonly text: string } | null;
  readonly cache: InterpreterCache;
  /** Leave out interpreters that are themselves virtual environments (sources 3-4). */
  readonly baseOnly?: boolean;
}

export interface Found {
  readonly candidate: Candidate;
  readonly interpreter: ResolvedInterpreter;
}

export interface Rejection {
  readonly candidate: Candidate;
  readonly version: string | null;
  readonly reason: string;
}

export interface PythonVersionPin {
  readonly file: string;
  readonly names: readonly string[];
}

/** The nearest `.python-version` from `start` upwards, ignoring `system` lines. */
export function findPythonVersionFile(start: string): PythonVersionPin | null {
  let dir = resolve(start);
  for (;;) {
    const file = join(dir, ".python-version");
    try {
      if (statSync(file).isFile()) {
        const names = parsePythonVersionFile(readFileSync(file, "utf8")).filter((n) => n !== "system");
        return names.length > 0 ? { file, names } : null;
      }
    } catch {
      // not here
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function expandPath(path: string, cwd: string, env: Env): string {
  if (path === "~" || path.startsWith("~/")) return join(env.HOME || homedir(), path.slice(1));
  return resolve(cwd, path);
}

function explicitRequest(options: DiscoveryOptions): PythonRequest | null {
  if (options.request !== undefined) return options.request;
  const fromEnv = options.env.VERSE_PYTHON;
  return fromEnv ? parsePythonRequest(fromEnv) : null;
}

interface Plan {
  readonly candidates: Candidate[];
  /** Every accepted interpreter must match one of these (empty: no narrowing). */
  readonly requests: readonly PythonRequest[];
  readonly pin: PythonVersionPin | null;
}

function plan(options: DiscoveryOptions): Plan {
  const ctx: SourceContext = { env: options.env, platform: options.platform ?? process.platform, projectDir: options.projectDir };
  const request = explicitRequest(options);
  if (request?.kind === "path") {
    let path = expandPath(request.path, options.cwd, options.env);
    try {
      if (statSync(path).isDirectory()) path = executableIn(path, ctx.platform) ?? path;
    } catch {
      // reported when queried
    }
    return { candidates: [{ path, source: "explicit" }], requests: [], pin: null };
  }
  const pin = request ? null : findPythonVersionFile(options.projectDir ?? options.cwd);
  const requests = request ? [request] : (pin?.names.map((n) => safeRequest(n)).filter((r): r is PythonRequest => r !== null) ?? []);
  const list: Candidate[] = [];
  if (request?.kind === "name") {
    list.push(...pathCandidates(ctx).filter((c) => c.path.endsWith(`/${request.name}`) || c.path.endsWith(`\\${request.name}`)));
  }
  if (pin) for (const name of pin.names) list.push(...pyenvVersionDirs(ctx, name).map((path) => ({ path, source: "python-version" as const })));
  if (!options.baseOnly) list.push(...activeCandidates(ctx), ...projectVenvCandidates(ctx));
  list.push(...pyenvCandidates(ctx), ...asdfCandidates(ctx), ...miseCandidates(ctx), ...uvCandidates(ctx), ...macCandidates(ctx), ...pathCandidates(ctx), ...windowsCandidates(ctx));
  const seen = new Set<string>();
  const candidates = list.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)));
  return { candidates, requests, pin };
}

function safeRequest(name: string): PythonRequest | null {
  try {
    return parsePythonRequest(name);
  } catch {
    return null;
  }
}

/** Why an interpreter is not acceptable, or null when it is. */
function rejectionReason(interp: ResolvedInterpreter, p: Plan, options: DiscoveryOptions): string | null {
  const info = interp.info;
  if (!isSupported(info)) {
    return `${info.implementation} ${info.version} is not supported: verse needs Python ${MIN_SUPPORTED.join(".")} or newer`;
  }
  if (p.requests.length > 0 && !p.requests.some((r) => requestAccepts(r, info))) {
    const what = p.pin ? `${p.pin.names.join(" or ")} (from ${p.pin.file})` : p.requests.map((r) => r.text).join(" or ");
    return `${info.version} is not the requested ${what}`;
  }
  if (options.constraint) {
    const version = tryParseVersion(info.version);
    if (version === null || !options.constraint.constraint.allows(version)) {
      return `${info.version} does not satisfy the project's Python constraint ${options.constraint.text}`;
    }
  }
  return null;
}

export interface DiscoveryResult {
  readonly found: Found | null;
  readonly rejected: readonly Rejection[];
}

/** Walks the candidates in order and stops at the first acceptable one. */
export async function discover(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const p = plan(options);
  const rejected: Rejection[] = [];
  const seenReal = new Set<string>();
  for (const candidate of p.candidates) {
    let interp: ResolvedInterpreter;
    try {
      interp = await options.cache.resolve(candidate.path);
    } catch (e) {
      if (!(e instanceof InterpreterQueryError)) throw e;
      if (candidate.source === "explicit") throw e;
      rejected.push({ candidate, version: null, reason: e.reason });
      continue;
    }
    const key = `${interp.realpath}\0${interp.info.prefix}`;
    if (seenReal.has(key)) continue;
    seenReal.add(key);
    const reason = rejectionReason(interp, p, options);
    if (reason === null) return { found: { candidate, interpreter: interp }, rejected };
    rejected.push({ candidate, version: interp.info.version, reason });
  }
  return { found: null, rejected };
}

/** Like discover(), but throws a message listing every rejection when nothing fits. */
export async function findInterpreter(options: DiscoveryOptions): Promise<Found> {
  const result = await discover(options);
  if (result.found) return result.found;
  const p = plan(options);
  const lines = result.rejected.map((r) => `  - ${r.candidate.path} (${r.candidate.source}): ${r.reason}`);
  const listing = lines.length > 0 ? `\nInterpreters found:\n${lines.join("\n")}` : "\nNo Python interpreter was found at all.";
  if (p.pin) {
    throw new PythonNotInstalled(
      `${p.pin.file} asks for Python ${p.pin.names.join(" or ")}, which is not installed${options.constraint ? ` (or does not satisfy ${options.constraint.text})` : ""}.${listing}`,
      `Install it (for example \`pyenv install ${p.pin.names[0]}\`), or edit ${p.pin.file}.`,
    );
  }
  const request = explicitRequest(options);
  if (request) {
    throw new NoSuitableInterpreter(`No Python interpreter matches the request "${request.text}"${options.constraint ? ` and the project's constraint ${options.constraint.text}` : ""}.${listing}`, {
      hint: "Run `verse python list` to see every interpreter verse found.",
    });
  }
  throw new NoSuitableInterpreter(
    options.constraint
      ? `No Python interpreter satisfies the project's Python constraint ${options.constraint.text}.${listing}`
      : `No usable Python interpreter was found.${listing}`,
    { hint: "Install a matching Python (pyenv, uv, your system's packages), or change the python constraint in pyproject.toml." },
  );
}

export interface ListedInterpreter {
  readonly candidate: Candidate;
  readonly interpreter: ResolvedInterpreter | null;
  readonly error: string | null;
}

/** Every interpreter found (queried concurrently), deduplicated by real path, in discovery order. */
export async function listInterpreters(options: DiscoveryOptions): Promise<ListedInterpreter[]> {
  const p = plan({ ...options, request: options.request ?? null });
  const results = await Promise.all(
    p.candidates.map(async (candidate): Promise<ListedInterpreter> => {
      try {
        return { candidate, interpreter: await options.cache.resolve(candidate.path), error: null };
      } catch (e) {
        if (!(e instanceof InterpreterQueryError)) throw e;
        return { candidate, interpreter: null, error: e.reason };
      }
    }),
  );
  const seen = new Set<string>();
  return results.filter((r) => {
    if (!r.interpreter) return true;
    const key = `${r.interpreter.realpath}\0${r.interpreter.info.prefix}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
