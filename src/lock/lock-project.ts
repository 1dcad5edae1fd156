/**
 * `verse lock` as a library call: read the existing lock (its versions are kept unless they no
 * longer fit, Poetry 2's default; `regenerate` starts fresh), solve every marker fork, build the
 * lock and write it only when its content changes. Every failure happens before the write, so
 * the existing poetry.lock is untouched when locking fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  externalIncompatibilities, ForkSolveFailure, IndexProvider, solveUniversal, type PackageIndex, type ResolutionStrategy,
} from "../resolver/index.ts";
import type { Project } from "../project/index.ts";
import { VerseError } from "../errors.ts";
import { Version } from "../standards/version.ts";
import { contentHash } from "./content-hash.ts";
import { buildLock } from "./from-solution.ts";
import { directPackages, type DirectSourceReader } from "./direct-deps.ts";
import type { Lock } from "./model.ts";
import { parseLock } from "./read.ts";
import { writeLock } from "./write.ts";
import { LockFileError } from "./errors.ts";

export interface LockRequest {
  readonly project: Project;
  readonly index: PackageIndex;
  readonly regenerate?: boolean;
  readonly strategy?: ResolutionStrategy;
  readonly excludeNewer?: Date | null;
  readonly minReleaseAgeDays?: number | null;
  readonly allowPrereleases?: boolean;
  /** Normalized names whose locked versions are not kept (`verse update <names>`). */
  readonly unlock?: ReadonlySet<string>;
  /** Every project name the sources know, for "did you mean" (best effort). */
  readonly projectNames?: () => Promise<readonly string[]>;
  /** Compute the lock, never write it. */
  readonly dryRun?: boolean;
  /** Reads git, url, file and non-static directory dependencies (the installer's machinery). */
  readonly directSources?: DirectSourceReader;
}

export interface LockOutcome {
  readonly lock: Lock;
  readonly path: string;
  readonly written: boolean;
  readonly forks: number;
  readonly warnings: readonly string[];
}

/** The versions an existing lock holds (the highest when several), to keep them. */
function preferredVersions(lock: Lock, unlock?: ReadonlySet<string>): Map<string, Version> {
  const out = new Map<string, Version>();
  for (const p of lock.packages) {
    if (unlock?.has(p.name)) continue;
    const v = Version.tryParse(p.version);
    if (v === null) continue;
    const old = out.get(p.name);
    if (old === undefined || old.compare(v) < 0) out.set(p.name, v);
  }
  return out;
}

