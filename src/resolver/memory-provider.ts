/**
 * A Provider over packages held in memory: for tests, benchmarks and snapshots of an index.
 * It records which versions' dependencies were asked for, so tests can check what the solver
 * never needed to look at.
 */
import { compareVersions, type Version } from "../standards/version.ts";
import type { Candidate, Dependency, Provider, PythonRequirement, VersionMetadata } from "./provider.ts";

export interface InMemoryPackage {
  readonly version: Version;
  readonly dependencies: readonly Dependency[];
  readonly yanked?: boolean | string;
  readonly requiresPython?: PythonRequirement | null;
}

export class InMemoryProvider implements Provider {
  private readonly packages = new Map<string, InMemoryPackage[]>();
  private readonly sorted = new Map<string, readonly Candidate[]>();
  /** "name version" of every version whose dependencies the solver asked for. */
  readonly visited = new Set<string>();
  /** Optional hooks, so tests can watch what the solver announces. */
  prefetch?: Provider["prefetch"];
  prefetchDependencies?: Provider["prefetchDependencies"];

  add(name: string, pkg: InMemoryPackage): this {
    let list = this.packages.get(name);
    if (list === undefined) this.packages.set(name, (list = []));
    list.push(pkg);
    this.sorted.delete(name);
    return this;
  }

  async versions(name: string): Promise<readonly Candidate[] | null> {
    const cached = this.sorted.get(name);
    if (cached !== undefined) return cached;
    const list = this.packages.get(name);
    if (list === undefined) return null;
    const out = [...list]
      .sort((a, b) => compareVersions(a.version, b.version))
      .map((p) => ({ version: p.version, yanked: p.yanked, requiresPython: p.requiresPython }));
    this.sorted.set(name, out);
    return out;
  }

  async dependencies(name: string, version: Version): Promise<VersionMetadata> {
    this.visited.add(`${name} ${version.toString()}`);
    const found = this.packages.get(name)?.find((p) => p.version.equals(version));
    return { dependencies: found?.dependencies ?? [] };
  }
}
