/**
 * The isolated build environment of one PEP 517 build: a fresh venv made natively from the base
 * interpreter (src/python's createVenv, no pip), into which `build-system.requires` and the
 * backend's extra requirements are installed with verse's own machinery — resolved by the
 * PubGrub solver over the configured sources (an IndexProvider, with markers evaluated for this
 * interpreter) and linked from the cache by the wheel installer.
 *
 * Build requirements are installed from wheels only (every common backend publishes them);
 * a requirement with no wheel for this interpreter is reported clearly rather than built
 * recursively.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { IndexClient, PackageFile } from "../index/index.ts";
import { createVenv, type InterpreterInfo } from "../python/index.ts";
import { IndexProvider, solve, SolveFailure, type Candidate, type Dependency, type Provider, type PythonRequirement, type VersionMetadata } from "../resolver/index.ts";
import { parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName } from "../standards/names.ts";
import { ExactVersion, type VersionConstraint } from "../standards/range.ts";
import { specifierSetToConstraint } from "../standards/constraint.ts";
import { parseRequirement } from "../standards/requirement.ts";
import { SpecifierSet } from "../standards/specifier.ts";
import { compareVersions, Version } from "../standards/version.ts";
import { createTagSelector, type Tag } from "../standards/tags.ts";
import { BuildError } from "./errors.ts";
import { Linker } from "./link.ts";
import { interpreterTags } from "./tags.ts";
import { installWheel, type Destination } from "./wheel.ts";

/** The interpreter builds run with (a base interpreter, never a venv's). */
export interface BuildInterpreter {
  readonly python: string;
  readonly info: InterpreterInfo;
}

export interface BuildEnvironment {
  readonly root: string;
  readonly python: string;
  readonly dest: Destination;
  /** Canonical names already installed (a second round only adds what is new). */
  readonly installed: Set<string>;
  /** Environment variables for the backend: the build env's scripts first on PATH. */
  readonly env: Readonly<Record<string, string>>;
}

const splitFeature = (id: string): { name: string; extra: string | null } => {
  const open = id.indexOf("[");
  return open < 0 ? { name: id, extra: null } : { name: id.slice(0, open), extra: id.slice(open + 1, -1) };
};

function pythonRequirement(text: string | null | undefined): PythonRequirement | null {
  if (!text) return null;
  try {
    return { text, constraint: specifierSetToConstraint(SpecifierSet.parse(text)) };
  } catch {
    return null;
  }
}

/**
 * A Provider for one concrete interpreter: releases that have a wheel this interpreter takes,
 * dependencies whose markers hold here.
 */
class InterpreterProvider implements Provider {
  private readonly select: ReturnType<typeof createTagSelector>;
  private readonly markerEnv: Record<string, string>;

  constructor(
    readonly shared: IndexProvider,
    tags: readonly Tag[],
    info: InterpreterInfo,
  ) {
    this.select = createTagSelector(tags);
    this.markerEnv = { ...info.markers, extra: "" };
  }

  bestWheel(files: readonly PackageFile[]): PackageFile | null {
    const wheels: [PackageFile, Tag[]][] = [];
    for (const f of files) {
      if (!f.filename.endsWith(".whl") || f.yanked !== false) continue;
      try {
        wheels.push([f, parseWheelFilename(f.filename).tags as Tag[]]);
      } catch {
        // an unparsable wheel name is never chosen
      }
    }
    return this.select(wheels)[0] ?? null;
  }

  async versions(id: string): Promise<readonly Candidate[] | null> {
    const rels = await this.shared.releases(splitFeature(id).name);
    if (rels === null) return null;
    const out: Candidate[] = [];
    for (const r of rels.values()) {
      if (this.bestWheel(r.files) === null) continue;
      out.push({ version: r.version, yanked: r.yanked, requiresPython: pythonRequirement(r.requiresPython) });
    }
    return out.sort((a, b) => compareVersions(a.version, b.version));
  }

  async dependencies(id: string, version: Version): Promise<VersionMetadata> {
    const { name, extra } = splitFeature(id);
    const { reqs, meta } = await this.shared.requirements(name, version, extra);
    const out: Dependency[] = [];
    if (extra !== null) out.push({ name, constraint: new ExactVersion(version), pretty: version.toString() });
    for (const r of reqs) {
      let holds = true;
      try {
        holds = r.envMarker.evaluate(this.markerEnv);
      } catch {
        holds = true;
      }
      if (holds) out.push(...r.deps);
    }
    return { dependencies: out, requiresPython: pythonRequirement(meta.requiresPython) };
  }

  prefetch(names: readonly string[]): void {
    this.shared.warm(names);
  }
}

