/**
 * Merging the forks of a universal solve into poetry.lock's model (lock-version 2.1):
 *
 * - every (package, version) chosen in some fork is one [[package]];
 * - its markers, per group, are computed by walking the dependency graph from the root: the
 *   marker of a package is the union, over the paths reaching it, of the intersection of the
 *   markers along the path (the root's dependency markers, then each Requires-Dist marker),
 *   intersected with the fork's marker, and united over forks; python comparisons the project's
 *   python constraint already implies are dropped, as Poetry does;
 * - `groups` are the groups that reach it, `optional` says it is reached only through the
 *   project's optional (extra) dependencies;
 * - files, description, python-versions, dependencies and extras come from the index.
 *
 * Checked against Poetry 1.3.2 (lock-version 2.0, so without groups and package markers): the
 * same text for the fixture projects (directory dependency included) and for chalice, pandas[test]
 * and a 31-package project over real 2020 metadata. Differences that remain: the lock-version
 * 2.1 package `markers` come from this graph walk, not from Poetry 2's own code, so their
 * printed form may group or-terms differently for complex markers. Git, url, file and directory
 * dependencies are locked with the source table and files their DirectPackage carries.
 */
import type { PackageFile } from "../index/index.ts";
import type { DependencyConstraint, Lock, LockedDependency, LockedFile, LockedPackage, LockedSource, PackageMarkers } from "./model.ts";
import type { Project } from "../project/core.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { ANY_MARKER, EMPTY_MARKER, type Marker } from "../standards/markers.ts";
import { canonicalizeName } from "../standards/names.ts";
import { dependencyString, pythonConstraintFromMarker } from "../standards/poetry-dependency.ts";
import type { VersionConstraint } from "../standards/range.ts";
import { Version } from "../standards/version.ts";
import { appliesIn, splitFeature, type ForkSolution, type IndexProvider, type RootRequirement } from "../resolver/index.ts";

interface Edge {
  readonly to: string;
  readonly marker: Marker;
}

/** One locked (name, version) while merging: its markers per group, and whether a required path reaches it. */
interface Entry {
  readonly name: string;
  readonly version: Version;
  readonly markers: Map<string, Marker>;
  required: boolean;
}

const same = (a: Marker, b: Marker): boolean => a.toString() === b.toString();

/** Marker of every node reachable from `starts` (id → marker), by fixpoint over the edges. */
function propagate(starts: ReadonlyMap<string, Marker>, edges: ReadonlyMap<string, readonly Edge[]>): Map<string, Marker> {
  const out = new Map(starts);
  const work = [...starts.keys()];
  let steps = 0;
  while (work.length > 0 && steps++ < 100_000) {
    const id = work.shift()!;
    const m = out.get(id)!;
    for (const e of edges.get(id) ?? []) {
      const add = m.and(e.marker);
      if (add.isEmpty()) continue;
      const old = out.get(e.to);
      const next = old === undefined ? add : old.or(add);
      if (old === undefined || !same(old, next)) {
        out.set(e.to, next);
        work.push(e.to);
      }
    }
  }
  return out;
}

/** The dependency graph of one fork's solution, with the marker of each edge. */
async function forkEdges(provider: IndexProvider, fs: ForkSolution): Promise<Map<string, Edge[]>> {
  const edges = new Map<string, Edge[]>();
  await Promise.all(
    [...fs.solution.packages].map(async ([id, version]) => {
      const { name, extra } = splitFeature(id);
      const list: Edge[] = [];
      if (extra !== null) list.push({ to: name, marker: ANY_MARKER });
      const { reqs } = await provider.requirements(name, version, extra);
      for (const r of reqs) {
        if (!appliesIn(r.envMarker, r.python, fs.fork)) continue;
        for (const d of r.deps) if (fs.solution.packages.has(d.name)) list.push({ to: d.name, marker: r.envMarker });
      }
      edges.set(id, list);
    }),
  );
  return edges;
}

function fileHash(f: PackageFile): string {
  if (f.hashes.sha256) return `sha256:${f.hashes.sha256}`;
  const [algo, hex] = Object.entries(f.hashes)[0] ?? ["sha256", ""];
  return `${algo}:${hex}`;
}

