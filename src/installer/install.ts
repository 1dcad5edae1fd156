/**
 * `install` from a lock: plan → fetch → link → record. The order makes interruption safe:
 * the no-op state is dropped before the environment changes and written again only after
 * everything succeeded; each package appears (its dist-info) only once its files are in place.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { IndexClient } from "../index/index.ts";
import type { Lock, LockedPackage } from "../lock/index.ts";
import { loadConfig, type Project } from "../project/core.ts";
import type { ProjectEnvironment } from "../python/index.ts";
import { canonicalizeName } from "../standards/names.ts";
import { type Artifact, artifactId, type BinaryPolicy, chooseArtifact } from "./artifact.ts";
import { compileInstalled } from "./compile.ts";
import { fetchWheel, parallel, type FetchContext } from "./fetch.ts";
import { fsInstallError } from "./fs-errors.ts";
import { scanInstalled } from "./installed.ts";
import { Linker, type LinkMode } from "./link.ts";
import { editableThroughBackend } from "./pep517.ts";
import { makePlan, type Operation, type Plan, summarize } from "./plan.ts";
import type { EnvJournal } from "./env-journal.ts";
import { DownloadProgress, type ProgressStream } from "./progress.ts";
import { installRoot, type RootSpec } from "./root.ts";
import { type Selection, selectPackages } from "./select.ts";
import { clearState, type InstalledRecord, isUpToDate, readState, stateDir, stateKey, writeState } from "./state.ts";
import { interpreterTags } from "./tags.ts";
import { uninstall } from "./uninstall.ts";
import { type Destination, type InstalledWheel, installWheel } from "./wheel.ts";

export interface Reporter {
  line(text: string): void;
  warn(text: string): void;
  detail(text: string): void;
}

/** Turns a non-wheel artifact into an unpacked wheel directory (PEP 517); absent → unsupported. */
export type WheelBuilder = (op: { readonly name: string; readonly version: string; readonly artifact: Artifact; readonly pkg?: LockedPackage }) => Promise<{ wheelDir: string; filename: string }>;

export interface InstallOptions {
  readonly project: Project;
  readonly lock: Lock;
  readonly lockText: string;
  readonly lockDir: string;
  readonly env: ProjectEnvironment;
  readonly selection: Selection;
  readonly sync: boolean;
  readonly dryRun: boolean;
  readonly compile: boolean;
  readonly linkMode: LinkMode;
  readonly policy: BinaryPolicy;
  /** The root project to install editable, or null (--no-root, package-mode = false). */
  readonly root: RootSpec | null;
  readonly cacheRoot: string;
  readonly client: () => IndexClient;
  readonly concurrency: number;
  readonly reporter: Reporter;
  readonly progress: ProgressStream | null;
  /** Default: PEP 517 builds (build-wheel.ts) with installer.build-config-settings from the project's config. */
  readonly build?: WheelBuilder;
  /** Records every change so that a caller can undo a failed install (add, remove, update). */
  readonly journal?: EnvJournal | null;
}

export interface InstallResult {
  readonly plan: Plan | null;
  /** True when the fast path found nothing to do. */
  readonly upToDate: boolean;
}

const STATE_VERSION = "verse-installer-1";

export function destinationOf(env: ProjectEnvironment): Destination {
  const minor = `${env.info.version_info[0]}.${env.info.version_info[1]}`;
  return {
    purelib: env.layout.purelib,
    platlib: env.layout.platlib,
    scripts: env.layout.scripts,
    headers: (name) => join(env.root, "include", "site", `python${minor}`, name),
    data: env.layout.data,
    python: env.python,
    staging: join(stateDir(env.root), "staging"),
  };
}

function opLine(op: Operation): string | null {
  switch (op.kind) {
    case "install":
    case "reinstall":
      return `  - Installing ${op.pkg.name} (${op.pkg.version})`;
    case "upgrade":
      return `  - Updating ${op.pkg.name} (${op.from.version} -> ${op.pkg.version})`;
    case "downgrade":
      return `  - Downgrading ${op.pkg.name} (${op.from.version} -> ${op.pkg.version})`;
    case "remove":
      return `  - Removing ${op.from.name} (${op.from.version})`;
    case "unchanged":
      return null;
  }
}

