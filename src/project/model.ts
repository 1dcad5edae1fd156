/**
 * The one normalized project model every command works from, whatever the file declares:
 * PEP 621 `[project]`, Poetry's `[tool.poetry]`, PEP 735 `[dependency-groups]`, or a mix,
 * merged by Poetry 2's rules (see pyproject.ts).
 */
import type { NormalizedName } from "../standards/names.ts";
import type { TomlTable } from "./toml-parse.ts";
import type { TomlPath } from "./toml-scan.ts";

/** Where a dependency comes from. */
export type DependencyKind =
  | { readonly type: "registry" }
  | { readonly type: "git"; readonly url: string; readonly branch: string | null; readonly tag: string | null; readonly rev: string | null; readonly subdirectory: string | null }
  | { readonly type: "path"; readonly path: string; readonly subdirectory: string | null }
  | { readonly type: "url"; readonly url: string; readonly subdirectory: string | null };

export type DependencyOrigin = "project" | "poetry" | "dependency-groups";

export interface Dependency {
  /** As written. */
  readonly name: string;
  readonly normalizedName: NormalizedName;
  /**
   * Poetry constraint text ("*" when any version goes). For PEP 508 declarations this is the
   * specifier set text (">=2,<3"), which Poetry's constraint parser reads as well.
   */
  readonly constraint: string;
  readonly extras: readonly string[];
  readonly optional: boolean;
  /** Poetry's `python = "..."` restriction (a constraint), or null. */
  readonly python: string | null;
  /** Poetry's `platform = "..."` (sys_platform), or null. */
  readonly platform: string | null;
  /** PEP 508 marker text, or null. */
  readonly markers: string | null;
  /** A named source from `[[tool.poetry.source]]`. */
  readonly source: string | null;
  /** null: not said (Poetry then allows pre-releases only when nothing else fits). */
  readonly allowPrereleases: boolean | null;
  readonly develop: boolean;
  readonly kind: DependencyKind;
  readonly group: string;
  readonly origin: DependencyOrigin;
  /** The PEP 508 text when declared as such ([project] or [dependency-groups]). */
  readonly requirement: string | null;
  /** The key path of the declaration (for messages and `verse check`). */
  readonly declaredAt: TomlPath;
}

export interface DependencyGroup {
  readonly name: string;
  readonly optional: boolean;
  readonly dependencies: readonly Dependency[];
  /** PEP 735 `{include-group = "..."}` entries, in order. */
  readonly includes: readonly string[];
}

export interface Person {
  readonly name: string | null;
  readonly email: string | null;
}

export interface Script {
  readonly name: string;
  readonly reference: string;
  readonly type: "console" | "file" | "gui";
  readonly extras: readonly string[];
}

export type SourcePriority = "primary" | "supplemental" | "explicit";

export interface PackageSource {
  readonly name: string;
  /** null for the implicit PyPI entry (`name = "PyPI"` without url). */
  readonly url: string | null;
  readonly priority: SourcePriority;
}

export interface PackageInclude {
  readonly include: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly formats: readonly string[];
}

export interface Project {
  /** Absolute path of pyproject.toml ("pyproject.toml" when parsed from text). */
  readonly file: string;
  /** The directory holding it. */
  readonly root: string;
  /** Which tables define the metadata. */
  readonly layout: "pep621" | "poetry";
  readonly packageMode: boolean;
  readonly name: string | null;
  readonly normalizedName: NormalizedName | null;
  readonly version: string | null;
  readonly description: string | null;
  readonly authors: readonly Person[];
  readonly maintainers: readonly Person[];
  readonly license: string | null;
  readonly readme: readonly string[];
  readonly keywords: readonly string[];
  readonly classifiers: readonly string[];
  readonly urls: Readonly<Record<string, string>>;
  /** `[project].requires-python` as written (for metadata), or null. */
  readonly requiresPython: string | null;
  /**
   * The Python constraint used for locking: `tool.poetry.dependencies.python` when given (it may
   * narrow requires-python, as Poetry 2 documents), else requires-python, else "*".
   */
  readonly pythonConstraint: string;
  readonly dynamic: readonly string[];
  /** Every group, "main" first. */
  readonly groups: ReadonlyMap<string, DependencyGroup>;
  /** Extra name → normalized names of the optional main dependencies it turns on. */
  readonly extras: Readonly<Record<string, readonly NormalizedName[]>>;
  readonly scripts: readonly Script[];
  readonly entryPoints: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly packages: readonly PackageInclude[];
  readonly include: readonly PackageInclude[];
  readonly exclude: readonly string[];
  readonly sources: readonly PackageSource[];
  readonly buildSystem: { readonly requires: readonly string[]; readonly backend: string | null } | null;
  readonly requiresPoetry: string | null;
  /** The whole parsed document, for the lock's content-hash and for `check`. */
  readonly data: TomlTable;
  /** The exact text it was read from. */
  readonly text: string;
}

export const MAIN_GROUP = "main";
