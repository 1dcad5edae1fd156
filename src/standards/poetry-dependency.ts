/**
 * Poetry's dependency -> PEP 508 conversion (what poetry-core's Dependency writes into
 * Requires-Dist of a built wheel and what `export` prints), and the way back from a PEP 508
 * requirement to Poetry's `python` / `platform` fields.
 *
 * A dependency's marker is its `markers` text, intersected with the marker of its `python`
 * constraint and of its `platform` constraint; the requirement is `name[extras] (specifier)`
 * for a registry dependency, or `name[extras] @ url` for a direct one, then ` ; marker`.
 */
import { InvalidInputError } from "../errors.ts";
import { parseConstraint, constraintToPep508 } from "./constraint.ts";
import { parseGenericConstraint, type GenericConstraint, type Constraint } from "./generic-constraint.ts";
import { ANY_MARKER, MarkerUnion, MultiMarker, SingleMarker, parseMarker, type Marker } from "./markers.ts";
import { ANY, EMPTY, ExactVersion, rangesOf, type VersionConstraint, type VersionRange } from "./range.ts";
import { parseRequirement, type Requirement } from "./requirement.ts";
import { serializeValue } from "./markers-parse.ts";
import { isValidName } from "./names.ts";
import type { Version } from "./version.ts";

export class InvalidDependency extends InvalidInputError {}

/** Where a direct dependency comes from (none: a registry dependency with a version constraint). */
export type DependencySource =
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "git"; readonly url: string; readonly rev?: string; readonly subdirectory?: string }
  | { readonly kind: "path"; readonly path: string };

