/**
 * The typed model of `poetry.lock`, as Poetry 2.x writes it (lock-version 2.1) and as older
 * files are read into it (1.1 keeps hashes in `[metadata.files]`, 2.0 has `category` and no
 * groups or markers). Field names follow the file's keys in camelCase.
 */

/** One distribution file of a locked release, with its hash ("sha256:<hex>"). */
export interface LockedFile {
  readonly file: string;
  readonly hash: string;
}

export type VcsKind = "git" | "hg" | "svn" | "bzr";

/**
 * One constraint of a locked package's dependency, as Poetry writes it: a plain version
 * constraint (written as a bare string) or a table. Poetry itself writes only `version`, `path`,
 * `develop`, `url`, a VCS key with `branch`/`tag`/`rev`/`subdirectory`, `extras`, `optional` and
 * `markers`; `python`, `platform` and `source` are read from hand-written files.
 */
export interface DependencyConstraint {
  readonly version?: string;
  readonly path?: string;
  readonly develop?: boolean;
  readonly url?: string;
  readonly vcs?: { readonly kind: VcsKind; readonly url: string };
  readonly branch?: string;
  readonly tag?: string;
  readonly rev?: string;
  readonly subdirectory?: string;
  readonly extras?: readonly string[];
  readonly optional?: boolean;
  readonly python?: string;
  readonly platform?: string;
  readonly markers?: string;
  readonly source?: string;
}

/** A dependency of a locked package: its name as written and one or more constraints. */
export interface LockedDependency {
  readonly name: string;
  /** At least one; several when the package declares disjoint markers (Poetry writes a list). */
  readonly constraints: readonly DependencyConstraint[];
}

/** Where a locked package comes from; absent for PyPI. */
export interface LockedSource {
  /** "legacy" (a named index), "git", "hg", "directory", "file", "url"... null when not written. */
  readonly type: string | null;
  /** The index URL, repository URL, or a path relative to the lock file. */
  readonly url: string;
  /** The source name for "legacy", or the requested branch/tag/rev for VCS. */
  readonly reference: string | null;
  /** The commit a VCS reference resolved to. */
  readonly resolvedReference: string | null;
  readonly subdirectory: string | null;
}

/**
 * Under which environment markers a package is needed. `all`: one marker for every group it is
 * in (Poetry writes a string); `per-group`: group → marker for the groups whose marker is not
 * "any" (Poetry writes an inline table).
 */
export type PackageMarkers =
  | { readonly kind: "all"; readonly marker: string }
  | { readonly kind: "per-group"; readonly markers: Readonly<Record<string, string>> };

export interface LockedPackage {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly optional: boolean;
  readonly pythonVersions: string;
  /** lock-version 2.1: the groups that need the package; null when read from an older file. */
  readonly groups: readonly string[] | null;
  /** lock-version 2.1; null when needed everywhere (or read from an older file). */
  readonly markers: PackageMarkers | null;
  /** lock-version ≤ 2.0: "main" or "dev"; never written in 2.1. */
  readonly category: string | null;
  readonly files: readonly LockedFile[];
  readonly dependencies: readonly LockedDependency[];
  /** Extra name → PEP 508 requirement strings it turns on. */
  readonly extras: Readonly<Record<string, readonly string[]>>;
  readonly source: LockedSource | null;
  /** Written for directory and git packages. */
  readonly develop: boolean | null;
}

export interface LockMetadata {
  /** The format the file was read from; a written file is always "2.1". */
  readonly lockVersion: string;
  readonly pythonVersions: string;
  /** null when the file has none: such a lock is never fresh. */
  readonly contentHash: string | null;
}

export interface Lock {
  readonly packages: readonly LockedPackage[];
  /** The root project's extras (top-level `[extras]`): extra → package names. */
  readonly extras: Readonly<Record<string, readonly string[]>>;
  readonly metadata: LockMetadata;
}

/** The lock-version verse writes. */
export const LOCK_VERSION = "2.1";