/** The existing lock, or null; a lock that cannot be read is an error unless regenerating. */
export function existingLock(path: string, regenerate: boolean): Lock | null {
  // Regenerating ignores the old lock: no need to read it (or to fail on a corrupt one).
  if (regenerate || !existsSync(path)) return null;
  const text = readFileSync(path, "utf8");
  try {
    return parseLock(text, path);
  } catch (e) {
    if (e instanceof LockFileError) {
      throw new LockFileError(e.file, e.line, e.message.replace(/^[^:]*(:\d+)?: /, ""), "Fix it, or run `verse lock --regenerate` to write a new one (it was left as it is).");
    }
    throw e;
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Close names for a missing package (best first). */
export function closeNames(name: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  return names
    .map((n) => ({ n, d: n.includes(name) || name.includes(n) ? 0.5 : distance(name, n) }))
    .filter((x) => x.d <= limit && x.n !== name)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((x) => x.n);
}

/** A failed solve, with the pyproject entries involved and suggestions for missing packages. */
async function explainFailure(e: ForkSolveFailure, req: LockRequest): Promise<VerseError> {
  const hints: string[] = [];
  const missing = externalIncompatibilities(e.failure.incompatibility)
    .filter((i) => i.cause.kind === "not-found")
    .map((i) => i.terms[0]!.name);
  if (missing.length > 0 && req.projectNames) {
    let names: readonly string[] = [];
    try {
      names = await req.projectNames();
    } catch {
      names = [];
    }
    for (const m of missing) {
      const close = closeNames(m, names);
      if (close.length > 0) hints.push(`No package named '${m}' exists on the configured sources; did you mean ${close.map((c) => `'${c}'`).join(" or ")}?`);
    }
  }
  const direct = new Set(externalIncompatibilities(e.failure.incompatibility).flatMap((i) => i.terms.map((t) => t.name)));
  const entries = [...req.project.groups.values()].flatMap((g) => g.dependencies).filter((d) => direct.has(d.normalizedName));
  if (entries.length > 0) {
    hints.push(`pyproject.toml entries involved: ${entries.map((d) => `${d.declaredAt.join(".")} = ${JSON.stringify(d.requirement ?? d.constraint)}`).join("; ")}.`);
  }
  if (/pre-?release|\d(a|b|rc)\d/i.test(e.message)) hints.push("If a pre-release is acceptable, set `allow-prereleases = true` on the dependency.");
  const hint = [e.hint, ...hints].filter((h): h is string => h !== undefined && h !== "").join("\n");
  return new VerseError(e.message, { hint: hint === "" ? undefined : hint });
}

export async function lockProject(req: LockRequest): Promise<LockOutcome> {
  const { project } = req;
  const path = join(project.root, "poetry.lock");
  const old = existingLock(path, req.regenerate === true);
  const pins = new Map<string, string>();
  for (const g of project.groups.values()) for (const d of g.dependencies) if (d.source !== null) pins.set(d.normalizedName, d.source);
  const provider = new IndexProvider(req.index, {
    sourcePins: pins,
    excludeNewer: req.excludeNewer ?? null,
    minReleaseAgeMs: req.minReleaseAgeDays != null ? req.minReleaseAgeDays * 86_400_000 : null,
  });
  for (const pkg of await directPackages(project, req.directSources)) provider.addDirect(pkg);
  performance.mark("lock: solving");
  let solved;
  try {
    solved = await solveUniversal(project, provider, {
      strategy: req.strategy,
      preferred: old === null || req.regenerate ? undefined : preferredVersions(old, req.unlock),
      allowPrereleases: req.allowPrereleases,
    });
  } catch (e) {
    if (e instanceof ForkSolveFailure) throw await explainFailure(e, req);
    throw e;
  }
  performance.mark(`lock: solved (${solved.forks.length} fork${solved.forks.length === 1 ? "" : "s"})`);
  const lock = await buildLock(project, provider, solved.forks, solved.requirements, contentHash(project, "current"));
  performance.mark("lock: lock built");
  const written = req.dryRun ? false : writeLock(path, lock);
  performance.mark("lock: written");
  const warnings = [...new Set(solved.forks.flatMap((f) => f.solution.warnings))];
  return { lock, path, written, forks: solved.forks.length, warnings };
}

/** What listing project names needs of an index client (IndexClient satisfies it). */
export interface NameListingClient {
  readonly sources: readonly { readonly name: string; readonly url: string; readonly kind: string }[];
  readonly http: { bytes(req: { url: string; source: string; headers?: Record<string, string>; allow?: number[] }): Promise<{ status: number; body: Uint8Array; headers: Headers }> };
}

/** Every project name the simple sources list (PEP 691 JSON or PEP 503 HTML root pages). */
export async function indexProjectNames(client: NameListingClient): Promise<string[]> {
  const names = new Set<string>();
  await Promise.all(
    client.sources
      .filter((s) => s.kind === "simple")
      .map(async (s) => {
        const res = await client.http.bytes({ url: s.url, source: s.name, headers: { accept: "application/vnd.pypi.simple.v1+json, text/html;q=0.1" }, allow: [404] });
        if (res.status !== 200) return;
        const text = new TextDecoder().decode(res.body);
        if ((res.headers.get("content-type") ?? "").includes("json")) {
          const data = JSON.parse(text) as { projects?: { name?: unknown }[] };
          for (const p of data.projects ?? []) if (typeof p.name === "string") names.add(p.name.toLowerCase());
        } else {
          for (const m of text.matchAll(/<a[^>]*>([^<]+)<\/a>/gi)) names.add(m[1]!.trim().toLowerCase());
        }
      }),
  );
  return [...names];
}
