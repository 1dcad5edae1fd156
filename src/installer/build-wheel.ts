/**
 * The WheelBuilder runInstall uses for everything that is not a wheel: acquire the source
 * (sources.ts), look for a wheel already built from that exact source for this interpreter and
 * these config settings (cache bucket built-v1), else build it through PEP 517 in a fresh
 * isolated environment (build-env.ts + pep517.ts) and keep it. Builds run one at a time (they
 * are CPU-bound; downloads keep running in parallel). Nothing here touches the target
 * environment: a failed build leaves it as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { atomicMoveDir, Cache, CacheLayout, sha256File } from "../cache/index.ts";
import type { LockedPackage } from "../lock/index.ts";
import type { Config } from "../project/core.ts";
import { canonicalizeName } from "../standards/names.ts";
import type { Artifact } from "./artifact.ts";
import { type BuildInterpreter, createBuildEnvironment, dropBuildEnvironment, installRequirements, requirementResolver, type RequirementResolver } from "./build-env.ts";
import { BuildError } from "./errors.ts";
import type { FetchContext } from "./fetch.ts";
import { buildWheelHook, type ConfigSettings, extraRequires, type HookContext, readBuildSystem } from "./pep517.ts";
import { acquireSource, earlyKey } from "./sources.ts";

/** Bump when the built-wheel cache's meaning changes. */
const BUILD_CACHE_VERSION = 1;

export interface BuildRequest {
  readonly name: string;
  readonly version: string;
  readonly artifact: Artifact;
  /** The locked package (its source names the index of an sdist). */
  readonly pkg?: LockedPackage;
}

export interface BuiltWheel {
  readonly wheelDir: string;
  readonly filename: string;
}

export interface BuilderOptions {
  readonly fetch: FetchContext;
  readonly interp: BuildInterpreter;
  /** PEP 517 config settings for a package (installer.build-config-settings.<name>), or null. */
  readonly configSettings: (name: string) => ConfigSettings | null;
  readonly detail: (text: string) => void;
  /** Shown when a build starts ("Building foo (1.0)"). */
  readonly line?: (text: string) => void;
}

/** installer.build-config-settings.<name> from the configuration, by canonical name. */
export function configSettingsFrom(config: Config): (name: string) => ConfigSettings | null {
  return (name) => {
    const want = canonicalizeName(name);
    for (const key of [`installer.build-config-settings.${name}`, `installer.build-config-settings.${want}`]) {
      const v = config.get(key);
      if (v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v)) return normalizeSettings(v as Record<string, unknown>, name);
    }
    return null;
  };
}

function normalizeSettings(v: Record<string, unknown>, name: string): ConfigSettings {
  const out: Record<string, string | string[]> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === "string") out[k] = x;
    else if (typeof x === "number" || typeof x === "boolean") out[k] = String(x);
    else if (Array.isArray(x) && x.every((e) => typeof e === "string")) out[k] = x as string[];
    else throw new BuildError(`installer.build-config-settings.${name}.${k} must be a string or a list of strings.`);
  }
  return out;
}

/** The cache key of a wheel built from `sourceKey` for this interpreter and these settings. */
export function buildKey(sourceKey: string, interp: BuildInterpreter, settings: ConfigSettings | null, editablePath: string | null): string {
  const i = interp.info;
  const identity = [BUILD_CACHE_VERSION, sourceKey, editablePath ?? "", settings ?? {}, i.implementation, i.version_info.slice(0, 2), i.soabi ?? "", i.abiflags ?? "", i.platform ?? i.markers.sys_platform, i.markers.platform_machine];
  return new Bun.CryptoHasher("sha256").update(JSON.stringify(identity)).digest("hex");
}

interface CachedBuild {
  readonly filename: string;
  readonly sha256: string;
}

function readCached(layout: CacheLayout, key: string): CachedBuild | null {
  const dir = layout.builtDir(key);
  try {
    const meta = JSON.parse(readFileSync(join(dir, "built.json"), "utf8")) as CachedBuild;
    return existsSync(join(dir, meta.filename)) ? meta : null;
  } catch {
    return null;
  }
}

async function storeBuilt(layout: CacheLayout, key: string, wheel: string): Promise<CachedBuild> {
  layout.ensure();
  const tmp = mkdtempSync(join(layout.tmpDir(), "built-"));
  const filename = basename(wheel);
  writeFileSync(join(tmp, filename), readFileSync(wheel));
  const meta = { filename, sha256: await sha256File(join(tmp, filename)) };
  writeFileSync(join(tmp, "built.json"), JSON.stringify(meta));
  atomicMoveDir(tmp, layout.builtDir(key));
  return readCached(layout, key) ?? meta;
}

