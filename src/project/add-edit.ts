/**
 * Where `verse add` writes a dependency and how (Poetry 2's rules), and how `verse remove` takes
 * it out of every place it is declared — as operations of the format-preserving TomlEditor, so
 * comments, order and layout stay as they were.
 *
 * Main group: PEP 508 strings in `[project].dependencies` (or `[project.optional-dependencies]
 * .<extra>` with --optional) when the project declares its dependencies there; otherwise a
 * Poetry value in `[tool.poetry.dependencies]` ("^1.2", or an inline table when there is more
 * to say). Keys `[project]` cannot hold (source, allow-prereleases, develop) go into a
 * `[tool.poetry.dependencies]` entry beside the PEP 508 string, as Poetry 2 does.
 * Other groups: `[dependency-groups].<g>` when the group (or, for a PEP 621 project, the table)
 * is already there, else `[tool.poetry.group.<g>.dependencies]`.
 * An existing declaration of the same name (PEP 503-normalized) is replaced in place.
 */
import { isAbsolute, relative, sep } from "node:path";
import { VerseError } from "../errors.ts";
import { canonicalizeName } from "../standards/names.ts";
import { dependencyToPep508, type DependencySource } from "../standards/poetry-dependency.ts";
import type { TomlEditor } from "./editor.ts";
import { MAIN_GROUP } from "./model.ts";
import type { TomlInput } from "./toml-render.ts";
import type { TomlPath } from "./toml-scan.ts";

export class DependencyNotFoundError extends VerseError {}

/** One dependency to write, fully decided (the version picked, the path made absolute). */
export interface NewDependency {
  readonly name: string;
  /** Poetry constraint of a registry dependency ("^1.2", ">=1,<2", "*"); null for a direct reference. */
  readonly constraint: string | null;
  /** A direct reference (git, url, or a path: absolute here). */
  readonly direct: DependencySource | null;
  readonly extras: readonly string[];
  readonly python: string | null;
  readonly platform: string | null;
  readonly markers: string | null;
  readonly source: string | null;
  readonly allowPrereleases: boolean;
  readonly develop: boolean;
}

export interface AddTarget {
  readonly group: string;
  /** The extra this optional main dependency belongs to (--optional <extra>), or null. */
  readonly optional: string | null;
}

export interface Placement {
  /** Where it went, e.g. "project.dependencies" or "tool.poetry.group.dev.dependencies". */
  readonly location: string;
  /** True when an existing declaration was replaced. */
  readonly updated: boolean;
}

type Table = Record<string, unknown>;

function table(v: unknown): Table | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? (v as Table) : null;
}

/** The package name a PEP 508 string starts with (normalized), or null. */
export function pep508Name(text: unknown): string | null {
  if (typeof text !== "string") return null;
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(text);
  return m ? canonicalizeName(m[1]!) : null;
}

/** The PEP 508 string poetry-core writes for the dependency (its `to_pep_508()`). */
export function dependencyPep508(dep: NewDependency): string {
  return dependencyToPep508({
    name: dep.name,
    constraint: dep.constraint ?? undefined,
    extras: dep.extras,
    python: dep.python ?? undefined,
    platform: dep.platform ?? undefined,
    markers: dep.markers ?? undefined,
    source: dep.direct ?? undefined,
  });
}

/** A path as `[tool.poetry]` keeps it: relative to the project when it lies below or beside it. */
function projectPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  if (rel === "") return ".";
  if (isAbsolute(rel)) return abs.split(sep).join("/");
  return rel.split(sep).join("/");
}

/** The value Poetry writes under `[tool.poetry.dependencies]` (a bare constraint when that says it all). */
export function poetryValue(dep: NewDependency, root: string, optional: boolean): TomlInput {
  const t: Record<string, TomlInput> = {};
  const d = dep.direct;
  if (d === null) t.version = dep.constraint ?? "*";
  else if (d.kind === "git") {
    t.git = d.url;
    if (d.rev !== undefined) t.rev = d.rev;
    if (d.subdirectory !== undefined) t.subdirectory = d.subdirectory;
  } else if (d.kind === "path") t.path = projectPath(root, d.path);
  else t.url = d.url;
  if (dep.extras.length > 0) t.extras = [...dep.extras];
  if (optional) t.optional = true;
  if (dep.allowPrereleases) t["allow-prereleases"] = true;
  if (dep.develop) t.develop = true;
  if (dep.python !== null) t.python = dep.python;
  if (dep.platform !== null) t.platform = dep.platform;
  if (dep.markers !== null) t.markers = dep.markers;
  if (dep.source !== null) t.source = dep.source;
  const keys = Object.keys(t);
  return keys.length === 1 && keys[0] === "version" ? (t.version as string) : t;
}