/**
 * A printed constraint with its versions spelled as the requirement wrote them: poetry-core keeps
 * each version's original text ("<2.0a.0", "==v0.761"), while the algebra prints normalized ones.
 */
function keepVersionText(printed: string, requirement: string): string {
  const originals = new Map<string, string>();
  for (const m of requirement.matchAll(/(?:===|==|!=|~=|<=|>=|<|>)\s*([^\s,;)]+)/g)) {
    const raw = m[1]!;
    const v = Version.tryParse(raw.replace(/\.\*$/, ""));
    if (v !== null && raw.replace(/\.\*$/, "") !== v.toString()) originals.set(v.toString(), raw.replace(/\.\*$/, ""));
  }
  if (originals.size === 0) return printed;
  return printed.replace(/[0-9A-Za-z.!+_-]+/g, (tok) => originals.get(tok) ?? tok);
}

interface DraftConstraint {
  readonly key: string;
  readonly constraint: { -readonly [K in keyof DependencyConstraint]: DependencyConstraint[K] };
  marker: Marker;
  readonly envMarkers: Marker[];
}

/**
 * The dependencies and extras of a package as Poetry writes them from its Requires-Dist:
 * requirements whose python markers exclude the project's python are left out; an extra's
 * requirements appear only when the extra is used; the same requirement listed under several
 * markers is written once (the first, its marker widened by the non-extra markers of all).
 */
function lockedDependencies(
  provider: IndexProvider,
  requiresDist: readonly string[],
  activeExtras: ReadonlySet<string>,
  python: VersionConstraint,
): { dependencies: LockedDependency[]; extras: Record<string, string[]> } {
  const byName = new Map<string, { name: string; drafts: DraftConstraint[] }>();
  const extras: Record<string, string[]> = {};
  for (const text of requiresDist) {
    const r = provider.requirement(text);
    if (r === null) continue;
    let p;
    try {
      p = r.poetry;
    } catch {
      continue; // poetry-core rejects it (an old setuptools marker): Poetry leaves it out too
    }
    const version = keepVersionText(p.constraint, text);
    for (const e of r.extras) (extras[e] ??= []).push(keepVersionText(dependencyString({ name: p.name, extras: p.extras, constraint: p.constraint }), text));
    if (r.extras.length > 0 && !r.extras.some((e) => activeExtras.has(e))) continue;
    if (!r.python.allowsAny(python)) continue;
    const c: DraftConstraint["constraint"] = {};
    if (r.req.url !== null) c.url = r.req.url;
    else c.version = version;
    if (p.extras.length > 0) c.extras = [...p.extras];
    if (p.inExtras.length > 0) c.optional = true;
    const name = canonicalizeName(p.name);
    let entry = byName.get(name);
    if (entry === undefined) byName.set(name, (entry = { name: p.name, drafts: [] }));
    const key = `${c.version ?? c.url} ${(c.extras ?? []).join(",")}`;
    const same = entry.drafts.find((d) => d.key === key);
    if (same !== undefined) {
      if (!r.envMarker.isAny()) same.envMarkers.push(r.envMarker);
      continue;
    }
    entry.drafts.push({ key, constraint: c, marker: p.marker, envMarkers: r.envMarker.isAny() ? [] : [r.envMarker] });
  }
  const dependencies: LockedDependency[] = [...byName.values()].map(({ name, drafts }) => ({
    name,
    constraints: drafts.map((d) => {
      // poetry-core merges requirements with one constraint: the first, widened by every non-extra marker.
      const marker = d.envMarkers.reduce((m, e) => m.or(e), d.marker);
      return marker.isAny() ? d.constraint : { ...d.constraint, markers: marker.toString() };
    }),
  }));
  return { dependencies, extras };
}

function sourceOf(project: Project, files: readonly PackageFile[]): LockedSource | null {
  const name = files[0]?.source;
  const s = project.sources.find((x) => x.name === name);
  if (s === undefined || s.url === null) return null;
  return { type: "legacy", url: s.url.replace(/\/+$/, ""), reference: s.name, resolvedReference: null, subdirectory: null };
}

