/**
 * What the solver asks of the outside world, and nothing else: the versions of a package and
 * the dependencies of one version. Both are async so a real provider (src/index) can fetch
 * concurrently while the solver works; the solver announces what it will need soon through the
 * optional prefetch hooks and never waits on them.
 */
import type { VersionConstraint } from "../standards/range.ts";
import type { Version } from "../standards/version.ts";

/** A Python requirement (requires-python) as written and as a constraint. */
export interface PythonRequirement {
  /** As written, shown in explanations: "<3.5", ">=3.8". */
  readonly text: string;
  readonly constraint: VersionConstraint;
}

/** One dependency edge, already filtered by markers for the environment (fork) being solved. */
export interface Dependency {
  /** The package name as the solver keys it (normalized; "name[extra]" for an extra's feature package). */
  readonly name: string;
  readonly constraint: VersionConstraint;
  /** The constraint as written, shown in explanations ("^1.0", ">=2.0.0 <3.0.0"); default: the algebra's form. */
  readonly pretty?: string;
  /** Pre-releases may be chosen even when a stable release fits (Poetry's allow-prereleases). */
  readonly allowPrereleases?: boolean;
}

/** One version of a package on the index. */
export interface Candidate {
  readonly version: Version;
  /** Yanked (PEP 592): true, or the reason given. Never chosen unless pinned exactly or preferred. */
  readonly yanked?: boolean | string;
  /** The version's requires-python when the listing already carries it (PEP 503 data-requires-python). */
  readonly requiresPython?: PythonRequirement | null;
}

export interface VersionMetadata {
  readonly dependencies: readonly Dependency[];
  /** requires-python from the metadata, when the listing did not carry it. */
  readonly requiresPython?: PythonRequirement | null;
}

export interface Provider {
  /**
   * Every version of the package, sorted ascending (PEP 440 order). An empty list means the
   * package exists without usable versions; null means it does not exist at all.
   */
  versions(name: string): Promise<readonly Candidate[] | null>;
  /** The dependencies of one version (for this environment: markers already evaluated). */
  dependencies(name: string, version: Version): Promise<VersionMetadata>;
  /** The solver will soon ask for these packages' versions (and likely their best candidate's metadata). */
  prefetch?(names: readonly string[]): void;
  /** The solver keeps failing on this package: the metadata of these versions will likely be needed. */
  prefetchDependencies?(name: string, versions: readonly Version[]): void;
}
