/**
 * poetry.lock text → Lock model. Reads lock-versions 1.x and 2.x as Poetry 2 does (it accepts
 * >=1,<3 and warns about a version newer than its own); every problem becomes a LockFileError
 * naming the file, the line and the field, with the hint to regenerate the lock.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { parseToml, TomlSyntaxError } from "../project/core.ts";
import { canonicalizeName } from "../standards/names.ts";
import { tryParseVersion } from "../standards/version.ts";
import { LockFileError, LockNotFoundError } from "./errors.ts";
import { locateLine } from "./locate.ts";
import type { DependencyConstraint, Lock, LockedDependency, LockedFile, LockedPackage, PackageMarkers, VcsKind } from "./model.ts";
import { LOCK_VERSION } from "./model.ts";
import { type ConstraintTable, type LockData, lockSchema, type PackageData } from "./schema.ts";
import { hasLockShape } from "./shape.ts";

export interface ReadOptions {
  /** Told when the file is readable but newer than lock-version 2.1 (Poetry warns the same way). */
  readonly onWarning?: (message: string) => void;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else {
      const s = String(p);
      out += (out ? "." : "") + (/^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s));
    }
  }
  return out || "(document)";
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    const found = issue.input === undefined ? "missing" : `a ${Array.isArray(issue.input) ? "array" : typeof issue.input}`;
    return `expected ${issue.expected}, found ${found}`;
  }
  if (issue.code === "invalid_union") return "expected a version string, a table such as {version = \"...\"}, or a list of them";
  return issue.message;
}

function validate(data: unknown, text: string, file: string): LockData {
  if (typeof data === "object" && data !== null && !("metadata" in data)) {
    throw new LockFileError(file, null, "the lock file has no [metadata] table (it may be truncated or not a poetry.lock)");
  }
  if (hasLockShape(data)) return data;
  const result = lockSchema().safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem${result.error.issues.length > 2 ? "s" : ""})` : "";
  throw new LockFileError(file, locateLine(text, path), `invalid ${formatPath(path)}: ${describe(issue)}${more}`);
}

function checkVersion(lockVersion: string, text: string, file: string, options: ReadOptions): void {
  const v = tryParseVersion(lockVersion);
  const line = () => locateLine(text, ["metadata", "lock-version"]);
  if (v === null) throw new LockFileError(file, line(), `lock-version "${lockVersion}" is not a version`);
  const major = v.release[0] ?? 0;
  if (major < 1 || major >= 3) {
    throw new LockFileError(
      file,
      line(),
      `lock-version ${lockVersion} is not supported (verse reads 1.x and 2.x, as Poetry does)`,
      "Upgrade verse to read this lock file, or run `verse lock --regenerate` to write a new one.",
    );
  }
  const current = tryParseVersion(LOCK_VERSION);
  if (current && v.compare(current) > 0) {
    options.onWarning?.(
      `${file} has lock-version ${lockVersion}, newer than ${LOCK_VERSION}: it might not be read correctly. Upgrade verse, or regenerate the lock file with \`verse lock --regenerate\`.`,
    );
  }
}

const VCS: readonly VcsKind[] = ["git", "hg", "svn", "bzr"];

function constraintOf(value: string | ConstraintTable): DependencyConstraint {
  if (typeof value === "string") return { version: value };
  const vcsKind = VCS.find((k) => value[k] !== undefined);
  const c: { -readonly [K in keyof DependencyConstraint]: DependencyConstraint[K] } = {};
  if (value.version !== undefined) c.version = value.version;
  if (value.path !== undefined) c.path = value.path;
  if (value.develop !== undefined) c.develop = value.develop;
  if (value.url !== undefined) c.url = value.url;
  if (vcsKind !== undefined) c.vcs = { kind: vcsKind, url: value[vcsKind] as string };
  if (value.branch !== undefined) c.branch = value.branch;
  if (value.tag !== undefined) c.tag = value.tag;
  if (value.rev !== undefined) c.rev = value.rev;
  if (value.subdirectory !== undefined) c.subdirectory = value.subdirectory;
  if (value.extras !== undefined) c.extras = value.extras;
  if (value.optional !== undefined) c.optional = value.optional;
  if (value.python !== undefined) c.python = value.python;
  if (value.platform !== undefined) c.platform = value.platform;
  if (value.markers !== undefined) c.markers = value.markers;
  if (value.source !== undefined) c.source = value.source;
  return c;
}

