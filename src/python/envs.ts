/**
 * Poetry's environment naming and bookkeeping, reproduced so Poetry and verse users of one
 * project share environments:
 *   - the name is `<name>-<hash>-py<X.Y>`: the project name lower-cased with
 *     ` $`!*@"\` and CR/LF/TAB replaced by `_`, cut to 42 characters; the hash is the first
 *     8 characters of the URL-safe base64 of the SHA-256 of the project directory's real path;
 *   - `<virtualenvs.path>/envs.toml` remembers the Python chosen with `env use`:
 *     `[<name>-<hash>] minor = "3.12" patch = "3.12.1"`.
 * Also: reading a venv's pyvenv.cfg, and the health check that catches an environment whose
 * base interpreter was removed or upgraded, without ever running a missing interpreter.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseToml, stringify as stringifyToml } from "smol-toml";
import { canonicalizeName } from "../standards/names.ts";
import { InterpreterQueryError } from "./errors.ts";
import type { InterpreterCache, ResolvedInterpreter } from "./interpreter-cache.ts";
import { minorVersion } from "./query.ts";
import { executableIn } from "./sources.ts";

export function envBaseName(projectName: string, projectRoot: string): string {
  const sanitized = canonicalizeName(projectName)
    .toLowerCase()
    .replace(/[ $`!*@"\\\r\n\t]/g, "_")
    .slice(0, 42);
  let real: string;
  try {
    real = realpathSync(projectRoot);
  } catch {
    real = resolve(projectRoot);
  }
  if (process.platform === "win32") real = real.toLowerCase(); // os.path.normcase
  const hash = new Bun.CryptoHasher("sha256").update(real, "utf8").digest("base64url").slice(0, 8);
  return `${sanitized}-${hash}`;
}

export function venvName(base: string, minor: string): string {
  return `${base}-py${minor}`;
}

export interface EnvsTomlEntry {
  readonly minor: string;
  readonly patch: string;
}

export function readEnvsToml(venvsPath: string): Record<string, EnvsTomlEntry> {
  let text: string;
  try {
    text = readFileSync(join(venvsPath, "envs.toml"), "utf8");
  } catch {
    return {};
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return {}; // a damaged envs.toml only loses the `env use` choice
  }
  const out: Record<string, EnvsTomlEntry> = {};
  for (const [key, value] of Object.entries(doc)) {
    const v = value as Record<string, unknown>;
    if (v && typeof v.minor === "string") out[key] = { minor: v.minor, patch: typeof v.patch === "string" ? v.patch : v.minor };
  }
  return out;
}

export function writeEnvsToml(venvsPath: string, entries: Record<string, EnvsTomlEntry>): void {
  mkdirSync(venvsPath, { recursive: true });
  const file = join(venvsPath, "envs.toml");
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, stringifyToml(entries) + "\n");
  renameSync(tmp, file);
}

export function readPyvenvCfg(root: string): Record<string, string> | null {
  let text: string;
  try {
    text = readFileSync(join(root, "pyvenv.cfg"), "utf8");
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf("=");
    if (i < 0) continue;
    out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

export type VenvStatus =
  | { readonly kind: "missing" }
  | { readonly kind: "not-a-venv" }
  | { readonly kind: "broken"; readonly reason: string; readonly madeWith: string | null }
  | { readonly kind: "ok"; readonly interpreter: ResolvedInterpreter; readonly cfg: Record<string, string> };

function dangling(link: string): string | null {
  try {
    if (!lstatSync(link).isSymbolicLink()) return null;
    const target = resolve(dirname(link), readlinkSync(link));
    return existsSync(target) ? null : target;
  } catch {
    return null;
  }
}

/**
 * Whether the environment at `root` can be used. The interpreter is started (once; cached) only
 * when every file it needs is still there, so a removed base never gets to print a loader error.
 */
export async function inspectVenv(root: string, cache: InterpreterCache, platform: NodeJS.Platform = process.platform): Promise<VenvStatus> {
  try {
    if (!statSync(root).isDirectory()) return { kind: "not-a-venv" };
  } catch {
    return { kind: "missing" };
  }
  const cfg = readPyvenvCfg(root);
  if (cfg === null) return { kind: "not-a-venv" };
  const madeWith = cfg.version ?? cfg.version_info ?? null;
  const was = madeWith ? `Python ${madeWith}` : "its Python";
  const bin = join(root, platform === "win32" ? "Scripts" : "bin");
  const python = executableIn(root, platform);
  if (python === null) {
    const gone = dangling(join(bin, "python")) ?? dangling(join(bin, "python3"));
    const where = gone ?? cfg.home ?? "its base interpreter";
    return { kind: "broken", reason: `it was made with ${was}, whose interpreter ${where} no longer exists`, madeWith };
  }
  if (cfg.home && !existsSync(cfg.home)) {
    return { kind: "broken", reason: `it was made with ${was} from ${cfg.home}, which no longer exists`, madeWith };
  }
  let interp: ResolvedInterpreter;
  try {
    interp = await cache.resolve(python);
  } catch (e) {
    if (!(e instanceof InterpreterQueryError)) throw e;
    return { kind: "broken", reason: `its interpreter ${python} cannot start (${e.reason})`, madeWith };
  }
  if (madeWith) {
    const cfgMinor = madeWith.split(".").slice(0, 2).join(".");
    if (cfgMinor !== minorVersion(interp.info)) {
      return { kind: "broken", reason: `it was made with Python ${madeWith}, but its interpreter is now Python ${interp.info.version}`, madeWith };
    }
  }
  return { kind: "ok", interpreter: interp, cfg };
}

/** The project's environments in `venvsPath` (`<base>-py*`), sorted. */
export function projectVenvNames(venvsPath: string, base: string): string[] {
  let names: string[];
  try {
    names = readdirSync(venvsPath);
  } catch {
    return [];
  }
  const prefix = `${base}-py`;
  return names.filter((n) => n.startsWith(prefix) && /^\d+\.\d+$/.test(n.slice(prefix.length))).sort();
}
