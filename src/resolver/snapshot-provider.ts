/**
 * A Provider over a snapshot of index metadata held in memory: {name: {version: {dependencies:
 * [PEP 508 strings]}}} (the shape of resolvelib's PyPI snapshots). Markers are evaluated for one
 * fixed environment; extras become feature packages "name[extra]" that depend on the package at
 * the same version plus the extra's own requirements, as Poetry and uv model them.
 */
import { specifierSetToConstraint } from "../standards/constraint.ts";
import type { EvaluationEnvironment } from "../standards/markers-eval.ts";
import { canonicalizeName } from "../standards/names.ts";
import { ExactVersion } from "../standards/range.ts";
import { parseRequirement, type Requirement } from "../standards/requirement.ts";
import { compareVersions, Version } from "../standards/version.ts";
import type { Candidate, Dependency, Provider, VersionMetadata } from "./provider.ts";

export type Snapshot = Record<string, Record<string, { dependencies: readonly string[] }> | unknown>;

/** The environment snapshots are solved for unless told otherwise: CPython 3.8 on Linux x86_64. */
export const SNAPSHOT_ENVIRONMENT: EvaluationEnvironment = {
  implementation_name: "cpython",
  implementation_version: "3.8.10",
  os_name: "posix",
  platform_machine: "x86_64",
  platform_release: "5.15.0",
  platform_system: "Linux",
  platform_version: "#1 SMP",
  python_full_version: "3.8.10",
  platform_python_implementation: "CPython",
  python_version: "3.8",
  sys_platform: "linux",
};

/** "name[extra]" for a feature package, split back into its parts. */
export function splitFeature(id: string): { name: string; extra: string | null } {
  const at = id.indexOf("[");
  return at < 0 ? { name: id, extra: null } : { name: id.slice(0, at), extra: id.slice(at + 1, -1) };
}

/** One dependency per requested extra (feature packages), plus the package itself. */
export function requirementToDependencies(req: Requirement): Dependency[] {
  const name = canonicalizeName(req.name);
  const constraint = specifierSetToConstraint(req.specifier);
  const pretty = req.specifier.toString() || "*";
  const out: Dependency[] = [{ name, constraint, pretty }];
  for (const extra of req.extras) out.push({ name: `${name}[${canonicalizeName(extra)}]`, constraint, pretty });
  return out;
}

/** Whether the requirement applies; a marker that cannot be evaluated (bad comparison) does not. */
function holds(req: Requirement, env: EvaluationEnvironment): boolean {
  if (req.marker === null) return true;
  try {
    return req.marker.evaluate(env);
  } catch {
    return false;
  }
}

/**
 * How requirement markers apply. "environment": evaluated for the given environment (the real
 * rule). "extras-only": resolvelib's test rule, where a package without extras takes no
 * requirement that has a marker, and a feature package takes those its extra makes true.
 */
export type MarkerRule = "environment" | "extras-only";

export class SnapshotProvider implements Provider {
  private readonly index = new Map<string, Map<string, readonly string[]>>();
  private readonly versionCache = new Map<string, readonly Candidate[] | null>();
  private readonly parsed = new Map<string, { req: Requirement; deps: Dependency[] }>();
  /** "name version" of every version whose dependencies the solver asked for. */
  readonly visited = new Set<string>();

  constructor(
    snapshot: Snapshot,
    private readonly environment: EvaluationEnvironment,
    private readonly rule: MarkerRule = "environment",
  ) {
    for (const [rawName, versions] of Object.entries(snapshot)) {
      if (versions === null || typeof versions !== "object" || Array.isArray(versions)) continue;
      const byVersion = new Map<string, readonly string[]>();
      for (const [v, info] of Object.entries(versions as Record<string, { dependencies?: readonly string[] }>)) {
        const deps = info?.dependencies;
        byVersion.set(v, Array.isArray(deps) ? deps.filter((d): d is string => typeof d === "string") : []);
      }
      this.index.set(canonicalizeName(rawName), byVersion);
    }
  }

  async versions(id: string): Promise<readonly Candidate[] | null> {
    const hit = this.versionCache.get(id);
    if (hit !== undefined) return hit;
    const known = this.index.get(splitFeature(id).name);
    let out: Candidate[] | null = null;
    if (known !== undefined) {
      out = [];
      for (const text of known.keys()) {
        const version = Version.tryParse(text);
        if (version !== null) out.push({ version });
      }
      out.sort((a, b) => compareVersions(a.version, b.version));
    }
    this.versionCache.set(id, out);
    return out;
  }

  async dependencies(id: string, version: Version): Promise<VersionMetadata> {
    this.visited.add(`${id} ${version.toString()}`);
    const { name, extra } = splitFeature(id);
    const known = this.index.get(name);
    const texts = known === undefined ? [] : (known.get(version.toString()) ?? this.lookup(known, version));
    const env = { ...this.environment, extra: extra ?? "" };
    const base = { ...this.environment, extra: "" };
    const out: Dependency[] = [];
    // A feature package pins its base package to the same version.
    if (extra !== null) out.push({ name, constraint: new ExactVersion(version), pretty: version.toString() });
    for (const text of texts) {
      const { req, deps } = this.parse(text);
      if (req.url !== null) continue;
      if (this.rule === "extras-only") {
        if (req.marker !== null && (extra === null || !holds(req, env))) continue;
      } else if (extra !== null) {
        // Only the requirements the extra adds (the base package carries the others).
        if (req.marker === null || !holds(req, env) || holds(req, base)) continue;
      } else if (!holds(req, env)) {
        continue;
      }
      out.push(...deps);
    }
    return { dependencies: out };
  }

  private lookup(known: Map<string, readonly string[]>, version: Version): readonly string[] {
    for (const [text, deps] of known) if (Version.tryParse(text)?.equals(version)) return deps;
    return [];
  }

  private parse(text: string): { req: Requirement; deps: Dependency[] } {
    let hit = this.parsed.get(text);
    if (hit === undefined) {
      const req = parseRequirement(text);
      hit = { req, deps: req.url === null ? requirementToDependencies(req) : [] };
      this.parsed.set(text, hit);
    }
    return hit;
  }
}
