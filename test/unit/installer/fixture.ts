/**
 * Test fixtures for the installer: a project and a poetry.lock (written with renderLock) whose
 * packages are files served by the test index, with their real sha256.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { contentHash, renderLock, type Lock, type LockedPackage } from "../../../src/lock/index.ts";
import { loadProject } from "../../../src/project/index.ts";
import { parseWheelFilename } from "../../../src/standards/filename.ts";
import { Version } from "../../../src/standards/version.ts";

export interface IndexFile {
  filename: string;
  url: string;
  sha256: string;
}

/** The wheels of a project on the index (PEP 691 JSON). */
export async function indexWheels(simpleUrl: string, name: string): Promise<IndexFile[]> {
  const res = await fetch(`${simpleUrl}${name}/`, { headers: { accept: "application/vnd.pypi.simple.v1+json" } });
  if (!res.ok) throw new Error(`index has no ${name}: ${res.status}`);
  const page = (await res.json()) as { files: { filename: string; url: string; hashes: { sha256: string } }[] };
  return page.files.filter((f) => f.filename.endsWith(".whl")).map((f) => ({ filename: f.filename, url: new URL(f.url, `${simpleUrl}${name}/`).href, sha256: f.hashes.sha256 }));
}

/** The newest wheel of a project (or of the given version). */
export async function pickWheel(simpleUrl: string, name: string, version?: string): Promise<IndexFile & { version: string }> {
  const wheels = (await indexWheels(simpleUrl, name)).map((f) => ({ ...f, version: parseWheelFilename(f.filename).version.toString() }));
  const pool = version ? wheels.filter((w) => w.version === version) : wheels.filter((w) => !Version.parse(w.version).isPrerelease);
  pool.sort((a, b) => Version.parse(b.version).compare(Version.parse(a.version)));
  const w = pool[0];
  if (!w) throw new Error(`no wheel for ${name} ${version ?? ""}`);
  return w;
}

export interface FixturePackage {
  name: string;
  version: string;
  files: { filename: string; sha256: string }[];
  groups?: string[];
  markers?: string;
  optional?: boolean;
}

export interface FixtureOptions {
  simpleUrl: string;
  /** Extra pyproject text (groups, scripts...). */
  extra?: string;
  packageMode?: boolean;
  /** Dependencies as written in [project].dependencies; default every package name. */
  dependencies?: string[];
}

/** Write pyproject.toml and a fresh poetry.lock into `dir`. */
export function writeProject(dir: string, packages: FixturePackage[], o: FixtureOptions): void {
  const deps = o.dependencies ?? packages.filter((p) => (p.groups ?? ["main"]).includes("main")).map((p) => p.name);
  const pyproject = [
    "[project]",
    'name = "app"',
    'version = "0.1.0"',
    'requires-python = ">=3.8"',
    `dependencies = [${deps.map((d) => JSON.stringify(d)).join(", ")}]`,
    "",
    "[tool.poetry]",
    `package-mode = ${o.packageMode === true ? "true" : "false"}`,
    "",
    "[[tool.poetry.source]]",
    'name = "local"',
    `url = "${o.simpleUrl}"`,
    'priority = "primary"',
    "",
    o.extra ?? "",
  ].join("\n");
  writeFileSync(join(dir, "pyproject.toml"), pyproject);
  const project = loadProject(dir);
  const locked: LockedPackage[] = packages.map((p) => ({
    name: p.name,
    version: p.version,
    description: "",
    optional: p.optional ?? false,
    pythonVersions: "*",
    groups: p.groups ?? ["main"],
    markers: p.markers ? { kind: "all", marker: p.markers } : null,
    category: null,
    files: p.files.map((f) => ({ file: f.filename, hash: `sha256:${f.sha256}` })),
    dependencies: [],
    extras: {},
    source: { type: "legacy", url: o.simpleUrl, reference: "local", resolvedReference: null, subdirectory: null },
    develop: null,
  }));
  const lock: Lock = { packages: locked, extras: {}, metadata: { lockVersion: "2.1", pythonVersions: ">=3.8", contentHash: contentHash(project) } };
  writeFileSync(join(dir, "poetry.lock"), renderLock(lock));
}