function rootLine(o: Pick<InstallOptions, "root" | "reporter" | "project">): void {
  if (o.root !== null) o.reporter.line(`\nInstalling the current project: ${o.project.name} (${o.project.version})`);
}

/** What the no-op fast path needs: no parsed lock (the key covers the lock's text, so a match means it was fresh). */
export type NoopInput = Pick<InstallOptions, "project" | "lockText" | "env" | "selection" | "sync" | "root" | "dryRun" | "reporter">;

function noopKey(o: NoopInput): { key: string; dirs: string[] } {
  const dest = destinationOf(o.env);
  const dirs = [...new Set([dest.purelib, dest.platlib, dest.scripts])];
  const key = stateKey([STATE_VERSION, o.lockText, o.project.text, JSON.stringify(o.selection), String(o.sync), JSON.stringify(o.root), o.env.python, o.env.info.version]);
  return { key, dirs };
}

/** The no-op answer (one small state file, a few stats), reported as runInstall would; null when there is work. */
export function upToDateResult(o: NoopInput): InstallResult | null {
  if (o.dryRun) return null;
  const { key, dirs } = noopKey(o);
  if (!isUpToDate(o.env.root, key, dirs)) return null;
  o.reporter.line("Installing dependencies from lock file");
  o.reporter.line("\nNo dependencies to install or update");
  rootLine(o);
  return { plan: null, upToDate: true };
}

export async function runInstall(o: InstallOptions): Promise<InstallResult> {
  try {
    return await installFromLock(o);
  } catch (e) {
    // a full disk or a read-only mount, in the cache (fetch, unpack) or the environment: say where and what to do
    throw fsInstallError(e, { places: { cache: o.cacheRoot, env: o.env.root } }) ?? e;
  }
}