export interface PoetryDependency {
  readonly name: string;
  /** Poetry constraint text ("^1.2", ">=1,<2 || 3.*"); "*" or absent: any version. */
  readonly constraint?: string;
  readonly extras?: readonly string[];
  /** Poetry constraint on the Python version (the `python` key). */
  readonly python?: string;
  /** Constraint on sys_platform (the `platform` key), e.g. "linux" or "linux || darwin". */
  readonly platform?: string;
  /** PEP 508 marker text (the `markers` key). */
  readonly markers?: string;
  /** The `allow-prereleases` key; null/absent when not given. */
  readonly allowPrereleases?: boolean | null;
  readonly source?: DependencySource;
  /** The extras of the depending project that pull this optional dependency in. */
  readonly inExtras?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Constraints as markers (poetry-core's _create_nested_marker)

/** A bound without the ".dev0" a wildcard or caret gives it ("4.dev0" -> "4"). */
function printed(v: Version): string {
  if (v.dev === 0 && v.pre === null && v.post === null && v.local === null) return v.toString().replace(/\.?dev0$/, "");
  return v.toString();
}

/** A version padded to X.Y.Z for python_full_version ("3" -> "3.0.0", "3.14rc1" -> "3.14.0rc1"). */
function full(v: Version): string {
  const text = printed(v);
  if (v.release.length >= 3) return text;
  const release = v.release.join(".");
  const at = text.indexOf(release) + release.length;
  return `${text.slice(0, at - release.length)}${[...v.release, 0, 0].slice(0, 3).join(".")}${text.slice(at)}`;
}

/** Short enough to be a python_version value (X or X.Y, no suffix once dev0 is dropped). */
function isShort(v: Version): boolean {
  return v.release.length <= 2 && v.pre === null && v.post === null && (v.dev === null || v.dev === 0) && v.local === null;
}

function bound(op: string, v: Version): string {
  // python_version can say ">=", "<" and "==" of a short version; everything else needs the full version.
  if (isShort(v) && (op === ">=" || op === "<" || op === "==")) return `python_version ${op} "${printed(v)}"`;
  return `python_full_version ${op} "${full(v)}"`;
}

function rangeMarker(r: VersionRange): string {
  if (r.min !== null && r.max !== null && r.includeMin && r.includeMax && r.min.equals(r.max)) return bound("==", r.min);
  const parts: string[] = [];
  if (r.min !== null) parts.push(bound(r.includeMin ? ">=" : ">", r.min));
  if (r.max !== null) parts.push(bound(r.includeMax ? "<=" : "<", r.max));
  return parts.join(" and ");
}

/** poetry-core's marker text for a python constraint ("" for any). */
export function pythonConstraintMarker(c: VersionConstraint): string {
  if (c.isAny()) return "";
  if (c.isEmpty()) return "<empty>";
  if (c instanceof ExactVersion) return bound("==", c.version);
  const ranges = rangesOf(c);
  if (ranges.length === 1) return rangeMarker(ranges[0]!);
  return ranges.map((r) => `(${rangeMarker(r)})`).join(" or ");
}

function atomMarker(name: string, a: Constraint): string {
  return a.op === "==" || a.op === "!=" ? `${name} ${a.op} ${serializeValue(a.value)}` : `${serializeValue(a.value)} ${a.op} ${name}`;
}

/** poetry-core's marker text for a generic constraint on `name` (sys_platform, extra...). */
export function genericConstraintMarker(name: string, c: GenericConstraint): string {
  switch (c.kind) {
    case "any": return "";
    case "empty": return "<empty>";
    case "atom": return atomMarker(name, c);
    case "multi": return c.constraints.map((a) => atomMarker(name, a)).join(" and ");
    case "union":
      return c.constraints.map((m) => (m.kind === "atom" ? atomMarker(name, m) : m.constraints.map((a) => atomMarker(name, a)).join(" and "))).join(" or ");
  }
}

// ---------------------------------------------------------------------------------------------
// Markers as python constraints (poetry-core's get_python_constraint_from_marker)

/** The python versions a marker allows, ignoring every other variable. */
export function pythonConstraintFromMarker(marker: Marker): VersionConstraint {
  if (marker.isEmpty()) return EMPTY;
  if (marker instanceof MultiMarker) return marker.markers.map(pythonConstraintFromMarker).reduce((a, b) => a.intersect(b), ANY);
  if (marker instanceof MarkerUnion) {
    return marker.markers.map(pythonConstraintFromMarker).reduce<VersionConstraint | null>((a, b) => (a === null ? b : a.union(b)), null) ?? ANY;
  }
  if (marker instanceof SingleMarker && (marker.name === "python_version" || marker.name === "python_full_version") && marker.constraint.kind === "version") {
    return marker.constraint.c;
  }
  return ANY;
}

// ---------------------------------------------------------------------------------------------
// Dependency -> PEP 508

function parseOr(text: string, what: string): VersionConstraint {
  try {
    return parseConstraint(text);
  } catch (e) {
    if (e instanceof InvalidInputError) throw new InvalidDependency(`Invalid ${what} constraint ${JSON.stringify(text)}: ${e.message}`, e.hint);
    throw e;
  }
}

function markerOr(text: string, what: string): Marker {
  try {
    return parseMarker(text);
  } catch (e) {
    if (e instanceof InvalidInputError) throw new InvalidDependency(`Invalid ${what} ${JSON.stringify(text)}: ${e.message}`, e.hint);
    throw e;
  }
}

/** The dependency's marker: `markers`, narrowed by `python` and `platform`. */
export function dependencyMarker(dep: PoetryDependency): Marker {
  let marker = dep.markers ? markerOr(dep.markers, "markers") : ANY_MARKER;
  if (dep.python !== undefined && dep.python.trim() !== "*") {
    const python = pythonConstraintMarker(parseOr(dep.python, "python"));
    marker = marker.and(markerOr(python, "python"));
  }
  if (dep.platform !== undefined && dep.platform.trim() !== "*") {
    marker = marker.and(markerOr(genericConstraintMarker("sys_platform", parseGenericConstraint(dep.platform)), "platform"));
  }
  return marker;
}

/** `name[extras]` as written. */
function nameWithExtras(dep: PoetryDependency): string {
  const extras = dep.extras ?? [];
  return extras.length > 0 ? `${dep.name}[${extras.join(",")}]` : dep.name;
}

/** str(Dependency): `name[extras] (specifier)`, or the name alone for any version. */
export function dependencyString(dep: Pick<PoetryDependency, "name" | "extras" | "constraint">): string {
  const text = dep.constraint?.trim() ?? "*";
  const spec = constraintToPep508(parseOr(text, "version"), text);
  return spec === "" ? nameWithExtras(dep) : `${nameWithExtras(dep)} (${spec})`;
}

/** A file URL for an absolute path (POSIX or Windows drive path). */
function fileUrl(path: string): string {
  const posix = path.replace(/\\/g, "/");
  if (!posix.startsWith("/") && !/^[A-Za-z]:\//.test(posix)) {
    throw new InvalidDependency(`Path dependency ${JSON.stringify(path)} is not absolute`, "Resolve it against the project root first.");
  }
  return `file://${posix.startsWith("/") ? "" : "/"}${encodeURI(posix)}`;
}

/** A git URL as pip reads it: `git+` scheme; scp-like `git@host:org/repo` becomes `ssh://`. */
function gitUrl(url: string): string {
  if (url.startsWith("git+")) return url;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) return `git+${url}`;
  const scp = /^([^@/]+@)?([^:/]+):(.+)$/.exec(url);
  if (scp !== null) return `git+ssh://${scp[1] ?? ""}${scp[2]}/${scp[3]!.replace(/^\//, "")}`;
  throw new InvalidDependency(`Invalid git URL ${JSON.stringify(url)}`, "Use https://, ssh:// or git@host:org/repo.git.");
}

/** The requirement without its marker (poetry-core's base_pep_508_name). */
export function basePep508(dep: PoetryDependency): string {
  const head = nameWithExtras(dep);
  const src = dep.source;
  if (src === undefined) return dependencyString(dep);
  switch (src.kind) {
    case "url":
      return `${head} @ ${src.url}`;
    case "path":
      return `${head} @ ${fileUrl(src.path)}`;
    case "git": {
      let url = gitUrl(src.url);
      if (src.rev) url += `@${src.rev}`;
      if (src.subdirectory) url += `#subdirectory=${src.subdirectory}`;
      return `${head} @ ${url}`;
    }
  }
}

/**
 * The PEP 508 requirement poetry-core writes for the dependency (Dependency.to_pep_508).
 * `withExtras` false drops the `extra` comparisons (as for `export --without-extras`).
 */
export function dependencyToPep508(dep: PoetryDependency, withExtras = true): string {
  let requirement = basePep508(dep);
  const markers: string[] = [];
  let marker = dependencyMarker(dep);
  let hasExtra = false;
  if (!marker.isAny()) {
    if (!withExtras) marker = marker.withoutExtras();
    if (!marker.isAny() && !marker.isEmpty()) markers.push(marker.toString());
    hasExtra = mentionsExtra(marker);
  }
  if (withExtras && !hasExtra && dep.inExtras && dep.inExtras.length > 0) {
    markers.push(genericConstraintMarker("extra", parseGenericConstraint(dep.inExtras.join(" || "), true)));
  }
  if (markers.length > 0) requirement += ` ; ${markers.length > 1 ? markers.map((m) => `(${m})`).join(" and ") : markers[0]}`;
  return requirement;
}

function mentionsExtra(m: Marker): boolean {
  if (m instanceof SingleMarker) return m.name === "extra";
  if (m instanceof MultiMarker || m instanceof MarkerUnion) return m.markers.some(mentionsExtra);
  return false;
}

/** poetry-core's Dependency.allows_prereleases(): the flag as given. */
export function allowsPrereleases(dep: Pick<PoetryDependency, "allowPrereleases">): boolean | null {
  return dep.allowPrereleases ?? null;
}

// ---------------------------------------------------------------------------------------------
// PEP 508 -> dependency (poetry-core's Dependency.create_from_pep_508, the python/platform part)

export interface DependencyFromPep508 {
  readonly name: string;
  /** The version constraint as poetry-core prints it ("2.18.0", ">=2.7,<2.8", "*"). */
  readonly constraint: string;
  readonly extras: readonly string[];
  readonly marker: Marker;
  /** Poetry's `python` field derived from the marker ("3.3.* || 3.4.*"), "*" when none. */
  readonly pythonVersions: string;
  /** Poetry's `platform` field derived from the marker ("win32 || darwin"), null when none. */
  readonly platform: string | null;
  readonly inExtras: readonly string[];
}

type Comparison = [op: string, value: string];

/** The comparisons on `name`, as alternatives of conjunctions (poetry-core's convert_markers). */
function comparisonsOn(m: Marker, name: string): Comparison[][] {
  const alternatives = m instanceof MarkerUnion ? m.markers : [m];
  const out: Comparison[][] = [];
  for (const alt of alternatives) {
    const conj = alt instanceof MultiMarker ? alt.markers : [alt];
    const found: Comparison[] = [];
    for (const c of conj) {
      if (!(c instanceof SingleMarker) || c.name !== name) continue;
      for (const piece of c.toString().split(" and ")) {
        const hit = /^\S+ (==|!=|<=|>=|<|>|~=|not in|in) (["'])(.*)\2$/.exec(piece.trim());
        if (hit) found.push([hit[1]!, hit[3]!]);
      }
    }
    if (found.length > 0) out.push(found);
  }
  return out;
}

function splitValues(text: string): string[] {
  return text.split(/[ ,|]+/).filter((v) => v !== "");
}

function pythonVersionsOf(alternatives: Comparison[][]): string {
  const ors = alternatives.map((ands) =>
    ands.map(([op, version]) => {
      if (op === "in" || op === "not in") {
        const versions = splitValues(version).map((v) => {
          const parts = v.split(".");
          if (parts.length <= 2) return `${op === "in" ? "" : "!="}${[...parts, "*"].join(".")}`;
          return `${op === "in" ? "==" : "!="}${v}`;
        });
        return versions.join(op === "in" ? " || " : ", ");
      }
      const short = !version.includes("*") && version.split(".").length <= 2;
      if (op === "==" && short) return `~${version}`;
      if (op === "!=" && short) return `!=${version}.*`;
      return `${op}${version}`;
    }).join(" "));
  return ors.join(" || ");
}

/** Reads a PEP 508 requirement the way poetry-core builds a Dependency from it. */
export function dependencyFromPep508(text: string): DependencyFromPep508 {
  const req = parseRequirement(text);
  return dependencyFromRequirement(text, req, req.marker === null ? ANY_MARKER : markerOr(req.marker.toString(), "marker"));
}

/** dependencyFromPep508 for a requirement already parsed (`text`, its `req` and its marker in the algebra). */
export function dependencyFromRequirement(text: string, req: Requirement, marker: Marker): DependencyFromPep508 {
  const spec = req.specifier.toString();
  const constraint = spec === "" ? "*" : String(parseOr(spec, "version"));
  const python = comparisonsOn(marker, "python_version");
  const platforms = comparisonsOn(marker, "sys_platform");
  const platform = platforms.length === 0 ? null : platforms.map((ands) =>
    ands.map(([op, v]) => (op === "in" ? splitValues(v).join(" || ") : op === "==" ? v : `${op}${v}`)).join(" ")).join(" || ");
  const extraValues = comparisonsOn(marker, "extra").flatMap((ands) => ands.map(([, v]) => v));
  const bad = extraValues.find((v) => !isValidName(v));
  if (bad !== undefined) {
    // Old setuptools wrote `extra == ":python_version < '3.4'"`; poetry-core rejects it as a marker.
    throw new InvalidDependency(
      `Invalid marker in ${JSON.stringify(text)}: ${JSON.stringify(bad)} is not an extra name`,
      "An extra is a name (letters, digits, '-', '_', '.'); put python_version comparisons outside the extra.",
    );
  }
  const inExtras = comparisonsOn(marker, "extra").flatMap((ands) => ands.filter(([op]) => op === "==").map(([, v]) => v));
  return {
    name: req.name, constraint, extras: [...req.extras], marker,
    pythonVersions: python.length === 0 ? "*" : pythonVersionsOf(python), platform, inExtras,
  };
}