/** Where lock-version 1.x keeps a package's files: `[metadata.files]` (1.1) or `[metadata.hashes]` (1.0). */
function legacyFiles(data: LockData, p: PackageData): LockedFile[] {
  const meta = data.metadata;
  const pick = <T>(table: Record<string, T> | undefined): T | undefined => {
    if (!table) return undefined;
    if (p.name in table) return table[p.name];
    const wanted = canonicalizeName(p.name);
    const key = Object.keys(table).find((k) => canonicalizeName(k) === wanted);
    return key === undefined ? undefined : table[key];
  };
  const hashes = pick(meta.hashes);
  if (hashes) return hashes.map((h) => ({ file: h, hash: h }));
  const type = p.source?.type;
  if (type === "git" || type === "directory" || type === "url") return [];
  const files = pick(meta.files) ?? [];
  const all = files.map((f) => ({ file: f.file, hash: f.hash }));
  if (type === "file" && p.source) {
    // a file package lists only its own archive
    const base = p.source.url.split(/[\\/]/).pop();
    return all.filter((f) => f.file === base);
  }
  return all;
}

function markersOf(m: PackageData["markers"]): PackageMarkers | null {
  if (m === undefined) return null;
  if (typeof m === "string") return { kind: "all", marker: m };
  return { kind: "per-group", markers: { ...m } };
}

function packageOf(data: LockData, p: PackageData): LockedPackage {
  const dependencies: LockedDependency[] = Object.entries(p.dependencies ?? {}).map(([name, value]) => ({
    name,
    constraints: (Array.isArray(value) ? value : [value]).map(constraintOf),
  }));
  const s = p.source;
  return {
    name: p.name,
    version: p.version,
    description: p.description ?? "",
    optional: p.optional,
    pythonVersions: p["python-versions"],
    groups: p.groups ?? null,
    markers: markersOf(p.markers),
    category: p.category ?? null,
    files: p.files ? p.files.map((f) => ({ file: f.file, hash: f.hash })) : legacyFiles(data, p),
    dependencies,
    extras: { ...(p.extras ?? {}) },
    source: s
      ? { type: s.type ?? null, url: s.url, reference: s.reference ?? null, resolvedReference: s.resolved_reference ?? null, subdirectory: s.subdirectory ?? null }
      : null,
    develop: p.develop ?? null,
  };
}

/** Parses poetry.lock text; `file` names it in errors. */
export function parseLock(text: string, file = "poetry.lock", options: ReadOptions = {}): Lock {
  let raw: unknown;
  try {
    raw = parseToml(text, file);
  } catch (e) {
    if (e instanceof TomlSyntaxError) {
      throw new LockFileError(file, e.line, `invalid TOML at column ${e.column}: ${e.message.split("\n")[0]?.replace(/^.*?invalid TOML: /, "")}`);
    }
    throw e;
  }
  const data = validate(raw, text, file);
  checkVersion(data.metadata["lock-version"], text, file, options);
  return {
    packages: (data.package ?? []).map((p) => packageOf(data, p)),
    extras: { ...(data.extras ?? {}) },
    metadata: {
      lockVersion: data.metadata["lock-version"],
      pythonVersions: data.metadata["python-versions"],
      contentHash: data.metadata["content-hash"] ?? null,
    },
  };
}

/** Reads a lock file from `path`, or parses `{ text, file }`. */
export function readLock(source: string | { readonly text: string; readonly file?: string }, options: ReadOptions = {}): Lock {
  if (typeof source !== "string") return parseLock(source.text, source.file ?? "poetry.lock", options);
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new LockNotFoundError(source);
    throw new LockFileError(source, null, `cannot be read: ${e instanceof Error ? e.message : String(e)}`, "Check the file's permissions.");
  }
  return parseLock(text, source, options);
}
