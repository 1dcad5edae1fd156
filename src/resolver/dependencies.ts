/**
 * Checks on one version's dependency list before the solver turns it into incompatibilities:
 * several entries for one package (already filtered to this environment's markers) are one
 * requirement, their intersection; an empty intersection and a package requiring itself are
 * errors of the package's metadata (or the user's pyproject), reported as Poetry words them.
 */
import { VerseError } from "../errors.ts";
import { constraintToPep508 } from "../standards/constraint.ts";
import type { Version } from "../standards/version.ts";
import type { Dependency } from "./provider.ts";

export class IncompatibleConstraintsError extends VerseError {
  constructor(
    readonly packageName: string,
    readonly version: Version,
    readonly requirements: readonly Dependency[],
  ) {
    const lines = requirements.map((d) => `${d.name} (${constraintToPep508(d.constraint) || "*"})`);
    super(`Incompatible constraints in requirements of ${packageName} (${version.toString()}):\n${lines.join("\n")}`, {
      hint: `Remove one of the requirements on ${requirements[0]?.name ?? "the package"}, or give them markers that never hold together.`,
    });
  }
}

export class SelfDependencyError extends VerseError {
  constructor(readonly packageName: string) {
    super(`Package '${packageName}' is listed as a dependency of itself.`, {
      hint: `Remove the dependency of ${packageName} on itself.`,
    });
  }
}

/** One entry per package, in first-seen order; duplicates become their intersection. */
export function mergeDependencies(name: string, version: Version, deps: readonly Dependency[]): readonly Dependency[] {
  const groups = new Map<string, Dependency[]>();
  for (const d of deps) {
    const g = groups.get(d.name);
    if (g === undefined) groups.set(d.name, [d]);
    else g.push(d);
  }
  if (groups.size === deps.length) return deps;
  const out: Dependency[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    let constraint = group[0]!.constraint;
    for (const d of group.slice(1)) constraint = constraint.intersect(d.constraint);
    if (constraint.isEmpty()) throw new IncompatibleConstraintsError(name, version, group);
    out.push({
      name: group[0]!.name,
      constraint,
      allowPrereleases: group.some((d) => d.allowPrereleases === true),
    });
  }
  return out;
}
