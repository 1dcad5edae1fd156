/**
 * Requires-Dist lines the way poetry-core writes them: `name[extras] (specifier) ; markers`,
 * `name @ url ; markers` for direct references, Poetry's `python`/`platform` restrictions
 * turned into markers, and `extra == "x"` appended for optional dependencies.
 *
 * Stopgap until src/standards/poetry-dependency.ts lands: conversion goes through
 * constraintToPep508 and a small python-constraint → marker translation.
 */
import type { Dependency } from "../project/index.ts";
import { constraintToPep508, parseConstraint } from "../standards/constraint.ts";
import { parseMarker } from "../standards/markers.ts";
import { rangesOf, type VersionRange, type VersionConstraint } from "../standards/range.ts";
import type { Version } from "../standards/version.ts";

/** `python_version` for X.Y bounds, `python_full_version` when a patch part matters. */
function bound(op: string, v: Version): string {
  const rel = v.release;
  const full = rel.length > 2 || v.pre !== null || v.post !== null || v.dev !== null;
  const field = full ? "python_full_version" : "python_version";
  const text = full ? v.toString() : rel.length === 1 ? `${rel[0]}` : v.toString();
  return `${field} ${op} "${text}"`;
}

function rangeMarker(r: VersionRange): string {
  if (r.min !== null && r.max !== null && r.includeMin && r.includeMax && r.min.equals(r.max)) {
    return bound("==", r.min);
  }
  const parts: string[] = [];
  if (r.min !== null) parts.push(bound(r.includeMin ? ">=" : ">", r.min));
  if (r.max !== null) parts.push(bound(r.includeMax ? "<=" : "<", r.max));
  return parts.join(" and ");
}

/** A Poetry python constraint ("^3.8", ">=3.7,<3.11 || >=3.12") as a PEP 508 marker, or "". */
export function pythonMarker(constraint: string): string {
  const c: VersionConstraint = parseConstraint(constraint);
  if (c.isAny()) return "";
  const items = rangesOf(c).map(rangeMarker).filter((m) => m !== "");
  if (items.length === 1) return items[0] as string;
  return items.map((m) => (m.includes(" and ") ? `(${m})` : m)).join(" or ");
}

/** Joins markers with "and", wrapping an "or" expression in parentheses. */
function andMarkers(markers: readonly string[]): string {
  const present = markers.filter((m) => m !== "");
  if (present.length === 1) return present[0] as string;
  return present.map((m) => (/\bor\b/.test(m) ? `(${m})` : m)).join(" and ");
}

function directReference(dep: Dependency, projectRoot: string): string | null {
  const k = dep.kind;
  switch (k.type) {
    case "registry":
      return null;
    case "url":
      return k.subdirectory ? `${k.url}#subdirectory=${k.subdirectory}` : k.url;
    case "git": {
      const rev = k.rev ?? k.tag ?? k.branch;
      const base = `git+${k.url}${rev ? `@${rev}` : ""}`;
      return k.subdirectory ? `${base}#subdirectory=${k.subdirectory}` : base;
    }
    case "path": {
      const abs = k.path.startsWith("/") ? k.path : `${projectRoot.replace(/\/$/, "")}/${k.path.replace(/^\.\//, "")}`;
      return `file://${encodeURI(abs)}`;
    }
  }
}

/** A marker in poetry-core's printed form (double quotes, its spacing); as written if it cannot be parsed. */
function normalizeMarker(text: string): string {
  if (text === "") return "";
  try {
    return parseMarker(text).toString();
  } catch {
    return text;
  }
}

/**
 * One Requires-Dist value. `extras` are the project extras that turn the dependency on (empty
 * for a required one).
 */
export function requiresDistLine(dep: Dependency, extras: readonly string[], projectRoot: string): string {
  let head = dep.name;
  if (dep.extras.length > 0) head += `[${dep.extras.join(",")}]`;
  const ref = directReference(dep, projectRoot);
  if (ref !== null) head += ` @ ${ref}`;
  else {
    const spec = dep.constraint === "*" || dep.constraint === "" ? "" : constraintToPep508(parseConstraint(dep.constraint));
    if (spec !== "") head += ` (${spec})`;
  }
  const pieces: string[] = [];
  if (dep.markers) pieces.push(dep.markers);
  if (dep.python) pieces.push(pythonMarker(dep.python));
  if (dep.platform) pieces.push(`sys_platform == "${dep.platform}"`);
  const base = normalizeMarker(andMarkers(pieces));
  const extra = extras.map((e) => `extra == "${e}"`).join(" or ");
  // poetry-core parenthesizes each part once there are two (the dependency's marker, its extras)
  const marker = base !== "" && extra !== "" ? `(${base}) and (${extra})` : base || extra;
  return marker === "" ? head : `${head} ; ${marker}`;
}
