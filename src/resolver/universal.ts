/**
 * Universal resolution, as Poetry locks: one solution valid for every Python in the project's
 * python constraint and every platform. Dependency markers are not evaluated for one machine;
 * a requirement is taken wherever its marker can hold (a `sys_platform == "win32"` dependency is
 * locked on Linux too). When a package (or the project) asks for the same dependency with
 * different constraints under markers that never hold together (Poetry's multiple-constraints
 * dependencies, `beta>=1; python_version < "3.10"` next to `beta>=1.5; python_version >= "3.10"`),
 * the solve forks: once per marker (plus the rest of the space, when the markers do not cover
 * it), each fork with its Python range narrowed by its python markers. Forks are solved one by one
 * over the shared provider caches; the solutions are merged into a lock by src/lock/from-solution.ts.
 */
import { VerseError } from "../errors.ts";
import { MAIN_GROUP, type Dependency as ProjectDependency, type Project } from "../project/core.ts";
import { groupDependencies } from "../project/core.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { ANY_MARKER, parseMarker, type Marker } from "../standards/markers.ts";
import { canonicalizeName } from "../standards/names.ts";
import { dependencyMarker, pythonConstraintFromMarker } from "../standards/poetry-dependency.ts";
import { parsePoetryRequirement } from "../standards/poetry-requirement.ts";
import type { VersionConstraint } from "../standards/range.ts";
import { Version } from "../standards/version.ts";
import type { ResolutionStrategy } from "./candidates.ts";
import { SolveFailure } from "./explain.ts";
import { appliesIn, forkMarkers, ForkNeeded, type Fork, type IndexProvider } from "./index-provider.ts";
import type { Dependency } from "./provider.ts";
import { solve, type Solution } from "./solver.ts";

/** One dependency the project declares, ready for every fork. */
export interface RootRequirement {
  readonly group: string;
  readonly name: string;
  readonly constraint: VersionConstraint;
  readonly pretty: string;
  /** Where the dependency applies: its markers, python and platform; for an optional one, its extras too. */
  readonly marker: Marker;
  /** The marker without `extra` comparisons, for forking. */
  readonly envMarker: Marker;
  readonly extras: readonly string[];
  readonly optional: boolean;
  readonly allowPrereleases: boolean;
  /** The pyproject entry, when the requirement comes from one. */
  readonly declared: ProjectDependency | null;
}

export interface ForkSolution {
  readonly fork: Fork;
  readonly solution: Solution;
}

export interface UniversalOptions {
  readonly strategy?: ResolutionStrategy;
  readonly preferred?: ReadonlyMap<string, Version>;
  readonly allowPrereleases?: boolean;
  /** At most this many forks (a runaway marker split is an error, not a hang). */
  readonly maxForks?: number;
}

/** A dependency locking cannot handle (a direct source with no way to read its metadata, a URL requirement in `debug resolve`). */
export class UnsupportedDependencyError extends VerseError {}

/** The project's marker for an optional main dependency: one of its extras is requested. */
function extrasMarker(project: Project, name: string): Marker | null {
  const extras = Object.entries(project.extras).filter(([, names]) => names.includes(canonicalizeName(name) as never)).map(([e]) => e);
  if (extras.length === 0) return null;
  return parseMarker(extras.map((e) => `extra == "${canonicalizeName(e)}"`).join(" or "));
}

/** Every dependency of every group (optional groups included: a lock covers them all). */
export function rootRequirements(project: Project): RootRequirement[] {
  const out: RootRequirement[] = [];
  for (const group of project.groups.keys()) {
    for (const d of groupDependencies(project, group)) {
      const envMarker = dependencyMarker({ name: d.name, markers: d.markers ?? undefined, python: d.python ?? undefined, platform: d.platform ?? undefined });
      let marker = envMarker;
      if (d.optional && group === MAIN_GROUP) {
        const em = extrasMarker(project, d.name);
        if (em !== null) marker = marker.and(em);
      }
      out.push({
        group,
        name: d.normalizedName,
        // a git, url or path dependency has one version, its own (the provider knows it)
        constraint: parseConstraint(d.kind.type === "registry" ? d.constraint : "*"),
        pretty: d.kind.type === "registry" ? d.constraint : "*",
        marker,
        envMarker,
        extras: d.extras.map((e) => canonicalizeName(e)),
        optional: d.optional,
        allowPrereleases: d.allowPrereleases === true,
        declared: d,
      });
    }
  }
  return out;
}

/** The root's dependencies in one fork. */
export function rootDependencies(reqs: readonly RootRequirement[], fork: Fork): Dependency[] {
  const out: Dependency[] = [];
  const byName = new Map<string, { constraint: VersionConstraint; marker: Marker }[]>();
  for (const r of reqs) {
    if (!appliesIn(r.envMarker, pythonConstraintFromMarker(r.envMarker), fork)) continue;
    const base: Dependency = { name: r.name, constraint: r.constraint, pretty: r.pretty, allowPrereleases: r.allowPrereleases || undefined };
    out.push(base);
    for (const e of r.extras) out.push({ ...base, name: `${r.name}[${e}]` });
    let list = byName.get(r.name);
    if (list === undefined) byName.set(r.name, (list = []));
    list.push({ constraint: r.constraint, marker: r.envMarker });
  }
  for (const [name, entries] of byName) {
    const markers = forkMarkers(entries, fork);
    if (markers !== null) throw new ForkNeeded(name, markers);
  }
  return out;
}

