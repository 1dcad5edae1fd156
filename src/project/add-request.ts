/**
 * From what the user typed after `verse add` (and its options) to the NewDependency that
 * add-edit.ts writes: the name of a direct reference, the absolute path of a local one, and for
 * a bare name (or `name@latest`) the caret on the newest stable release that fits the project's
 * Python, as Poetry 2 picks it ("Using version ^2.31.0 for requests").
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InvalidInputError, UsageError, VerseError } from "../errors.ts";
import type { PackageFile, PackagePage } from "../index/index.ts";
import { parseAddSpec, type AddSpec } from "../standards/add-spec.ts";
import { parseConstraint, specifierSetToConstraint } from "../standards/constraint.ts";
import { parseSdistFilename, parseWheelFilename } from "../standards/filename.ts";
import { parseMarker } from "../standards/markers.ts";
import { canonicalizeName } from "../standards/names.ts";
import { SpecifierSet } from "../standards/specifier.ts";
import type { Version } from "../standards/version.ts";
import type { NewDependency } from "./add-edit.ts";
import { parseToml } from "./toml-parse.ts";

export class NoMatchingReleaseError extends VerseError {}
export class DependencyNameError extends InvalidInputError {}

/** The options of `verse add` that shape each dependency. */
export interface AddOptions {
  readonly extras: readonly string[];
  readonly python: string | null;
  readonly platform: string | null;
  readonly markers: string | null;
  readonly source: string | null;
  readonly allowPrereleases: boolean;
  readonly editable: boolean;
}

/** The newest fitting version of a package, as text (throws when the sources lack it). */
export type LatestVersion = (name: string, allowPrereleases: boolean) => Promise<string>;

export interface RequestContext {
  /** Relative paths are read from here (the working directory). */
  readonly cwd: string;
  readonly latest: LatestVersion;
}

/** A parsed spec with its name known (checked before anything is looked up). */
export interface ParsedRequest {
  readonly text: string;
  readonly spec: AddSpec;
  readonly name: string;
}

/** The name of a local directory, wheel or sdist, when it can be read without building. */
export function localName(path: string): string | null {
  const file = basename(path);
  try {
    if (file.endsWith(".whl")) return parseWheelFilename(file).name;
    if (/\.(tar\.gz|tgz|zip|tar\.bz2)$/.test(file)) return parseSdistFilename(file.replace(/\.tgz$/, ".tar.gz")).name;
  } catch {
    return null;
  }
  const pyproject = join(path, "pyproject.toml");
  if (existsSync(pyproject)) {
    try {
      const data = parseToml(readFileSync(pyproject, "utf8"), pyproject) as { project?: { name?: unknown }; tool?: { poetry?: { name?: unknown } } };
      const name = data.project?.name ?? data.tool?.poetry?.name;
      if (typeof name === "string") return name;
    } catch {
      // unreadable: try setup.cfg
    }
  }
  return setupCfgName(join(path, "setup.cfg"));
}

/** `name = x` in setup.cfg's [metadata] section (setuptools' declarative config), or null. */
function setupCfgName(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  let section = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) section = header[1]!.trim().toLowerCase();
    else if (section === "metadata") {
      const m = /^name\s*[=:]\s*(\S+)$/.exec(line);
      if (m) return m[1]!;
    }
  }
  return null;
}

function expandHome(path: string): string {
  return path.replace(/^~(?=[\\/]|$)/, process.env.HOME ?? "~");
}

/** Parses one spec and works out its package name (InvalidAddSpec / DependencyNameError on bad input). */
export function parseRequest(text: string, cwd: string): ParsedRequest {
  const spec = parseAddSpec(text);
  let name: string | null;
  switch (spec.kind) {
    case "registry":
      name = spec.name;
      break;
    case "git":
      name = spec.name ?? (spec.subdirectory ? basename(spec.subdirectory) : /([^/:]+?)(?:\.git)?\/?$/.exec(spec.url)?.[1] ?? null);
      break;
    case "path": {
      const abs = resolve(cwd, expandHome(spec.path));
      if (!existsSync(abs)) throw new DependencyNameError(`The path ${spec.path} does not exist.`, "Check the dependency's path (relative paths are read from the current directory).");
      name = spec.name ?? localName(abs);
      break;
    }
    case "url":
      name = spec.name ?? localName(basename(new URL(spec.url).pathname));
      break;
  }
  if (name === null) {
    throw new DependencyNameError(`Cannot tell the package name of "${text}" without building it.`, `Name it in PEP 508 form, for example "mypkg @ ${text}".`);
  }
  return { text, spec, name };
}

function checkedMarker(text: string | null, what: string): string | null {
  if (text === null) return null;
  try {
    parseMarker(text);
  } catch (e) {
    throw new InvalidInputError(`Invalid ${what} "${text}": ${e instanceof Error ? e.message : String(e)}`, "Write a PEP 508 marker, for example: sys_platform == \"linux\".");
  }
  return text;
}

function checkedConstraint(text: string | null, what: string): string | null {
  if (text === null) return null;
  try {
    parseConstraint(text);
  } catch (e) {
    throw new InvalidInputError(`Invalid ${what} constraint "${text}": ${e instanceof Error ? e.message : String(e)}`, "Use a Poetry constraint such as \">=3.9\" or \"^3.10\".");
  }
  return text;
}