/** Root dependencies from PEP 508 requirement strings whose markers hold for this interpreter. */
function rootDependencies(requires: readonly string[], info: InterpreterInfo, label: string): Dependency[] {
  const env = { ...info.markers, extra: "" };
  const out: Dependency[] = [];
  for (const text of requires) {
    let req;
    try {
      req = parseRequirement(text);
    } catch (e) {
      throw new BuildError(`Cannot build ${label}: its build requirement ${JSON.stringify(text)} is not a valid PEP 508 requirement (${(e as Error).message}).`);
    }
    if (req.url !== null) throw new BuildError(`Cannot build ${label}: build requirements given by URL (${text}) are not supported.`, { hint: "Publish the requirement on a configured source." });
    if (req.marker !== null && !req.marker.evaluate(env)) continue;
    const name = canonicalizeName(req.name);
    const constraint: VersionConstraint = specifierSetToConstraint(req.specifier);
    const pretty = req.specifier.toString() || "*";
    out.push({ name, constraint, pretty });
    for (const e of req.extras) out.push({ name: `${name}[${canonicalizeName(e)}]`, constraint, pretty });
  }
  return out;
}

export interface RequirementResolver {
  /** The wheel files (one per package) that satisfy `requires` on this interpreter. */
  resolve(requires: readonly string[], label: string): Promise<{ name: string; version: string; file: PackageFile }[]>;
}

/** A resolver of build requirements over the configured sources, shared by every build of one install. */
export function requirementResolver(client: () => IndexClient, interp: BuildInterpreter): RequirementResolver {
  let provider: InterpreterProvider | null = null;
  const tags = interpreterTags(interp.info);
  const python: PythonRequirement = { text: interp.info.markers.python_full_version, constraint: new ExactVersion(Version.parse(interp.info.markers.python_full_version)) };
  return {
    async resolve(requires, label) {
      provider ??= new InterpreterProvider(new IndexProvider(client()), tags, interp.info);
      const deps = rootDependencies(requires, interp.info, label);
      if (deps.length === 0) return [];
      let solution;
      try {
        solution = await solve({ name: "__verse_build__", version: Version.parse("0"), dependencies: deps }, provider, { python });
      } catch (e) {
        if (e instanceof SolveFailure) {
          throw new BuildError(`Cannot build ${label}: its build requirements (${requires.join(", ")}) cannot be installed from the configured sources.\n\n${e.message}`, {
            hint: "Build requirements are installed from wheels; check that the sources publish wheels of them for this Python.",
          });
        }
        throw e;
      }
      const out: { name: string; version: string; file: PackageFile }[] = [];
      for (const [id, version] of solution.packages) {
        if (id.includes("[")) continue;
        const rel = await provider.shared.release(id, version);
        const file = rel === null ? null : provider.bestWheel(rel.files);
        if (file === null) throw new BuildError(`Cannot build ${label}: no wheel of its build requirement ${id} ${version.toString()} fits this Python.`);
        out.push({ name: id, version: version.toString(), file });
      }
      return out;
    },
  };
}

/** A fresh, empty build environment under `dir` (removed by `dropBuildEnvironment`). */
export function createBuildEnvironment(interp: BuildInterpreter, dir: string): BuildEnvironment {
  const venv = createVenv({ basePython: interp.python, info: interp.info, target: join(dir, "env"), prompt: null, alwaysCopy: false, withPip: false, systemSitePackages: false, cacheDir: null, replace: false });
  const minor = `${interp.info.version_info[0]}.${interp.info.version_info[1]}`;
  const dest: Destination = {
    purelib: venv.layout.purelib,
    platlib: venv.layout.platlib,
    scripts: venv.layout.scripts,
    headers: (name) => join(venv.root, "include", "site", `python${minor}`, name),
    data: venv.layout.data,
    python: venv.python,
    staging: join(dir, "staging"),
  };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(PYTHON|VIRTUAL_ENV$|CONDA_PREFIX$|PIP_)/.test(k)) env[k] = v;
  env.PATH = `${venv.layout.scripts}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}`;
  env.VIRTUAL_ENV = venv.root;
  env.PYTHONNOUSERSITE = "1";
  return { root: venv.root, python: venv.python, dest, installed: new Set(), env };
}

/** Install the resolved requirement wheels (fetched into the cache first) into the build env. */
export async function installRequirements(benv: BuildEnvironment, wheels: readonly { name: string; version: string; file: PackageFile }[], client: () => IndexClient): Promise<void> {
  const fresh = wheels.filter((w) => !benv.installed.has(canonicalizeName(w.name)));
  const dirs = await Promise.all(fresh.map((w) => client().unpackedWheel(w.file)));
  const linker = new Linker("auto");
  fresh.forEach((w, i) => {
    installWheel({ wheelDir: dirs[i] as string, filename: w.file.filename, dest: benv.dest, linker, requested: false, directUrl: null, verifiedMarker: null });
    benv.installed.add(canonicalizeName(w.name));
  });
}

export function dropBuildEnvironment(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