export function makeWheelBuilder(o: BuilderOptions): (req: BuildRequest) => Promise<BuiltWheel> {
  const layout = new CacheLayout(o.fetch.cacheRoot);
  const cache = new Cache(o.fetch.cacheRoot);
  let resolver: RequirementResolver | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const fromCache = async (key: string): Promise<BuiltWheel | null> => {
    const hit = readCached(layout, key);
    if (hit === null) return null;
    return { wheelDir: await cache.unpackedWheel(hit.sha256, join(layout.builtDir(key), hit.filename)), filename: hit.filename };
  };

  return async (req) => {
    const label = `${req.name} (${req.version})`;
    const a = req.artifact;
    if (a.kind === "wheel") throw new BuildError(`${label} is a wheel: nothing to build.`);
    const settings = o.configSettings(req.name);
    const editablePath = a.kind === "directory" && a.develop ? a.path : null;
    const early = earlyKey(a);
    if (early !== null) {
      const hit = await fromCache(buildKey(early, o.interp, settings, editablePath));
      if (hit !== null) {
        o.detail(`Using the cached wheel of ${label} built from ${early.split(":")[0]}`);
        return hit;
      }
    }
    layout.ensure();
    const scratch = mkdtempSync(join(layout.tmpDir(), `build-${canonicalizeName(req.name)}-`));
    try {
      const pkg: LockedPackage = req.pkg ?? syntheticPackage(req);
      const src = await acquireSource({ fetch: o.fetch, scratch, label }, pkg, a);
      if (src.kind === "wheel") return { wheelDir: await cache.unpackedWheel(src.sha256, src.path), filename: basename(src.path) };
      const key = buildKey(src.key, o.interp, settings, editablePath);
      const hit = await fromCache(key);
      if (hit !== null) {
        o.detail(`Using the cached wheel of ${label} built from ${src.key.split(":")[0]}`);
        return hit;
      }
      return await serial(async () => {
        const again = await fromCache(key);
        if (again !== null) return again;
        o.line?.(`  - Building ${label}`);
        const wheel = await buildIn(src.dir, scratch, label, settings, editablePath !== null);
        const stored = await storeBuilt(layout, key, wheel);
        return { wheelDir: await cache.unpackedWheel(stored.sha256, join(layout.builtDir(key), stored.filename)), filename: stored.filename };
      });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  };

  async function buildIn(sourceDir: string, scratch: string, label: string, settings: ConfigSettings | null, editable: boolean): Promise<string> {
    resolver ??= requirementResolver(o.fetch.client, o.interp);
    const system = readBuildSystem(sourceDir, label);
    const envDir = join(scratch, "build-env");
    const benv = createBuildEnvironment(o.interp, envDir);
    try {
      const first = await resolver.resolve(system.requires, label);
      await installRequirements(benv, first, o.fetch.client);
      const ctx: HookContext = {
        python: benv.python,
        sourceDir,
        system,
        configSettings: settings,
        env: benv.env,
        label,
        log: [],
        workDir: scratch,
        onLine: (l) => o.detail(`    | ${l}`),
      };
      const more = await extraRequires(ctx, editable);
      if (more.length > 0) {
        const all = await resolver.resolve([...system.requires, ...more], label);
        await installRequirements(benv, all, o.fetch.client);
      }
      const out = join(scratch, "wheel-out");
      mkdirSync(out, { recursive: true });
      const filename = await buildWheelHook(ctx, out, editable);
      return join(out, filename);
    } finally {
      dropBuildEnvironment(envDir);
    }
  }
}

/** Enough of a locked package for a source that is not on an index. */
function syntheticPackage(req: BuildRequest): LockedPackage {
  return {
    name: req.name,
    version: req.version,
    description: "",
    optional: false,
    pythonVersions: "*",
    groups: null,
    markers: null,
    category: null,
    files: [],
    dependencies: [],
    extras: {},
    source: null,
    develop: null,
  };
}

/** The files under a directory (for tests and diagnostics). */
export function listBuilt(cacheRoot: string): string[] {
  const root = join(cacheRoot, "built-v1");
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const aa of readdirSync(root)) for (const k of readdirSync(join(root, aa))) out.push(k);
  return out;
}
