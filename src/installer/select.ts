/**
 * Which locked packages this interpreter needs, by Poetry's rules:
 *  - groups: the non-optional groups by default; `--with` adds (optional groups included),
 *    `--without` removes, `--only` replaces, `--all-groups` takes every group;
 *  - extras: `-E` / `--all-extras` turn on the project's optional dependencies;
 *  - markers: evaluated with the interpreter's real marker environment. A lock-version 2.1 file
 *    carries per-package groups and markers, used as they are; older files (2.0, 1.1) are walked
 *    from the project's dependencies through each package's dependencies and their markers.
 */
import type { Lock, LockedDependency, LockedPackage } from "../lock/index.ts";
import { MAIN_GROUP, type Dependency, type Project } from "../project/core.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { parsePep508Marker } from "../standards/markers.ts";
import { canonicalizeName } from "../standards/names.ts";
import { tryParseVersion } from "../standards/version.ts";
import { ExtraNotFoundError, GroupNotFoundError } from "./errors.ts";

export interface Selection {
  readonly with: readonly string[];
  readonly without: readonly string[];
  readonly only: readonly string[];
  readonly allGroups: boolean;
  readonly extras: readonly string[];
  readonly allExtras: boolean;
  /** Install no dependency at all (`--only-root`). */
  readonly onlyRoot: boolean;
  /** Leave out path dependencies on directories (`--no-directory`). */
  readonly noDirectory: boolean;
}

export const DEFAULT_SELECTION: Selection = { with: [], without: [], only: [], allGroups: false, extras: [], allExtras: false, onlyRoot: false, noDirectory: false };

/** Options may be repeated or comma/space separated ("--with docs,test"). */
export function splitNames(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== "");
}

/** The active group names (canonical), validated against the project's groups. */
export function activeGroups(project: Project, sel: Selection): Set<string> {
  const known = new Map<string, { name: string; optional: boolean }>();
  for (const g of project.groups.values()) known.set(canonicalizeName(g.name), g);
  const check = (names: readonly string[], via: string): string[] => {
    const list = splitNames(names).map((n) => canonicalizeName(n));
    const missing = list.filter((n) => !known.has(n));
    if (missing.length > 0) {
      throw new GroupNotFoundError(`Group(s) not found: ${missing.join(", ")} (via ${via})`, `Known groups: ${[...known.values()].map((g) => g.name).join(", ")}`);
    }
    return list;
  };
  const withGroups = check(sel.with, "--with");
  const without = check(sel.without, "--without");
  const only = check(sel.only, "--only");
  let active: Set<string>;
  if (sel.allGroups) active = new Set(known.keys());
  else if (only.length > 0) active = new Set(only);
  else {
    active = new Set([...known.entries()].filter(([, g]) => !g.optional).map(([n]) => n));
    for (const g of withGroups) active.add(g);
  }
  for (const g of without) active.delete(g);
  return active;
}

/** The selected extras (canonical), validated against the project's extras. */
export function activeExtras(project: Project, lock: Lock, sel: Selection): string[] {
  const known = new Set([...Object.keys(project.extras), ...Object.keys(lock.extras)].map((e) => canonicalizeName(e)));
  if (sel.allExtras) return [...known];
  const wanted = splitNames(sel.extras).map((e) => canonicalizeName(e));
  const missing = wanted.filter((e) => !known.has(e));
  if (missing.length > 0) throw new ExtraNotFoundError(`Extra [${missing.join(", ")}] is not specified.`, known.size > 0 ? `Known extras: ${[...known].join(", ")}` : "The project declares no extras.");
  return wanted;
}

type Env = Readonly<Record<string, string>>;

const markerCache = new Map<string, ReturnType<typeof parsePep508Marker> | null>();
function markerHolds(text: string | undefined | null, env: Env, extras: readonly string[]): boolean {
  if (text === undefined || text === null || text.trim() === "") return true;
  let m = markerCache.get(text);
  if (m === undefined) {
    try {
      m = parsePep508Marker(text);
    } catch {
      m = null; // an unreadable marker never excludes a package (Poetry would install it too)
    }
    markerCache.set(text, m);
  }
  if (m === null) return true;
  try {
    return m.evaluate({ ...env, extra: extras, extras }, "lock_file");
  } catch {
    return true;
  }
}

function pythonHolds(constraint: string | undefined | null, env: Env): boolean {
  if (!constraint || constraint.trim() === "*") return true;
  const v = tryParseVersion(env.python_full_version ?? "");
  if (v === null) return true;
  try {
    return parseConstraint(constraint).allows(v);
  } catch {
    return true;
  }
}

function platformHolds(platform: string | undefined | null, env: Env): boolean {
  return !platform || platform === env.sys_platform;
}

export interface Selected {
  readonly packages: readonly LockedPackage[];
}

function byName(lock: Lock): Map<string, LockedPackage[]> {
  const out = new Map<string, LockedPackage[]>();
  for (const p of lock.packages) {
    const k = canonicalizeName(p.name);
    const list = out.get(k) ?? [];
    list.push(p);
    out.set(k, list);
  }
  return out;
}

