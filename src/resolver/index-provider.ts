/**
 * The Provider over a package index (src/index's IndexClient): versions come from the simple
 * API pages, dependencies from core metadata (PEP 658, range reads or the whole file). One
 * IndexProvider holds the caches shared by every marker fork of a universal lock; `forFork`
 * gives the view the solver uses for one fork (its markers and Python range).
 *
 * What it filters, as Poetry does: yanked versions (every file yanked) are marked so the solver
 * takes them only when pinned; `source =` pins ask the named source only; `--exclude-newer` and
 * `solver.min-release-age` drop files uploaded after the cut-off (PEP 700 upload-time; a file
 * without one is kept, since the index did not say). Prefetch: the pages of every dependency of
 * a chosen version, and the metadata of their best candidates, are fetched while the solver works.
 */
import type { PackageFile } from "../index/index.ts";
import { fileVersionText, MetadataUnavailableError, PackageNotFoundError } from "../index/index.ts";
import { VerseError } from "../errors.ts";
import { specifierSetToConstraint } from "../standards/constraint.ts";
import { ANY_MARKER, markerFromPep508, type Marker } from "../standards/markers.ts";
import type { ParsedMetadata } from "../standards/metadata.ts";
import { canonicalizeName } from "../standards/names.ts";
import { dependencyFromRequirement, pythonConstraintFromMarker, type DependencyFromPep508 } from "../standards/poetry-dependency.ts";
import { ExactVersion, type VersionConstraint } from "../standards/range.ts";
import { parseRequirement, type Requirement } from "../standards/requirement.ts";
import { SpecifierSet } from "../standards/specifier.ts";
import { compareVersions, Version } from "../standards/version.ts";
import type { Candidate, Dependency, Provider, PythonRequirement, VersionMetadata } from "./provider.ts";
import { splitFeature } from "./snapshot-provider.ts";

/** What the provider needs of an index client (IndexClient satisfies it). */
export interface PackageIndex {
  getPage(name: string, sourceName?: string): Promise<{ readonly files: readonly PackageFile[]; readonly source: string }>;
  getMetadata(file: PackageFile): Promise<ParsedMetadata>;
}

export interface IndexProviderOptions {
  /** Normalized package name → the source it must come from (`source = "..."`). */
  readonly sourcePins?: ReadonlyMap<string, string>;
  /** Leave out files uploaded after this instant (--exclude-newer). */
  readonly excludeNewer?: Date | null;
  /** Leave out files younger than this many milliseconds (solver.min-release-age). */
  readonly minReleaseAgeMs?: number | null;
  /** The clock, for min-release-age (tests). */
  readonly now?: number;
}

/** One version of a package on the index, with the files that carry it. */
export interface Release {
  readonly name: string;
  readonly version: Version;
  readonly files: readonly PackageFile[];
  readonly yanked: boolean | string;
  readonly requiresPython: string | null;
}

/** A requirement of a package's metadata, parsed once for every fork. */
export interface ParsedRequirement {
  readonly text: string;
  readonly req: Requirement;
  /** poetry-core's reading of it (computed on first use: only locked versions need it). */
  readonly poetry: DependencyFromPep508;
  /** The marker without `extra` comparisons. */
  readonly envMarker: Marker;
  /** The extras that switch it on ([] when always on). */
  readonly extras: readonly string[];
  readonly python: VersionConstraint;
  readonly deps: readonly Dependency[];
}

/** A marker fork of a universal lock: the markers it assumes and its Python range. */
export interface Fork {
  readonly marker: Marker;
  readonly python: VersionConstraint;
  /** The project's python constraint as written, for explanations. */
  readonly pythonText: string;
}

/** The solver must be run again, once per marker: dependencies of one package differ by marker. */
export class ForkNeeded extends Error {
  constructor(readonly packageName: string, readonly markers: readonly Marker[]) {
    super(`fork needed on ${packageName}`);
  }
}

/** A package's metadata could not be read without building it (an sdist with dynamic metadata). */
export class UnreadableMetadataError extends VerseError {}

/** The requirement's extras (from `extra == "x"` comparisons). */
function extrasOf(marker: Marker): string[] {
  const text = marker.only("extra").toString();
  const out: string[] = [];
  for (const m of text.matchAll(/extra == "([^"]*)"/g)) out.push(canonicalizeName(m[1]!));
  return out;
}

