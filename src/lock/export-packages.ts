/**
 * Which locked packages an export lists, and under which markers — the part every export format
 * shares. The group and extra *names* are chosen by the installer's rules (installer/select.ts:
 * activeGroups / activeExtras); this module takes them as given and works on the lock alone:
 *
 *  - lock-version 2.1 (every package has `groups`): a package goes in when one of its groups is
 *    active; its marker is the union of its markers for the active groups, with `extra == "..."`
 *    comparisons decided by the active extras (a marker that becomes empty drops the package).
 *  - older locks (no groups): a walk from the project's dependencies of the active groups through
 *    each package's dependencies, markers intersected along a path and united across paths.
 */
import { VerseError } from "../errors.ts";
import { MAIN_GROUP, type Project } from "../project/core.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { ANY_MARKER, EMPTY_MARKER, MarkerUnion, MultiMarker, SingleMarker, parseMarker, type Marker } from "../standards/markers.ts";
import { conjunction, disjunction } from "../standards/markers-algebra.ts";
import { rangesOf, type VersionConstraint } from "../standards/range.ts";
import { canonicalizeName } from "../standards/names.ts";
import type { Version } from "../standards/version.ts";
import type { DependencyConstraint, Lock, LockedPackage } from "./model.ts";

/** An export cannot be written from this lock (or for this selection). */
export class ExportError extends VerseError {}

export interface ExportSelection {
  /** The active groups, canonical names. */
  readonly groups: ReadonlySet<string>;
  /** The active extras, canonical names. */
  readonly extras: readonly string[];
}

export interface ExportedPackage {
  readonly pkg: LockedPackage;
  /** Where the package is needed (without the project's python marker). */
  readonly marker: Marker;
  /** Extras asked of the package (found by the walk of an older lock only). */
  readonly features: readonly string[];
}

const markerCache = new Map<string, Marker>();
/** The algebra marker of lock text; unreadable text is a lock error the user must fix. */
export function lockMarker(text: string | null | undefined): Marker {
  if (text === null || text === undefined || text.trim() === "") return ANY_MARKER;
  let m = markerCache.get(text);
  if (m === undefined) {
    try {
      m = parseMarker(text);
    } catch (e) {
      throw new ExportError(`poetry.lock holds an invalid marker: ${text}`, { hint: "Run `verse lock --regenerate`.", cause: e });
    }
    markerCache.set(text, m);
  }
  return m;
}

/** `extra` comparisons decided by the active extras; everything else kept. */
export function applyExtras(m: Marker, extras: readonly string[]): Marker {
  if (m instanceof MultiMarker) return conjunction(m.markers.map((x) => applyExtras(x, extras)));
  if (m instanceof MarkerUnion) return disjunction(m.markers.map((x) => applyExtras(x, extras)));
  if (m instanceof SingleMarker && m.name === "extra") {
    return m.evaluate({ extra: extras }, "lock_file") ? ANY_MARKER : EMPTY_MARKER;
  }
  return m;
}

function comparison(name: string, op: string, v: Version): string {
  // a bound with a patch part is only expressible on python_full_version, as poetry-core writes it
  const variable = name === "python_version" && v.release.length >= 3 ? "python_full_version" : name;
  return `${variable} ${op} "${v.toString()}"`;
}

/** A python constraint as a marker, the way Poetry writes the project's python restriction. */
export function pythonMarkerOf(constraint: string): Marker {
  let c: VersionConstraint;
  try {
    c = parseConstraint(constraint);
  } catch (e) {
    throw new ExportError(`Invalid python constraint: ${constraint}`, { cause: e });
  }
  if (c.isAny()) return ANY_MARKER;
  if (c.isEmpty()) return EMPTY_MARKER;
  const alternatives = rangesOf(c).map((r) => {
    if (r.min !== null && r.max !== null && r.includeMin && r.includeMax && r.min.equals(r.max)) {
      return comparison("python_version", "==", r.min);
    }
    const parts: string[] = [];
    if (r.min !== null) parts.push(comparison("python_version", r.includeMin ? ">=" : ">", r.min));
    if (r.max !== null) parts.push(comparison("python_version", r.includeMax ? "<=" : "<", r.max));
    return parts.join(" and ");
  });
  return lockMarker(alternatives.map((a) => (alternatives.length > 1 ? `(${a})` : a)).join(" or "));
}

function lockedGroupMarker(pkg: LockedPackage, group: string): Marker {
  const m = pkg.markers;
  if (m === null) return ANY_MARKER;
  if (m.kind === "all") return lockMarker(m.marker);
  const entry = Object.entries(m.markers).find(([g]) => canonicalizeName(g) === group);
  return entry === undefined ? ANY_MARKER : lockMarker(entry[1]);
}