/** What `[project]` cannot say, for a `[tool.poetry.dependencies]` entry beside the PEP 508 string. */
function poetryOnly(dep: NewDependency): Record<string, TomlInput> | null {
  const t: Record<string, TomlInput> = {};
  if (dep.allowPrereleases) t["allow-prereleases"] = true;
  if (dep.develop) t.develop = true;
  if (dep.source !== null) t.source = dep.source;
  if (Object.keys(t).length === 0) return null;
  // the marker keys too, so that Poetry can tell which PEP 508 entry this one enriches
  if (dep.python !== null) t.python = dep.python;
  if (dep.platform !== null) t.platform = dep.platform;
  return t;
}

/** Whether main dependencies go into `[project]` (PEP 621) rather than `[tool.poetry.dependencies]`. */
export function usesProjectSection(data: Table): boolean {
  const project = table(data.project);
  if (project === null) return false;
  if ("dependencies" in project || "optional-dependencies" in project) return true;
  if (Array.isArray(project.dynamic) && project.dynamic.includes("dependencies")) return false;
  const poetryDeps = table(table(table(data.tool)?.poetry)?.dependencies);
  return poetryDeps === null || Object.keys(poetryDeps).every((k) => k === "python");
}

/** The key of `t` naming the group `group` (as written), or null. */
function groupKey(t: Table | null, group: string): string | null {
  if (t === null) return null;
  const want = canonicalizeName(group);
  return Object.keys(t).find((k) => canonicalizeName(k) === want) ?? null;
}

/** Replaces the string of the same package in the array at `path`, or appends it. */
function putInArray(editor: TomlEditor, path: TomlPath, text: string, name: string): boolean {
  const items = editor.get(path);
  if (Array.isArray(items)) {
    const at = items.findIndex((item) => pep508Name(item) === name);
    if (at >= 0) {
      editor.set([...path, at], text);
      // a second declaration of the same package would only contradict the first
      for (let i = items.length - 1; i > at; i--) if (pep508Name(items[i]) === name) editor.remove([...path, i]);
      return true;
    }
  }
  // a new array is written one item per line with a trailing comma, as Poetry (tomlkit) does
  if (items === undefined) editor.set(path, [], { multiline: true });
  editor.appendToArray(path, text);
  return false;
}

/** Sets the Poetry entry, dropping other spellings of the same name. */
function putInTable(editor: TomlEditor, path: TomlPath, key: string, value: TomlInput): boolean {
  const name = canonicalizeName(key);
  const existing = table(editor.get(path));
  let updated = false;
  for (const k of Object.keys(existing ?? {})) {
    if (canonicalizeName(k) !== name) continue;
    updated = true;
    if (k !== key) editor.remove([...path, k]);
  }
  editor.set([...path, key], value);
  return updated;
}

const POETRY: TomlPath = ["tool", "poetry"];

/** Writes one dependency where Poetry 2 would. */
export function placeDependency(editor: TomlEditor, root: string, dep: NewDependency, target: AddTarget): Placement {
  const data = editor.value as Table;
  const name = canonicalizeName(dep.name);
  if (target.group === MAIN_GROUP) {
    if (usesProjectSection(data)) {
      const path: TomlPath = target.optional === null ? ["project", "dependencies"] : ["project", "optional-dependencies", target.optional];
      const updated = putInArray(editor, path, dependencyPep508(dep), name);
      const extra = poetryOnly(dep);
      if (extra !== null) putInTable(editor, [...POETRY, "dependencies"], dep.name, extra);
      return { location: path.join("."), updated };
    }
    const path: TomlPath = [...POETRY, "dependencies"];
    const updated = putInTable(editor, path, dep.name, poetryValue(dep, root, target.optional !== null));
    if (target.optional !== null) {
      const extrasPath: TomlPath = [...POETRY, "extras", target.optional];
      const current = editor.get(extrasPath);
      if (!Array.isArray(current) || !current.some((n) => typeof n === "string" && canonicalizeName(n) === name)) editor.appendToArray(extrasPath, dep.name);
    }
    return { location: path.join("."), updated };
  }
  const pep735 = table(data["dependency-groups"]);
  const poetryGroups = table(table(table(table(data.tool)?.poetry)?.group));
  const inPep735 = groupKey(pep735, target.group);
  const inPoetry = groupKey(poetryGroups, target.group);
  if (inPep735 !== null || (inPoetry === null && pep735 !== null && table(data.project) !== null)) {
    const path: TomlPath = ["dependency-groups", inPep735 ?? target.group];
    const updated = putInArray(editor, path, dependencyPep508(dep), name);
    const extra = poetryOnly(dep);
    if (extra !== null) putInTable(editor, [...POETRY, "group", inPoetry ?? target.group, "dependencies"], dep.name, extra);
    return { location: path.join("."), updated };
  }
  const path: TomlPath = [...POETRY, "group", inPoetry ?? target.group, "dependencies"];
  const updated = putInTable(editor, path, dep.name, poetryValue(dep, root, false));
  return { location: path.join("."), updated };
}