/** A release from its files: yanked when every file is (with the first reason given), one requires-python when all agree. */
function releaseOf(name: string, version: Version, files: readonly PackageFile[]): Release {
  let allYanked = true;
  let reason: string | null = null;
  let rp: string | null | undefined;
  for (const f of files) {
    if (f.yanked === false) allYanked = false;
    else if (reason === null && typeof f.yanked === "string") reason = f.yanked;
    rp = rp === undefined || rp === f.requiresPython ? f.requiresPython : null;
  }
  return { name, version, files, yanked: allYanked ? (reason ?? true) : false, requiresPython: rp ?? null };
}

/** A package that does not come from an index (a directory dependency): one version, its metadata given. */
export interface DirectPackage {
  readonly name: string;
  readonly version: Version;
  readonly metadata: ParsedMetadata;
  /**
   * Where the lock says it comes from, e.g. {type: "directory", url: "libs/mylib"}, or
   * {type: "git", url, reference: "main", resolvedReference: <commit>, subdirectory}.
   */
  readonly source: {
    readonly type: string;
    readonly url: string;
    readonly reference?: string | null;
    readonly resolvedReference?: string | null;
    readonly subdirectory?: string | null;
  };
  /** null: the lock has no `develop` key (url and file dependencies). */
  readonly develop: boolean | null;
  /** The lock's `files` (a url or file archive with its hash); none for directories and git. */
  readonly files?: readonly { readonly file: string; readonly hash: string }[];
}

export class IndexProvider {
  /** Directory (and other direct) dependencies, by normalized name. */
  readonly direct = new Map<string, DirectPackage>();
  private readonly releaseCache = new Map<string, Promise<Map<string, Release> | null>>();
  private readonly metaCache = new Map<string, Promise<ParsedMetadata>>();
  private readonly reqCache = new Map<string, ParsedRequirement | null>();
  private readonly cutoff: number | null;
  /** Package → source pins actually honoured (for the lock's source tables). */
  readonly sourcePins: ReadonlyMap<string, string>;

  constructor(
    private readonly index: PackageIndex,
    options: IndexProviderOptions = {},
  ) {
    this.sourcePins = options.sourcePins ?? new Map();
    const cuts: number[] = [];
    if (options.excludeNewer) cuts.push(options.excludeNewer.getTime());
    if (options.minReleaseAgeMs != null) cuts.push((options.now ?? Date.now()) - options.minReleaseAgeMs);
    this.cutoff = cuts.length === 0 ? null : Math.min(...cuts);
  }

  /** Every release of the package, by normalized version text; null when no source has it. */
  releases(name: string): Promise<Map<string, Release> | null> {
    const key = canonicalizeName(name);
    let p = this.releaseCache.get(key);
    if (p === undefined) {
      p = this.loadReleases(key);
      this.releaseCache.set(key, p);
      p.catch(() => undefined);
    }
    return p;
  }

  /** Serve `pkg` instead of asking the index for its name. */
  addDirect(pkg: DirectPackage): void {
    this.direct.set(canonicalizeName(pkg.name), pkg);
  }

  private async loadReleases(name: string): Promise<Map<string, Release> | null> {
    const direct = this.direct.get(name);
    if (direct !== undefined) {
      const rel: Release = { name, version: direct.version, files: [], yanked: false, requiresPython: direct.metadata.requiresPython };
      return new Map([[direct.version.toString(), rel]]);
    }
    let page;
    try {
      page = await this.index.getPage(name, this.sourcePins.get(name));
    } catch (e) {
      if (e instanceof PackageNotFoundError) return null;
      throw e;
    }
    // Group by the version as spelled (the index client gives it normalized, in version order), then parse each spelling once.
    const names = new Map<string, boolean>();
    const bySpelling = new Map<string, PackageFile[]>();
    let ordered = true;
    for (const f of page.files) {
      if (f.version === undefined) ordered = false;
      if (this.cutoff !== null && f.uploadTime !== undefined) {
        const t = Date.parse(f.uploadTime);
        if (!Number.isNaN(t) && t > this.cutoff) continue;
      }
      const text = f.version !== undefined ? f.version : fileVersionText(f.filename, name, names);
      if (text === null) continue;
      const list = bySpelling.get(text);
      if (list === undefined) bySpelling.set(text, [f]);
      else list.push(f);
    }
    const out = new Map<string, Release>();
    for (const [text, files] of bySpelling) {
      const version = Version.tryParse(text);
      if (version === null) continue;
      const k = version.toString();
      const same = out.get(k); // two spellings of one version ("1.0-rc1", "1.0rc1")
      out.set(k, releaseOf(name, version, same === undefined ? files : [...same.files, ...files]));
    }
    // Releases in ascending order (versions() relies on it): already so when the client gave the page in order.
    return ordered ? out : new Map([...out].sort(([, a], [, b]) => compareVersions(a.version, b.version)));
  }

