/**
 * Requires-Dist lines: the project's Dependency mapped onto src/standards' PoetryDependency and
 * written by dependencyToPep508 (poetry-core's Dependency.to_pep_508: `name[extras] (specifier)`
 * or `name @ url`, then ` ; marker`, with the dependency's marker and its `extra` marker each
 * parenthesized when both are present).
 */
import { isAbsolute, join } from "node:path";
import type { Dependency } from "../project/core.ts";
import { dependencyToPep508, type DependencySource, type PoetryDependency } from "../standards/poetry-dependency.ts";

function sourceOf(dep: Dependency, projectRoot: string): DependencySource | undefined {
  const k = dep.kind;
  switch (k.type) {
    case "registry":
      return undefined;
    case "url":
      return { kind: "url", url: k.subdirectory ? `${k.url}#subdirectory=${k.subdirectory}` : k.url };
    case "git": {
      const rev = k.rev ?? k.tag ?? k.branch ?? undefined;
      return { kind: "git", url: k.url, ...(rev ? { rev } : {}), ...(k.subdirectory ? { subdirectory: k.subdirectory } : {}) };
    }
    case "path":
      return { kind: "path", path: isAbsolute(k.path) ? k.path : join(projectRoot, k.path) };
  }
}

/** One Requires-Dist value; `extras` are the project extras that turn the dependency on. */
export function requiresDistLine(dep: Dependency, extras: readonly string[], projectRoot: string): string {
  const source = sourceOf(dep, projectRoot);
  const poetry: PoetryDependency = {
    name: dep.name,
    constraint: dep.constraint,
    extras: dep.extras,
    ...(dep.python !== null ? { python: dep.python } : {}),
    ...(dep.platform !== null ? { platform: dep.platform } : {}),
    ...(dep.markers !== null ? { markers: dep.markers } : {}),
    ...(source !== undefined ? { source } : {}),
    inExtras: extras,
  };
  return dependencyToPep508(poetry);
}