async function installFromLock(o: InstallOptions): Promise<InstallResult> {
  const fast = upToDateResult(o);
  if (fast !== null) return fast;
  const dest = destinationOf(o.env);
  const { key, dirs } = noopKey(o);
  o.reporter.line("Installing dependencies from lock file");
  const tags = interpreterTags(o.env.info);
  const selected = selectPackages(o.project, o.lock, o.selection, o.env.info.markers);
  const wanted = selected.map((pkg) => ({ pkg, artifact: chooseArtifact(pkg, tags, o.policy, o.lockDir) }));
  const installed = scanInstalled([dest.purelib, dest.platlib]);
  const recorded = readState(o.env.root)?.packages ?? {};
  const plan = makePlan({ wanted, installed, recorded, sync: o.sync, rootName: o.project.normalizedName });
  performance.mark("install: planned");
  const counts = summarize(plan);
  const changing = plan.operations.filter((op) => op.kind !== "unchanged");
  if (changing.length === 0) o.reporter.line("\nNo dependencies to install or update");
  else {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    o.reporter.line(`\nPackage operations: ${plural(counts.installs, "install")}, ${plural(counts.updates, "update")}, ${plural(counts.removals, "removal")}\n`);
    for (const op of changing) {
      const l = opLine(op);
      if (l !== null) o.reporter.line(l);
    }
  }
  if (o.dryRun) {
    rootLine(o);
    return { plan, upToDate: false };
  }
  clearState(o.env.root);

  // fetch (and build) everything first: nothing changes in the environment until all is here
  const ctx: FetchContext = { cacheRoot: o.cacheRoot, client: o.client, progress: new DownloadProgress(o.progress), concurrency: o.concurrency };
  let build: Promise<WheelBuilder> | null = null;
  const needing = changing.filter((op): op is Exclude<Operation, { kind: "remove" | "unchanged" }> => op.kind !== "remove");
  const wheels = await parallel(needing, o.concurrency, async (op) => {
    const a = op.artifact;
    if (a.kind === "wheel") return { wheelDir: await fetchWheel(ctx, op.pkg, a.file, a.sha256), filename: a.file.file };
    build ??= o.build !== undefined ? Promise.resolve(o.build) : sourceBuilder(o, ctx);
    return (await build)({ name: op.pkg.name, version: op.pkg.version, artifact: a, pkg: op.pkg });
  }).catch((e: unknown) => {
    // fetching writes into the cache only, where a failed write may name no file
    throw fsInstallError(e, { places: { cache: o.cacheRoot, env: o.env.root }, pathlessIn: "cache" }) ?? e;
  });

  performance.mark("install: fetched");
  const journal = o.journal ?? null;
  const linker = journal?.linker(o.linkMode) ?? new Linker(o.linkMode);
  const discard = journal === null ? undefined : (path: string, whole: boolean) => journal.discard(path, whole);
  const packages: Record<string, InstalledRecord> = {};
  for (const op of plan.operations) {
    if (op.kind === "unchanged") {
      const name = canonicalizeName(op.pkg.name);
      packages[name] = recorded[name] ?? { version: op.pkg.version, id: artifactId(op.artifact) };
    }
  }
  const installedWheels: InstalledWheel[] = [];
  for (const op of plan.operations) if (op.kind === "remove") uninstall(op.from, o.env.root, discard);
  needing.forEach((op, i) => {
    if (op.kind !== "install") uninstall(op.from, o.env.root, discard);
    const w = wheels[i] as { wheelDir: string; filename: string };
    const sha = op.artifact.kind === "wheel" ? op.artifact.sha256 : null;
    const done = installWheel({
      wheelDir: w.wheelDir,
      filename: w.filename,
      dest,
      linker,
      requested: false,
      directUrl: directUrlOf(op.artifact),
      verifiedMarker: sha === null ? null : join(o.cacheRoot, "installer-v1", "verified", sha.slice(0, 2), sha),
      generatedDir: join(o.cacheRoot, "installer-v1", "generated"),
    });
    installedWheels.push(done);
    packages[canonicalizeName(op.pkg.name)] = { version: op.pkg.version, id: artifactId(op.artifact) };
    o.reporter.detail(`Installed ${w.filename} (${done.files} files, ${linker.used})`);
  });
  if (o.root !== null) {
    rootLine(o);
    // PEP 660 for a non-Poetry backend: the project's own backend makes the editable wheel (built before anything is removed)
    let editable: { wheelDir: string; filename: string } | null = null;
    if (editableThroughBackend(o.project.root)) {
      build ??= o.build !== undefined ? Promise.resolve(o.build) : sourceBuilder(o, ctx);
      editable = await (await build)({ name: o.root.distName, version: o.root.version, artifact: { kind: "directory", path: o.project.root, develop: true } });
    }
    const old = scanInstalled([dest.purelib]).get(canonicalizeName(o.project.name ?? ""));
    if (old !== undefined) uninstall(old, o.env.root, discard);
    if (editable !== null) {
      installWheel({ wheelDir: editable.wheelDir, filename: editable.filename, dest, linker, requested: true, directUrl: { url: pathToFileURL(o.project.root).href, dir_info: { editable: true } }, verifiedMarker: null });
    } else installRoot(o.root, dest);
  }
  performance.mark("install: linked");
  if (o.compile) {
    const complaints = await compileInstalled(o.env.python, installedWheels);
    if (complaints !== "") o.reporter.detail(`Some modules could not be compiled (skipped, as pip does):\n${complaints.trimEnd()}`);
  }
  writeState(o.env.root, key, dirs, packages);
  return { plan, upToDate: false };
}

/** Non-wheel packages are built through PEP 517 from the environment's base interpreter (loaded on first need). */
async function sourceBuilder(o: InstallOptions, fetch: FetchContext): Promise<WheelBuilder> {
  const { configSettingsFrom, makeWheelBuilder } = await import("./build-wheel.ts");
  return makeWheelBuilder({
    fetch,
    interp: { python: o.env.base.path, info: o.env.base.info },
    configSettings: configSettingsFrom(loadConfig({ projectDir: o.project.root })),
    detail: (t) => o.reporter.detail(t),
    line: (t) => o.reporter.line(t),
  });
}

function directUrlOf(a: Artifact): Record<string, unknown> | null {
  switch (a.kind) {
    case "directory":
      return { url: `file://${a.path}`, dir_info: a.develop ? { editable: true } : {} };
    case "local-file":
      return { url: `file://${a.path}`, archive_info: a.file ? { hash: a.file.hash.replace(":", "=") } : {} };
    case "url":
      return { url: a.url, archive_info: a.file ? { hash: a.file.hash.replace(":", "=") } : {} };
    case "vcs":
      return { url: a.url, vcs_info: { vcs: a.vcs, commit_id: a.rev }, ...(a.subdirectory ? { subdirectory: a.subdirectory } : {}) };
    default:
      return null;
  }
}