  async release(name: string, version: Version): Promise<Release | null> {
    return (await this.releases(name))?.get(version.toString()) ?? null;
  }

  /** The core metadata of one release: from a wheel when there is one, else the sdist's PKG-INFO. */
  metadata(name: string, version: Version): Promise<ParsedMetadata> {
    const key = `${canonicalizeName(name)} ${version.toString()}`;
    let p = this.metaCache.get(key);
    if (p === undefined) {
      p = this.loadMetadata(canonicalizeName(name), version);
      this.metaCache.set(key, p);
      p.catch(() => undefined);
    }
    return p;
  }

  private async loadMetadata(name: string, version: Version): Promise<ParsedMetadata> {
    const direct = this.direct.get(name);
    if (direct !== undefined) return direct.metadata;
    const rel = await this.release(name, version);
    if (rel === null) throw new UnreadableMetadataError(`${name} ${version.toString()} is not on the index any more.`);
    const usable = rel.files.filter((f) => f.yanked === false);
    const files = usable.length > 0 ? usable : rel.files;
    const wheel = files.find((f) => f.filename.endsWith(".whl"));
    const ordered = wheel ? [wheel, ...files.filter((f) => f !== wheel)] : files;
    let last: unknown = null;
    for (const f of ordered) {
      try {
        return await this.index.getMetadata(f);
      } catch (e) {
        if (!(e instanceof MetadataUnavailableError)) throw e;
        last = e;
      }
    }
    throw new UnreadableMetadataError(
      `The metadata of ${name} ${version.toString()} cannot be read without building its source distribution.`,
      { hint: "verse does not build sdists while locking yet; pin a version that has a wheel.", cause: last ?? undefined },
    );
  }

  /** A Requires-Dist entry parsed for every fork; null when unusable (a bad line is skipped, as pip does). */
  requirement(text: string): ParsedRequirement | null {
    let hit = this.reqCache.get(text);
    if (hit !== undefined) return hit;
    try {
      const req = parseRequirement(text);
      const marker = req.marker === null ? ANY_MARKER : markerFromPep508(req.marker);
      const envMarker = marker.withoutExtras();
      const name = canonicalizeName(req.name);
      const constraint = specifierSetToConstraint(req.specifier);
      const pretty = req.specifier.toString() || "*";
      const deps: Dependency[] = [{ name, constraint, pretty }];
      for (const extra of req.extras) deps.push({ name: `${name}[${canonicalizeName(extra)}]`, constraint, pretty });
      let poetry: DependencyFromPep508 | null = null;
      hit = {
        text, req, envMarker, extras: extrasOf(marker), python: pythonConstraintFromMarker(envMarker), deps: req.url === null ? deps : [],
        get poetry(): DependencyFromPep508 {
          return (poetry ??= dependencyFromRequirement(text, req, marker));
        },
      };
    } catch {
      hit = null;
    }
    this.reqCache.set(text, hit);
    return hit;
  }

  /** The requirements of a release that apply to the base package (extra null) or to one extra. */
  async requirements(name: string, version: Version, extra: string | null): Promise<{ reqs: ParsedRequirement[]; meta: ParsedMetadata }> {
    const meta = await this.metadata(name, version);
    const reqs: ParsedRequirement[] = [];
    for (const text of meta.requiresDist) {
      const r = this.requirement(text);
      if (r === null) continue;
      if (extra === null ? r.extras.length > 0 : !r.extras.includes(extra)) continue;
      reqs.push(r);
    }
    return { reqs, meta };
  }

  /** Fetch pages in the background; errors surface when the solver really asks. */
  warm(names: readonly string[]): void {
    for (const n of names) void this.releases(splitFeature(n).name).catch(() => undefined);
  }

  /** Fetch the metadata of these versions in the background. */
  warmMetadata(name: string, versions: readonly Version[]): void {
    for (const v of versions) void this.metadata(splitFeature(name).name, v).catch(() => undefined);
  }

  forFork(fork: Fork, allowPrereleases: ReadonlySet<string> = new Set()): ForkProvider {
    return new ForkProvider(this, fork, allowPrereleases);
  }
}