/** Names (canonical) an extras list of a locked package (`"name (>=1) ; marker"`) turns on. */
function namesOf(requirements: readonly string[]): string[] {
  return requirements.map((r) => canonicalizeName(/^[A-Za-z0-9._-]+/.exec(r.trim())?.[0] ?? r));
}

/** The packages reachable from the selected extras (for optional packages of a 2.1 lock). */
function extrasClosure(lock: Lock, project: Project, extras: readonly string[], index: Map<string, LockedPackage[]>): Set<string> {
  const start: string[] = [];
  for (const e of extras) {
    for (const [k, v] of Object.entries(lock.extras)) if (canonicalizeName(k) === e) start.push(...namesOf(v));
    for (const [k, v] of Object.entries(project.extras)) if (canonicalizeName(k) === e) start.push(...v);
  }
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const n = todo.pop() as string;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const p of index.get(n) ?? []) for (const d of p.dependencies) todo.push(canonicalizeName(d.name));
  }
  return seen;
}

function selectByLockMarkers(lock: Lock, project: Project, groups: Set<string>, extras: string[], env: Env): LockedPackage[] {
  const index = byName(lock);
  const closure = extrasClosure(lock, project, extras, index);
  return lock.packages.filter((p) => {
    if (p.optional && !closure.has(canonicalizeName(p.name))) return false;
    return (p.groups ?? [MAIN_GROUP]).some((g) => {
      if (!groups.has(canonicalizeName(g))) return false;
      const m = p.markers;
      const text = m === null ? null : m.kind === "all" ? m.marker : m.markers[g];
      return markerHolds(text, env, extras);
    });
  });
}

function dependencyHolds(d: Pick<Dependency, "markers" | "python" | "platform">, env: Env, extras: readonly string[]): boolean {
  return markerHolds(d.markers, env, extras) && pythonHolds(d.python, env) && platformHolds(d.platform, env);
}

/** The walk for lock files without per-package groups and markers (2.0, 1.1). */
function selectByWalk(lock: Lock, project: Project, groups: Set<string>, extras: string[], env: Env): LockedPackage[] {
  const index = byName(lock);
  const extraNames = new Set<string>();
  for (const e of extras) for (const [k, v] of Object.entries(project.extras)) if (canonicalizeName(k) === e) v.forEach((n) => extraNames.add(n));
  const chosen = new Map<string, LockedPackage>();
  const wantedExtras = new Map<string, Set<string>>();
  const todo: { name: string; extras: readonly string[] }[] = [];
  for (const g of project.groups.values()) {
    if (!groups.has(canonicalizeName(g.name))) continue;
    for (const d of g.dependencies) {
      if (d.optional && !extraNames.has(d.normalizedName)) continue;
      if (dependencyHolds(d, env, extras)) todo.push({ name: d.normalizedName, extras: d.extras });
    }
  }
  const pick = (name: string): LockedPackage | undefined => {
    const list = index.get(name) ?? [];
    if (list.length <= 1) return list[0];
    // several locked versions of one name (marker forks): the one whose python-versions fit
    return list.find((p) => pythonHolds(p.pythonVersions, env)) ?? list[0];
  };
  while (todo.length > 0) {
    const { name, extras: want } = todo.pop() as { name: string; extras: readonly string[] };
    const p = pick(name);
    if (p === undefined) continue;
    const had = wantedExtras.get(name) ?? new Set<string>();
    const fresh = want.map((e) => canonicalizeName(e)).filter((e) => !had.has(e));
    if (chosen.has(name) && fresh.length === 0) continue;
    fresh.forEach((e) => had.add(e));
    wantedExtras.set(name, had);
    chosen.set(name, p);
    const optionalOn = new Set<string>();
    for (const [extra, reqs] of Object.entries(p.extras)) if (had.has(canonicalizeName(extra))) namesOf(reqs).forEach((n) => optionalOn.add(n));
    for (const dep of p.dependencies) followDependency(dep, optionalOn, env, [...had], todo);
  }
  return lock.packages.filter((p) => chosen.get(canonicalizeName(p.name)) === p);
}

function followDependency(dep: LockedDependency, optionalOn: Set<string>, env: Env, extras: readonly string[], todo: { name: string; extras: readonly string[] }[]): void {
  const name = canonicalizeName(dep.name);
  for (const c of dep.constraints) {
    if (c.optional && !optionalOn.has(name)) continue;
    if (markerHolds(c.markers, env, extras) && pythonHolds(c.python, env) && platformHolds(c.platform, env)) {
      todo.push({ name, extras: c.extras ?? [] });
      return;
    }
  }
}

/**
 * The locked packages to have in the environment described by `env` (the interpreter's marker
 * environment), for the given selection.
 */
export function selectPackages(project: Project, lock: Lock, sel: Selection, env: Env): LockedPackage[] {
  const groups = activeGroups(project, sel);
  const extras = activeExtras(project, lock, sel);
  if (sel.onlyRoot) return [];
  const rootName = project.normalizedName;
  const hasGroups = lock.packages.length > 0 && lock.packages.every((p) => p.groups !== null);
  const picked = hasGroups ? selectByLockMarkers(lock, project, groups, extras, env) : selectByWalk(lock, project, groups, extras, env);
  return picked.filter((p) => canonicalizeName(p.name) !== rootName && !(sel.noDirectory && p.source?.type === "directory"));
}
