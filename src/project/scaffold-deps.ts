/**
 * The `--dependency` / `--dev-dependency` values of `verse new` and `verse init` (and the
 * dependencies typed at init's prompt) as the PEP 508 strings Poetry 2 writes:
 * `pendulum (>=2.0.0,<3.0.0)`, `demo @ git+https://host/demo.git@v1`, `demo @ file:///abs/demo`.
 * A bare name gets `^<latest>` from the package index, as Poetry does ("Using version ^2.0.0 for pendulum").
 */
import { localName } from "./add-request.ts";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { IndexClient, type SourceConfig } from "../index/index.ts";
import { InvalidInputError, VerseError } from "../errors.ts";
import { parseAddSpec, type AddSpec } from "../standards/add-spec.ts";
import { constraintToPep508, parseConstraint } from "../standards/constraint.ts";
import { parseSdistFilename, parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName } from "../standards/names.ts";
import type { Version } from "../standards/version.ts";

export class DependencyNameUnknownError extends InvalidInputError {}
export class NoReleaseFoundError extends VerseError {}

/** The newest version of a package on the index (stable first), as text. */
export type LatestLookup = (name: string) => Promise<string>;

export interface DependencyOptions {
  /** Relative paths are resolved against this directory. */
  readonly cwd: string;
  readonly latest: LatestLookup;
  /** Told about each version picked from the index. */
  readonly onPicked?: (name: string, constraint: string) => void;
}

function withExtras(name: string, extras: readonly string[]): string {
  return extras.length > 0 ? `${name}[${extras.join(",")}]` : name;
}

function withMarker(text: string, marker: string | null): string {
  return marker ? `${text} ; ${marker}` : text;
}

function needName(text: string): DependencyNameUnknownError {
  return new DependencyNameUnknownError(`Cannot tell the package name of "${text}" without building it.`, `Name it in PEP 508 form, for example "mypkg @ ${text}".`);
}

/** One dependency text → its PEP 508 string. Throws InvalidAddSpec / InvalidConstraint on bad input. */
export async function dependencyToPep508(text: string, options: DependencyOptions): Promise<string> {
  const spec: AddSpec = parseAddSpec(text);
  switch (spec.kind) {
    case "registry": {
      let constraint = spec.constraint;
      if (constraint === null || constraint === "latest") {
        constraint = `^${await options.latest(spec.name)}`;
        options.onPicked?.(spec.name, constraint);
      }
      const pep = constraintToPep508(parseConstraint(constraint), constraint);
      const head = withExtras(spec.name, spec.extras);
      return withMarker(pep === "" ? head : `${head} (${pep})`, spec.marker);
    }
    case "git": {
      const name = spec.name ?? /\/([^/]+?)(?:\.git)?\/?$/.exec(spec.url)?.[1] ?? null;
      if (name === null) throw needName(text);
      const url = `git+${spec.url}${spec.rev ? `@${spec.rev}` : ""}${spec.subdirectory ? `#subdirectory=${spec.subdirectory}` : ""}`;
      return withMarker(`${withExtras(name, spec.extras)} @ ${url}`, spec.marker);
    }
    case "path": {
      const abs = resolve(options.cwd, spec.path.replace(/^~(?=\/|$)/, process.env.HOME ?? "~"));
      if (!existsSync(abs)) throw new InvalidInputError(`The path ${spec.path} does not exist.`, "Check the dependency's path.");
      const name = spec.name ?? localName(abs);
      if (name === null) throw needName(text);
      const url = pathToFileURL(abs).href;
      return withMarker(`${withExtras(name, spec.extras)} @ ${url}`, spec.marker);
    }
    case "url": {
      const file = basename(new URL(spec.url).pathname);
      const name = spec.name ?? localName(file);
      if (name === null) throw needName(text);
      return withMarker(`${withExtras(name, spec.extras)} @ ${spec.url}`, spec.marker);
    }
  }
}

/** Every release version a page lists (yanked files left out). */
function versionsOf(files: readonly { filename: string; yanked: string | boolean }[]): Version[] {
  const out: Version[] = [];
  for (const f of files) {
    if (f.yanked !== false) continue;
    try {
      out.push(f.filename.endsWith(".whl") ? parseWheelFilename(f.filename).version : parseSdistFilename(f.filename).version);
    } catch {
      // a file whose name does not follow the standard says nothing about versions
    }
  }
  return out;
}

/** A LatestLookup over the package index (the given sources, else PyPI). */
export function indexLatestLookup(sources: readonly SourceConfig[], cacheDir: string, noCache = false): LatestLookup {
  let client: IndexClient | null = null;
  return async (name) => {
    client ??= new IndexClient({ sources, cacheDir, noCache });
    const page = await client.getPage(canonicalizeName(name, true));
    const versions = versionsOf(page.files);
    const stable = versions.filter((v) => !v.isPrerelease);
    const pool = stable.length > 0 ? stable : versions;
    if (pool.length === 0) throw new NoReleaseFoundError(`Could not find a release of ${name} on ${page.source}.`, { hint: "Give a version constraint, for example name@^1.0." });
    return pool.reduce((a, b) => (b.compare(a) > 0 ? b : a)).toString();
  };
}

/** `[[tool.poetry.source]]` of a pyproject.toml text (init reads them before there is a project). */
export function sourcesOf(data: Record<string, unknown>): SourceConfig[] {
  const list = (data.tool as { poetry?: { source?: unknown } } | undefined)?.poetry?.source;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s: Record<string, unknown>) =>
    typeof s.name === "string" ? [{ name: s.name, url: typeof s.url === "string" ? s.url : undefined, priority: typeof s.priority === "string" ? (s.priority as SourceConfig["priority"]) : undefined }] : [],
  );
}