function packageMarkers(markers: ReadonlyMap<string, Marker>, python: VersionConstraint): PackageMarkers | null {
  const reduced = new Map<string, string>();
  for (const [g, m] of markers) {
    const r = m.reduceByPythonConstraint(python);
    reduced.set(g, r.isAny() ? "" : r.toString());
  }
  const values = new Set(reduced.values());
  if (values.size === 1) {
    const only = [...values][0]!;
    return only === "" ? null : { kind: "all", marker: only };
  }
  const out: Record<string, string> = {};
  for (const [g, m] of reduced) if (m !== "") out[g] = m;
  return { kind: "per-group", markers: out };
}

/** The lock of a universal solve. */
export async function buildLock(
  project: Project,
  provider: IndexProvider,
  forks: readonly ForkSolution[],
  requirements: readonly RootRequirement[],
  contentHash: string,
): Promise<Lock> {
  const entries = new Map<string, Entry>();
  for (const fs of forks) {
    const edges = await forkEdges(provider, fs);
    const groups = new Set(requirements.map((r) => r.group));
    for (const group of groups) {
      for (const requiredOnly of [false, true]) {
        const starts = new Map<string, Marker>();
        for (const r of requirements) {
          if (r.group !== group || (requiredOnly && r.optional)) continue;
          if (!appliesIn(r.envMarker, pythonConstraintFromMarker(r.envMarker), fs.fork)) continue;
          const m = r.marker.and(fs.fork.marker);
          if (m.isEmpty()) continue;
          for (const id of [r.name, ...r.extras.map((e) => `${r.name}[${e}]`)]) {
            if (!fs.solution.packages.has(id)) continue;
            const old = starts.get(id);
            starts.set(id, old === undefined ? m : old.or(m));
          }
        }
        const reached = propagate(starts, edges);
        for (const [id, m] of reached) {
          const { name, extra } = splitFeature(id);
          if (extra !== null) continue;
          const version = fs.solution.packages.get(id)!;
          const key = `${name} ${version.toString()}`;
          let e = entries.get(key);
          if (e === undefined) entries.set(key, (e = { name, version, markers: new Map(), required: false }));
          if (requiredOnly) {
            e.required = true;
            continue;
          }
          const scoped = m.and(fs.fork.marker);
          const old = e.markers.get(group) ?? EMPTY_MARKER;
          e.markers.set(group, old.or(scoped));
        }
      }
    }
  }
  const python = parseConstraint(project.pythonConstraint);
  const activeExtras = new Map<string, Set<string>>();
  for (const fs of forks) {
    for (const id of fs.solution.packages.keys()) {
      const { name, extra } = splitFeature(id);
      if (extra === null) continue;
      let set = activeExtras.get(name);
      if (set === undefined) activeExtras.set(name, (set = new Set()));
      set.add(extra);
    }
  }
  const packages: LockedPackage[] = await Promise.all(
    [...entries.values()].map(async (e): Promise<LockedPackage> => {
      const [meta, release] = await Promise.all([provider.metadata(e.name, e.version), provider.release(e.name, e.version)]);
      const direct = provider.direct.get(e.name);
      const files: LockedFile[] = direct?.files !== undefined ? [...direct.files] : (release?.files ?? []).map((f) => ({ file: f.filename, hash: fileHash(f) }));
      const { dependencies, extras } = lockedDependencies(provider, meta.requiresDist, activeExtras.get(e.name) ?? new Set(), python);
      return {
        name: canonicalizeName(meta.name || e.name),
        version: e.version.toString(),
        description: meta.summary ?? "",
        optional: !e.required,
        pythonVersions: meta.requiresPython ?? release?.requiresPython ?? "*",
        groups: [...e.markers.keys()],
        markers: packageMarkers(e.markers, python),
        category: null,
        files,
        dependencies,
        extras,
        source:
          direct !== undefined
            ? { type: direct.source.type, url: direct.source.url, reference: direct.source.reference ?? null, resolvedReference: direct.source.resolvedReference ?? null, subdirectory: direct.source.subdirectory ?? null }
            : sourceOf(project, release?.files ?? []),
        develop: direct !== undefined ? direct.develop : null,
      };
    }),
  );
  const extras: Record<string, string[]> = {};
  for (const [k, names] of Object.entries(project.extras)) extras[canonicalizeName(k)] = [...names];
  return {
    packages,
    extras,
    metadata: { lockVersion: "2.1", pythonVersions: project.pythonConstraint, contentHash },
  };
}
