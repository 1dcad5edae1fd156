/**
 * What `verse show` prints, from the lock alone (pure: no I/O): the package list, one package's
 * details, dependency trees and reverse ("why") trees, and the rows of --outdated / --latest.
 * Text follows Poetry's layout: aligned name/version/description columns, trees drawn with
 * ├── └── │, and circular dependencies cut with "(circular dependency aborted here)".
 */
import { canonicalizeName } from "../standards/names.ts";
import type { Lock, LockedDependency, LockedPackage } from "./model.ts";

export interface ShowRow {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly latest?: string;
  /** Packages of the selection that depend on it (empty: a direct dependency only). */
  readonly requiredBy?: readonly string[];
}

/** Locked packages in the given groups (older locks without groups: every package). */
export function packagesInGroups(lock: Lock, groups: ReadonlySet<string> | null): LockedPackage[] {
  const out = lock.packages.filter((p) => groups === null || p.groups === null || p.groups.some((g) => groups.has(g)));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function constraintText(d: LockedDependency): string {
  return d.constraints.map((c) => c.version ?? c.url ?? c.path ?? c.vcs?.url ?? "*").join(", ");
}

export function findPackage(lock: Lock, name: string): LockedPackage[] {
  const n = canonicalizeName(name);
  return lock.packages.filter((p) => canonicalizeName(p.name) === n);
}

/** Who depends on `name`, among `packages`. */
export function dependents(packages: readonly LockedPackage[], name: string): { name: string; constraint: string }[] {
  const n = canonicalizeName(name);
  const out: { name: string; constraint: string }[] = [];
  for (const p of packages) {
    const d = p.dependencies.find((x) => canonicalizeName(x.name) === n);
    if (d) out.push({ name: p.name, constraint: constraintText(d) });
  }
  return out;
}

/** name / version / (latest) / description columns, aligned as Poetry aligns them. */
export function listLines(rows: readonly ShowRow[], withLatest: boolean, why: boolean): string[] {
  const nameW = Math.max(0, ...rows.map((r) => r.name.length));
  const verW = Math.max(0, ...rows.map((r) => r.version.length));
  const latW = Math.max(0, ...rows.map((r) => (r.latest ?? "").length));
  return rows.map((r) => {
    const parts = [r.name.padEnd(nameW), r.version.padEnd(verW)];
    if (withLatest) parts.push((r.latest ?? "").padEnd(latW));
    if (why && r.requiredBy !== undefined && r.requiredBy.length > 0) parts.push(`(required by ${r.requiredBy.join(", ")})`);
    parts.push(r.description);
    return parts.join(" ").trimEnd();
  });
}

/** The dependency tree under a package (its line first). */
export function treeLines(lock: Lock, top: LockedPackage): string[] {
  const byName = new Map(lock.packages.map((p) => [canonicalizeName(p.name), p] as const));
  const lines = [`${top.name} ${top.version} ${top.description}`.trimEnd()];
  const walk = (p: LockedPackage, prefix: string, path: readonly string[]): void => {
    const deps = [...p.dependencies].filter((d) => d.constraints.some((c) => c.optional !== true) || byName.has(canonicalizeName(d.name)));
    deps.sort((a, b) => canonicalizeName(a.name).localeCompare(canonicalizeName(b.name)));
    deps.forEach((d, i) => {
      const last = i === deps.length - 1;
      const n = canonicalizeName(d.name);
      const circular = path.includes(n);
      lines.push(`${prefix}${last ? "└── " : "├── "}${d.name} ${constraintText(d)}${circular ? " (circular dependency aborted here)" : ""}`);
      const child = byName.get(n);
      if (child && !circular) walk(child, `${prefix}${last ? "    " : "│   "}`, [...path, n]);
    });
  };
  walk(top, "", [canonicalizeName(top.name)]);
  return lines;
}

/** The reverse tree: which packages need `top`, up to the project. */
export function whyLines(lock: Lock, top: LockedPackage, projectName: string, direct: ReadonlySet<string>): string[] {
  const lines = [`${top.name} ${top.version} ${top.description}`.trimEnd()];
  const walk = (name: string, prefix: string, path: readonly string[]): void => {
    const parents = dependents(lock.packages, name);
    const entries: { label: string; next: string | null }[] = parents.map((p) => ({ label: `${p.name} requires ${name} (${p.constraint})`, next: p.name }));
    if (direct.has(canonicalizeName(name))) entries.unshift({ label: `${projectName} requires ${name} directly`, next: null });
    entries.forEach((e, i) => {
      const last = i === entries.length - 1;
      const circular = e.next !== null && path.includes(canonicalizeName(e.next));
      lines.push(`${prefix}${last ? "└── " : "├── "}${e.label}${circular ? " (circular dependency aborted here)" : ""}`);
      if (e.next !== null && !circular) walk(e.next, `${prefix}${last ? "    " : "│   "}`, [...path, canonicalizeName(e.next)]);
    });
  };
  walk(top.name, "", [canonicalizeName(top.name)]);
  return lines;
}

/** One package's details, as `poetry show <package>` prints them. */
export function detailLines(lock: Lock, p: LockedPackage): string[] {
  const lines = [` name         : ${p.name}`, ` version      : ${p.version}`, ` description  : ${p.description}`];
  const deps = p.dependencies.filter((d) => d.constraints.some((c) => c.optional !== true));
  if (deps.length > 0) {
    lines.push("", "dependencies");
    for (const d of deps) lines.push(` - ${d.name} ${constraintText(d)}`);
  }
  const by = dependents(lock.packages, p.name);
  if (by.length > 0) {
    lines.push("", "required by");
    for (const b of by) lines.push(` - ${b.name} requires ${b.constraint}`);
  }
  return lines;
}