/** Whether the project already declares `name` in the place `target` would write it. */
export function declaredIn(editor: TomlEditor, name: string, target: AddTarget): boolean {
  const want = canonicalizeName(name);
  return declarationPlaces(editor.value as Table, target.group).some((p) => {
    const v = editor.get(p.path);
    if (p.kind === "array") return Array.isArray(v) && v.some((item) => pep508Name(item) === want);
    return Object.keys(table(v) ?? {}).some((k) => canonicalizeName(k) === want);
  });
}

interface Place {
  readonly kind: "array" | "table";
  readonly path: TomlPath;
}

/** Every place a dependency of `group` (null: of any group) can be declared. */
function declarationPlaces(data: Table, group: string | null): Place[] {
  const out: Place[] = [];
  const project = table(data.project);
  const poetry = table(table(data.tool)?.poetry);
  const main = group === null || group === MAIN_GROUP;
  if (main) {
    if (project !== null) {
      out.push({ kind: "array", path: ["project", "dependencies"] });
      for (const extra of Object.keys(table(project["optional-dependencies"]) ?? {})) out.push({ kind: "array", path: ["project", "optional-dependencies", extra] });
    }
    out.push({ kind: "table", path: [...POETRY, "dependencies"] });
  }
  const want = group === null ? null : canonicalizeName(group);
  for (const g of Object.keys(table(poetry?.group) ?? {})) {
    if (want === null || canonicalizeName(g) === want) out.push({ kind: "table", path: [...POETRY, "group", g, "dependencies"] });
  }
  if (want === null || want === "dev") out.push({ kind: "table", path: [...POETRY, "dev-dependencies"] });
  for (const g of Object.keys(table(data["dependency-groups"]) ?? {})) {
    if (want === null || canonicalizeName(g) === want) out.push({ kind: "array", path: ["dependency-groups", g] });
  }
  return out;
}

export interface Removal {
  /** Normalized names that were found and removed. */
  readonly removed: ReadonlySet<string>;
  /** The key paths edited, for messages. */
  readonly locations: readonly string[];
}

/**
 * Removes every declaration of `names` in `group` (null: everywhere), drops groups left empty and
 * the names from `[tool.poetry.extras]`. Throws DependencyNotFoundError (nothing edited) when a
 * name is declared nowhere.
 */
export function removeDependencies(editor: TomlEditor, names: readonly string[], group: string | null): Removal {
  const wanted = new Map<string, string>(names.map((n) => [canonicalizeName(n), n] as const));
  const data = editor.value as Table;
  const places = declarationPlaces(data, group);
  const found = new Set<string>();
  for (const p of places) {
    const v = editor.get(p.path);
    if (p.kind === "array" && Array.isArray(v)) for (const item of v) found.add(pep508Name(item) ?? "");
    if (p.kind === "table") for (const k of Object.keys(table(v) ?? {})) found.add(canonicalizeName(k));
  }
  const missing = [...wanted].filter(([n]) => !found.has(n)).map(([, typed]) => typed);
  if (missing.length > 0) {
    throw new DependencyNotFoundError(`The following packages were not found: ${missing.sort().join(", ")}`, {
      hint: group === null ? "Check the names against pyproject.toml." : `Check the group: it was searched alone (-G ${group}).`,
    });
  }
  const locations: string[] = [];
  for (const p of places) {
    const v = editor.get(p.path);
    let n = 0;
    if (p.kind === "array") n = editor.removeFromArray(p.path, (item) => wanted.has(pep508Name(item) ?? ""));
    else for (const k of Object.keys(table(v) ?? {})) if (wanted.has(canonicalizeName(k)) && editor.remove([...p.path, k])) n++;
    if (n === 0) continue;
    locations.push(p.path.join("."));
    dropIfEmpty(editor, p);
  }
  const extras = table(editor.get([...POETRY, "extras"]));
  for (const extra of Object.keys(extras ?? {})) {
    editor.removeFromArray([...POETRY, "extras", extra], (item) => typeof item === "string" && wanted.has(canonicalizeName(item)));
  }
  return { removed: new Set(wanted.keys()), locations };
}

/** A group that lost its last dependency goes away, as Poetry removes it. */
function dropIfEmpty(editor: TomlEditor, p: Place): void {
  const v = editor.get(p.path);
  const empty = p.kind === "array" ? Array.isArray(v) && v.length === 0 : Object.keys(table(v) ?? {}).length === 0;
  if (!empty) return;
  if (p.path[0] === "dependency-groups") {
    editor.remove(p.path);
    if (Object.keys(table(editor.get(["dependency-groups"])) ?? {}).length === 0) editor.remove(["dependency-groups"]);
  } else if (p.path[2] === "group") {
    const groupPath = p.path.slice(0, 4);
    const rest = Object.keys(table(editor.get(groupPath)) ?? {}).filter((k) => k !== "dependencies");
    editor.remove(rest.length === 0 ? groupPath : p.path);
    if (Object.keys(table(editor.get([...POETRY, "group"])) ?? {}).length === 0) editor.remove([...POETRY, "group"]);
  }
}