/** The forks a ForkNeeded splits `fork` into: one per distinct marker, plus the rest of the space. */
function split(fork: Fork, markers: readonly Marker[]): Fork[] {
  const seen = new Set<string>();
  const out: Fork[] = [];
  let covered: Marker | null = null;
  for (const m of markers) {
    const key = m.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    covered = covered === null ? m : covered.or(m);
    const marker = fork.marker.and(m);
    const python = fork.python.intersect(pythonConstraintFromMarker(m));
    if (!marker.isEmpty() && !python.isEmpty()) out.push({ marker, python, pythonText: fork.pythonText });
  }
  if (covered !== null && !covered.isAny()) {
    const rest = fork.marker.and(covered.invert());
    const python = fork.python.intersect(pythonConstraintFromMarker(rest));
    if (!rest.isEmpty() && !python.isEmpty()) out.push({ marker: rest, python, pythonText: fork.pythonText });
  }
  return out;
}

export class TooManyForksError extends VerseError {}

/** The solver failed in one fork: the explanation, with the fork's markers when it is not the whole space. */
export class ForkSolveFailure extends VerseError {
  constructor(
    readonly failure: SolveFailure,
    readonly fork: Fork,
    extraHints: readonly string[] = [],
  ) {
    const where = fork.marker.isAny() ? "" : `\n\n(This happens for the environments where ${fork.marker.toString()}.)`;
    const lines = [failure.hint, ...extraHints].filter((h): h is string => h !== undefined && h !== "").flatMap((h) => h.split("\n"));
    const hint = [...new Set(lines)].join("\n");
    super(`${failure.explanation}${where}`, { hint: hint === "" ? undefined : hint });
  }
}

/** Solve every fork of the project. Throws ForkSolveFailure (or the provider's errors). */
export async function solveUniversal(project: Project, provider: IndexProvider, options: UniversalOptions = {}): Promise<{ forks: ForkSolution[]; requirements: RootRequirement[] }> {
  const requirements = rootRequirements(project);
  const rootName = project.normalizedName ?? "root-project";
  const rootVersion = Version.tryParse(project.version ?? "0") ?? Version.parse("0");
  const forks = await solveForks({ name: rootName, version: rootVersion, requirements, pythonText: project.pythonConstraint }, provider, options);
  return { forks, requirements };
}

export interface UniversalRoot {
  readonly name: string;
  readonly version: Version;
  readonly requirements: readonly RootRequirement[];
  /** The python constraint (Poetry syntax) every fork lies in. */
  readonly pythonText: string;
}

/** The fork loop: solve, split on ForkNeeded, until every fork has a solution. */
export async function solveForks(root: UniversalRoot, provider: IndexProvider, options: UniversalOptions = {}): Promise<ForkSolution[]> {
  const { requirements, pythonText } = root;
  const python = parseConstraint(pythonText);
  const allowPre = new Set(requirements.filter((r) => r.allowPrereleases).map((r) => r.name));
  const queue: Fork[] = [{ marker: ANY_MARKER, python, pythonText }];
  const forks: ForkSolution[] = [];
  const max = options.maxForks ?? 64;
  let made = 1;
  while (queue.length > 0) {
    const fork = queue.shift()!;
    try {
      const deps = rootDependencies(requirements, fork);
      const solution = await solve({ name: root.name, version: root.version, dependencies: deps }, provider.forFork(fork, allowPre), {
        python: { text: pythonText, constraint: fork.python },
        preferred: options.preferred,
        strategy: options.strategy,
        allowPrereleases: options.allowPrereleases,
      });
      forks.push({ fork, solution });
    } catch (e) {
      if (e instanceof ForkNeeded) {
        const next = split(fork, e.markers);
        made += next.length;
        if (made > max) {
          throw new TooManyForksError(`Resolving needs more than ${max} marker forks (last split on ${e.packageName}).`, {
            hint: "Simplify the markers of the dependencies that differ by environment.",
          });
        }
        queue.unshift(...next);
        continue;
      }
      if (e instanceof SolveFailure) throw new ForkSolveFailure(e, fork);
      throw e;
    }
  }
  return forks;
}

/**
 * Requirements given on the command line (`debug resolve`): PEP 508 (`name[extra]>=1; marker`)
 * or Poetry's `name@constraint` (`requests@^2.31`).
 */
export function requirementsFromSpecs(specs: readonly string[]): RootRequirement[] {
  return specs.map((spec) => {
    const at = spec.indexOf("@");
    let text = spec;
    let constraint: VersionConstraint | null = null;
    let pretty = "*";
    if (at > 0 && !spec.includes("://")) {
      text = spec.slice(0, at);
      pretty = spec.slice(at + 1).trim();
      constraint = parseConstraint(pretty === "latest" ? "*" : pretty);
    }
    const req = parsePoetryRequirement(text);
    if (req.url !== null) throw new UnsupportedDependencyError(`'${spec}' is a URL requirement, which verse cannot resolve yet.`);
    const envMarker = req.marker.withoutExtras();
    return {
      group: MAIN_GROUP,
      name: canonicalizeName(req.name),
      constraint: constraint ?? req.constraint,
      pretty: constraint !== null ? pretty : req.constraint.toString() || "*",
      marker: req.marker,
      envMarker,
      extras: req.extras.map((e) => canonicalizeName(e)),
      optional: false,
      allowPrereleases: false,
      declared: null,
    };
  });
}