const pythonRequirements = new Map<string, PythonRequirement | null>();
/** A requires-python text as the solver wants it (memoized: a page repeats a few texts many times); null when absent or unreadable. */
function pythonRequirement(text: string | null): PythonRequirement | null {
  if (!text) return null;
  let hit = pythonRequirements.get(text);
  if (hit === undefined) {
    try {
      hit = { text, constraint: specifierSetToConstraint(SpecifierSet.parse(text)) };
    } catch {
      hit = null;
    }
    pythonRequirements.set(text, hit);
  }
  return hit;
}

/** Does a requirement with this marker apply somewhere in the fork? */
export function appliesIn(envMarker: Marker, python: VersionConstraint, fork: Fork): boolean {
  if (envMarker.isAny()) return true;
  if (!python.allowsAny(fork.python)) return false;
  return !envMarker.and(fork.marker).isEmpty();
}

/**
 * Same-name dependencies with different constraints whose markers never hold together: the
 * fork must split on those markers (Poetry's multiple-constraints dependencies).
 */
export function forkMarkers(entries: readonly { constraint: VersionConstraint; marker: Marker }[], fork: Fork): Marker[] | null {
  if (entries.length < 2) return null;
  const first = entries[0]!.constraint.toString();
  if (entries.every((e) => e.constraint.toString() === first)) return null;
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i]!.marker.and(fork.marker);
      if (a.and(entries[j]!.marker).isEmpty()) return entries.map((e) => e.marker);
    }
  }
  return null;
}

export class ForkProvider implements Provider {
  constructor(
    readonly shared: IndexProvider,
    readonly fork: Fork,
    private readonly allowPre: ReadonlySet<string>,
  ) {}

  async versions(id: string): Promise<readonly Candidate[] | null> {
    const rels = await this.shared.releases(splitFeature(id).name);
    if (rels === null) return null;
    const out: Candidate[] = [];
    for (const r of rels.values()) out.push({ version: r.version, yanked: r.yanked, requiresPython: pythonRequirement(r.requiresPython) });
    // The best candidate's metadata will be asked for next: start fetching it now.
    const best = [...out].reverse().find((c) => !c.yanked && !c.version.isPrerelease);
    if (best) this.shared.warmMetadata(id, [best.version]);
    return out;
  }

  /** Per "id version": the solver asks again for every version it re-decides after backjumping. */
  private readonly depsMemo = new Map<string, Promise<VersionMetadata>>();

  dependencies(id: string, version: Version): Promise<VersionMetadata> {
    const key = `${id} ${version.toString()}`;
    let p = this.depsMemo.get(key);
    if (p === undefined) {
      p = this.computeDependencies(id, version);
      this.depsMemo.set(key, p);
      p.catch(() => undefined);
    }
    return p;
  }

  private async computeDependencies(id: string, version: Version): Promise<VersionMetadata> {
    const { name, extra } = splitFeature(id);
    const { reqs, meta } = await this.shared.requirements(name, version, extra);
    const out: Dependency[] = [];
    if (extra !== null) out.push({ name, constraint: new ExactVersion(version), pretty: version.toString() });
    const byName = new Map<string, { constraint: VersionConstraint; marker: Marker }[]>();
    const seen = new Set<string>();
    for (const r of reqs) {
      if (!appliesIn(r.envMarker, r.python, this.fork)) continue;
      for (const d of r.deps) {
        // The same requirement listed twice (under two extras, or twice in Requires-Dist) is one.
        const key = `${d.name} ${d.constraint.toString()}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(this.allowPre.has(d.name) ? { ...d, allowPrereleases: true } : d);
        if (d.name.includes("[")) continue;
        let list = byName.get(d.name);
        if (list === undefined) byName.set(d.name, (list = []));
        list.push({ constraint: d.constraint, marker: r.envMarker });
      }
    }
    for (const [dep, entries] of byName) {
      const markers = forkMarkers(entries, this.fork);
      if (markers !== null) throw new ForkNeeded(dep, markers);
    }
    return { dependencies: out, requiresPython: pythonRequirement(meta.requiresPython) };
  }

  prefetch(names: readonly string[]): void {
    this.shared.warm(names);
  }

  prefetchDependencies(name: string, versions: readonly Version[]): void {
    this.shared.warmMetadata(name, versions);
  }
}

/** The highest release that is neither yanked nor a pre-release (else the highest at all); null when none. */
export async function latestVersion(provider: IndexProvider, name: string): Promise<Version | null> {
  const rels = await provider.releases(name);
  if (rels === null) return null;
  const all = [...rels.values()].sort((a, b) => compareVersions(b.version, a.version));
  return (all.find((r) => !r.yanked && !r.version.isPrerelease) ?? all[0])?.version ?? null;
}
