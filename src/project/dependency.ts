/**
 * Dependency declarations → Dependency: Poetry's string/table/list forms and PEP 508 strings.
 * Constraints and requirements are checked with the standards parsers so a bad one is reported
 * with its key path, not at resolution time.
 */
import { VerseError } from "../errors.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { parsePep508Marker } from "../standards/markers.ts";
import { canonicalizeName, isValidName } from "../standards/names.ts";
import { parseRequirement } from "../standards/requirement.ts";
import type { Dependency, DependencyKind, DependencyOrigin } from "./model.ts";
import type { DependencyTable, PoetryDependencyValue, SchemaIssue } from "./schema.ts";
import type { TomlPath } from "./toml-scan.ts";

function message(e: unknown): string {
  return e instanceof VerseError || e instanceof Error ? e.message : String(e);
}

function checkConstraint(text: string, path: TomlPath, issues: SchemaIssue[]): void {
  try {
    parseConstraint(text);
  } catch (e) {
    issues.push({ path, message: `invalid version constraint ${JSON.stringify(text)}: ${message(e)}` });
  }
}

function checkMarker(text: string, path: TomlPath, issues: SchemaIssue[]): void {
  try {
    parsePep508Marker(text);
  } catch (e) {
    issues.push({ path, message: `invalid marker ${JSON.stringify(text)}: ${message(e)}` });
  }
}

function kindOf(t: DependencyTable): DependencyKind {
  const subdirectory = t.subdirectory ?? null;
  if (t.git !== undefined) return { type: "git", url: t.git, branch: t.branch ?? null, tag: t.tag ?? null, rev: t.rev ?? null, subdirectory };
  if (t.path !== undefined) return { type: "path", path: t.path, subdirectory };
  if (t.url !== undefined) return { type: "url", url: t.url, subdirectory };
  return { type: "registry" };
}

/** One `[tool.poetry...dependencies]` entry → one Dependency per constraint. */
export function poetryDependencies(
  name: string,
  value: PoetryDependencyValue,
  group: string,
  path: TomlPath,
  issues: SchemaIssue[],
): Dependency[] {
  if (!isValidName(name)) {
    issues.push({ path, message: `${JSON.stringify(name)} is not a valid package name` });
    return [];
  }
  const tables: readonly DependencyTable[] = typeof value === "string" ? [{ version: value }] : Array.isArray(value) ? value : [value as DependencyTable];
  return tables.map((t, i) => {
    const at = Array.isArray(value) ? [...path, i] : path;
    const constraint = t.version ?? "*";
    if (t.version !== undefined) checkConstraint(t.version, typeof value === "string" ? at : [...at, "version"], issues);
    if (t.python !== undefined) checkConstraint(t.python, [...at, "python"], issues);
    if (t.markers !== undefined) checkMarker(t.markers, [...at, "markers"], issues);
    return {
      name,
      normalizedName: canonicalizeName(name),
      constraint,
      extras: t.extras ?? [],
      optional: t.optional ?? false,
      python: t.python ?? null,
      platform: t.platform ?? null,
      markers: t.markers ?? null,
      source: t.source ?? null,
      allowPrereleases: t["allow-prereleases"] ?? t["allows-prereleases"] ?? null,
      develop: t.develop ?? false,
      kind: kindOf(t),
      group,
      origin: "poetry" as const,
      requirement: null,
      declaredAt: at,
    };
  });
}

/** `git+https://host/repo.git@rev#subdirectory=x` and friends → a DependencyKind. */
export function kindFromUrl(url: string): DependencyKind {
  const hash = url.indexOf("#");
  const fragment = hash === -1 ? "" : url.slice(hash + 1);
  const base = hash === -1 ? url : url.slice(0, hash);
  const sub = /(?:^|&)subdirectory=([^&]*)/.exec(fragment);
  const subdirectory = sub ? decodeURIComponent(sub[1] as string) : null;
  if (base.startsWith("git+")) {
    const raw = base.slice(4);
    // the revision follows the last "@" after the host part
    const schemeEnd = raw.indexOf("://");
    const at = raw.lastIndexOf("@");
    const slash = raw.indexOf("/", schemeEnd + 3);
    if (at > slash && slash !== -1) return { type: "git", url: raw.slice(0, at), branch: null, tag: null, rev: raw.slice(at + 1), subdirectory };
    return { type: "git", url: raw, branch: null, tag: null, rev: null, subdirectory };
  }
  if (base.startsWith("file:")) {
    const path = decodeURIComponent(base.replace(/^file:(\/\/(localhost)?)?/, ""));
    return { type: "path", path, subdirectory };
  }
  return { type: "url", url: base, subdirectory };
}

/** A PEP 508 string from [project] or [dependency-groups] → Dependency (null when invalid). */
export function pep508Dependency(text: string, group: string, origin: DependencyOrigin, optional: boolean, path: TomlPath, issues: SchemaIssue[]): Dependency | null {
  let req;
  try {
    req = parseRequirement(text);
  } catch (e) {
    issues.push({ path, message: `invalid requirement ${JSON.stringify(text)}: ${message(e)}` });
    return null;
  }
  const spec = req.specifier.toString();
  return {
    name: req.name,
    normalizedName: canonicalizeName(req.name),
    constraint: spec === "" ? "*" : spec,
    extras: [...req.extras],
    optional,
    python: null,
    platform: null,
    markers: req.marker ? req.marker.toString() : null,
    source: null,
    allowPrereleases: null,
    develop: false,
    kind: req.url ? kindFromUrl(req.url) : { type: "registry" },
    group,
    origin,
    requirement: text,
    declaredAt: path,
  };
}

/**
 * Poetry 2: when a dependency is declared in [project] (or [dependency-groups]), an entry of the
 * same name under [tool.poetry...] only adds what PEP 508 cannot say: source, develop,
 * allow-prereleases, and a git/path/url origin or version when the standard entry has none.
 */
export function enrich(base: Dependency, extra: Dependency): Dependency {
  return {
    ...base,
    source: extra.source ?? base.source,
    develop: extra.develop || base.develop,
    allowPrereleases: extra.allowPrereleases ?? base.allowPrereleases,
    kind: base.kind.type === "registry" ? extra.kind : base.kind,
    constraint: base.constraint === "*" && base.kind.type === "registry" ? extra.constraint : base.constraint,
  };
}