/** The dependency to write for one request; `onPicked` hears about versions taken from the index. */
export async function newDependency(req: ParsedRequest, options: AddOptions, ctx: RequestContext, onPicked?: (name: string, constraint: string) => void): Promise<NewDependency> {
  const { spec } = req;
  const direct = spec.kind !== "registry";
  if (options.editable && (spec.kind === "registry" || spec.kind === "url")) {
    throw new UsageError(`Only vcs/path dependencies support editable installs. ${req.name} is neither.`, "Drop --editable, or add a git URL or a local directory.");
  }
  const specMarker = checkedMarker(spec.marker, "marker");
  const optMarker = checkedMarker(options.markers, "--markers");
  const markers = specMarker !== null && optMarker !== null ? `(${specMarker}) and (${optMarker})` : (specMarker ?? optMarker);
  let constraint: string | null = null;
  if (spec.kind === "registry") {
    constraint = spec.constraint;
    if (constraint === null || constraint === "latest") {
      constraint = `^${await ctx.latest(req.name, options.allowPrereleases)}`;
      onPicked?.(req.name, constraint);
    }
  }
  const extras = [...new Set([...spec.extras, ...options.extras.flatMap((e) => e.split(/[\s,]+/)).filter((e) => e !== "")])];
  let source: NewDependency["direct"] = null;
  if (spec.kind === "git") source = { kind: "git", url: spec.url, ...(spec.rev !== undefined ? { rev: spec.rev } : {}), ...(spec.subdirectory !== undefined ? { subdirectory: spec.subdirectory } : {}) };
  else if (spec.kind === "path") source = { kind: "path", path: resolve(ctx.cwd, expandHome(spec.path)) };
  else if (spec.kind === "url") source = { kind: "url", url: spec.url };
  const isDir = source?.kind === "path" && statSync(source.path).isDirectory();
  if (options.editable && source?.kind === "path" && !isDir) throw new UsageError(`Only directories can be installed editable; ${req.text} is a file.`);
  return {
    name: req.name,
    constraint: direct ? null : constraint,
    direct: source,
    extras,
    python: checkedConstraint(options.python, "--python"),
    platform: options.platform,
    markers,
    source: options.source,
    allowPrereleases: options.allowPrereleases,
    develop: options.editable,
  };
}

function versionOf(filename: string): Version | null {
  try {
    return filename.endsWith(".whl") ? parseWheelFilename(filename).version : parseSdistFilename(filename).version;
  } catch {
    return null;
  }
}

/** What latestFitting needs of an index client (IndexClient satisfies it). */
export interface MetadataSource {
  getMetadata(file: PackageFile): Promise<{ readonly requiresPython: string | null }>;
}

function fitsPython(requiresPython: string | null, python: ReturnType<typeof parseConstraint>): boolean {
  if (requiresPython === null || requiresPython.trim() === "") return true;
  try {
    return specifierSetToConstraint(SpecifierSet.parse(requiresPython)).allowsAll(python);
  } catch {
    return false; // an unreadable Requires-Python is skipped, as pip and Poetry do
  }
}

/**
 * The newest version on the page that supports every Python the project does (the page's
 * data-requires-python, else the release's metadata), stable unless `allowPrereleases` or
 * nothing stable exists; yanked files left out.
 */
export async function latestFitting(page: PackagePage, projectPython: string, allowPrereleases: boolean, client: MetadataSource): Promise<string> {
  const python = parseConstraint(projectPython);
  const byVersion = new Map<string, { version: Version; files: PackageFile[] }>();
  for (const f of page.files) {
    if (f.yanked !== false) continue;
    const v = versionOf(f.filename);
    if (v === null) continue;
    const key = v.toString();
    const entry = byVersion.get(key) ?? { version: v, files: [] };
    entry.files.push(f);
    byVersion.set(key, entry);
  }
  const all = [...byVersion.values()].sort((a, b) => b.version.compare(a.version));
  const stable = all.filter((e) => !e.version.isPrerelease);
  const pool = allowPrereleases || stable.length === 0 ? all : stable;
  for (const { version, files } of pool) {
    let fits = files.some((f) => f.requiresPython !== null) ? files.some((f) => fitsPython(f.requiresPython, python)) : null;
    if (fits === null) {
      const wheel = files.find((f) => f.filename.endsWith(".whl")) ?? files[0]!;
      try {
        fits = fitsPython((await client.getMetadata(wheel)).requiresPython, python);
      } catch {
        fits = true; // metadata that cannot be read now is the resolver's problem, not the picker's
      }
    }
    if (fits) return version.toString();
  }
  throw new NoMatchingReleaseError(
    all.length === 0
      ? `Could not find a release of ${page.name} on ${page.source}.`
      : `Could not find a version of ${page.name} that supports the project's Python (${projectPython}).`,
    { hint: `Give a version constraint, for example ${page.name}@^1.0, or widen the project's python requirement.` },
  );
}

/** Duplicate requests in one command line (same normalized name) are a mistake. */
export function assertNoDuplicates(requests: readonly ParsedRequest[]): void {
  const seen = new Map<string, string>();
  for (const r of requests) {
    const n = canonicalizeName(r.name);
    const before = seen.get(n);
    if (before !== undefined) {
      throw new UsageError(`The package ${r.name} is given twice ("${before}" and "${r.text}").`, "Give each package once, with the constraint you want.");
    }
    seen.set(n, r.text);
  }
}