function byLockMarkers(lock: Lock, sel: ExportSelection): ExportedPackage[] {
  const out: ExportedPackage[] = [];
  for (const pkg of lock.packages) {
    const groups = (pkg.groups ?? [MAIN_GROUP]).map((g) => canonicalizeName(g)).filter((g) => sel.groups.has(g));
    if (groups.length === 0) continue;
    const marker = applyExtras(disjunction(groups.map((g) => lockedGroupMarker(pkg, g))), sel.extras);
    if (marker.isEmpty()) continue;
    out.push({ pkg, marker, features: [] });
  }
  return out;
}

/** The marker a Poetry dependency declaration stands for (markers, python, platform). */
function declarationMarker(d: Pick<DependencyConstraint, "markers" | "python" | "platform">): Marker {
  let m = lockMarker(d.markers);
  if (d.python) m = m.and(pythonMarkerOf(d.python));
  if (d.platform) m = m.and(lockMarker(`sys_platform == "${d.platform}"`));
  return m;
}

interface Visit {
  readonly name: string;
  readonly extras: readonly string[];
  readonly marker: Marker;
}

/** The walk for locks older than 2.1 (no groups or markers per package). */
function byWalk(lock: Lock, project: Project, sel: ExportSelection): ExportedPackage[] {
  const index = new Map<string, LockedPackage>();
  for (const p of lock.packages) if (!index.has(canonicalizeName(p.name))) index.set(canonicalizeName(p.name), p);
  const extraNames = new Set<string>();
  for (const [extra, names] of Object.entries(project.extras)) if (sel.extras.includes(canonicalizeName(extra))) names.forEach((n) => extraNames.add(n));
  const todo: Visit[] = [];
  for (const g of project.groups.values()) {
    if (!sel.groups.has(canonicalizeName(g.name))) continue;
    for (const d of g.dependencies) {
      if (d.optional && !extraNames.has(d.normalizedName)) continue;
      const marker = applyExtras(declarationMarker({ markers: d.markers ?? undefined, python: d.python ?? undefined, platform: d.platform ?? undefined }), sel.extras);
      if (!marker.isEmpty()) todo.push({ name: d.normalizedName, extras: d.extras.map((e) => canonicalizeName(e)), marker });
    }
  }
  const found = new Map<string, { marker: Marker; features: Set<string> }>();
  const seen = new Set<string>();
  while (todo.length > 0) {
    const visit = todo.shift() as Visit;
    const key = `${visit.name}[${[...visit.extras].sort().join(",")}];${visit.marker.toString()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pkg = index.get(visit.name);
    if (pkg === undefined) continue;
    const entry = found.get(visit.name) ?? { marker: EMPTY_MARKER, features: new Set<string>() };
    entry.marker = entry.marker.or(visit.marker);
    visit.extras.forEach((e) => entry.features.add(e));
    found.set(visit.name, entry);
    const optionalOn = new Set<string>();
    for (const [extra, reqs] of Object.entries(pkg.extras)) {
      if (!visit.extras.includes(canonicalizeName(extra))) continue;
      for (const r of reqs) optionalOn.add(canonicalizeName(/^[A-Za-z0-9._-]+/.exec(r.trim())?.[0] ?? r));
    }
    const parent = visit.marker.withoutExtras();
    for (const dep of pkg.dependencies) {
      const name = canonicalizeName(dep.name);
      for (const c of dep.constraints) {
        if (c.optional && !optionalOn.has(name)) continue;
        const marker = declarationMarker(c).withoutExtras().and(parent);
        if (!marker.isEmpty()) todo.push({ name, extras: (c.extras ?? []).map((e) => canonicalizeName(e)), marker });
      }
    }
  }
  return lock.packages
    .filter((p) => found.has(canonicalizeName(p.name)) && index.get(canonicalizeName(p.name)) === p)
    .map((p) => {
      const e = found.get(canonicalizeName(p.name)) as { marker: Marker; features: Set<string> };
      return { pkg: p, marker: e.marker, features: [...e.features].sort() };
    });
}

/** The packages of `lock` the selection exports, in lock order, the root project left out. */
export function exportedPackages(lock: Lock, project: Project, sel: ExportSelection): ExportedPackage[] {
  const perGroup = lock.packages.length > 0 && lock.packages.every((p) => p.groups !== null);
  const picked = perGroup ? byLockMarkers(lock, sel) : byWalk(lock, project, sel);
  const root = project.normalizedName;
  return picked.filter((e) => canonicalizeName(e.pkg.name) !== root);
}

