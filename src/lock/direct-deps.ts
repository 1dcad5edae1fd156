/**
 * The packages a project takes from outside its indexes (git, url, a local wheel or sdist, a
 * directory) as the resolver sees them: one version each, with its metadata, and the source
 * table and files poetry.lock records for it.
 *
 * A directory whose pyproject.toml declares its metadata statically is read here; everything
 * else (git checkouts, archives, setup.py or other-backend projects) goes through a
 * DirectSourceReader the command injects (the installer fetches the source and reads the
 * wheel's METADATA, building it through PEP 517 when needed), so this layer never imports the
 * installer.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { buildSpec } from "../builder/index.ts";
import { loadProject, type Dependency, type Project } from "../project/core.ts";
import { type DirectPackage, UnsupportedDependencyError } from "../resolver/index.ts";
import { parseMetadata } from "../standards/metadata.ts";
import { canonicalizeName } from "../standards/names.ts";
import { Version } from "../standards/version.ts";

/** What a reader is asked for; paths are absolute. */
export type DirectSourceRequest =
  | { readonly kind: "git"; readonly url: string; readonly rev: string | null; readonly subdirectory: string | null }
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "directory"; readonly path: string };

export interface DirectSourceInfo {
  /** The core metadata (a wheel's METADATA, or a reliable PKG-INFO). */
  readonly metadata: string;
  /** git: the full commit the reference resolved to. */
  readonly commit?: string;
  /** url / file: the archive's file name and sha256. */
  readonly archive?: { readonly filename: string; readonly sha256: string };
}

/** Reads a direct source's metadata (the installer provides one; see installer/direct-metadata.ts). */
export type DirectSourceReader = (request: DirectSourceRequest, name: string) => Promise<DirectSourceInfo>;

const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip|tar)$/i;

function relativePath(project: Project, abs: string): string {
  const rel = relative(project.root, abs).split(sep).join("/");
  return rel === "" ? "." : rel;
}

/** Static metadata of a directory whose pyproject.toml declares it (Poetry or a static [project]). */
function staticDirectoryMetadata(abs: string): string | null {
  const pyproject = join(abs, "pyproject.toml");
  if (!existsSync(pyproject) || existsSync(join(abs, "setup.py"))) return null;
  const text = readFileSync(pyproject, "utf8");
  // a [project] table whose version or dependencies the backend computes needs the backend
  if (/^\s*dynamic\s*=\s*\[[^\]]*"(version|dependencies|optional-dependencies|requires-python)"/m.test(text)) return null;
  try {
    const meta = buildSpec(loadProject(abs)).metadata;
    const lines = ["Metadata-Version: 2.1", `Name: ${meta.name}`, `Version: ${meta.version}`];
    if (meta.summary) lines.push(`Summary: ${meta.summary}`);
    if (meta.requiresPython) lines.push(`Requires-Python: ${meta.requiresPython}`);
    for (const e of meta.providesExtra) lines.push(`Provides-Extra: ${e}`);
    for (const r of meta.requiresDist) lines.push(`Requires-Dist: ${r}`);
    return `${lines.join("\n")}\n\n`;
  } catch {
    return null; // not something verse's builder reads: ask the backend
  }
}

function needReader(dep: Dependency, reader: DirectSourceReader | undefined, what: string): DirectSourceReader {
  if (reader !== undefined) return reader;
  throw new UnsupportedDependencyError(`Cannot read the metadata of the ${what} dependency '${dep.name}' here.`, {
    hint: "Run `verse lock` (it fetches and builds such dependencies to read their metadata).",
  });
}

function packageOf(dep: Dependency, metadataText: string, source: DirectPackage["source"], develop: boolean | null, files?: DirectPackage["files"]): DirectPackage {
  const metadata = parseMetadata(metadataText);
  const version = Version.tryParse(metadata.version ?? "");
  if (version === null) throw new UnsupportedDependencyError(`The ${source.type} dependency '${dep.name}' (${source.url}) has no valid version in its metadata.`);
  if (canonicalizeName(metadata.name) !== dep.normalizedName) {
    throw new UnsupportedDependencyError(`The ${source.type} dependency '${dep.name}' (${source.url}) is the package '${metadata.name}'.`, {
      hint: `Name the dependency '${metadata.name}' in pyproject.toml.`,
    });
  }
  return { name: metadata.name, version, metadata, source, develop, files };
}

/** The DirectPackage of one git, url or path dependency. */
export async function directPackage(project: Project, dep: Dependency, reader: DirectSourceReader | undefined): Promise<DirectPackage> {
  const kind = dep.kind;
  switch (kind.type) {
    case "git": {
      const rev = kind.branch ?? kind.tag ?? kind.rev;
      // a local repository path is resolved from the project, as Poetry does
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(kind.url) || /^[^/]+@[^/]+:/.test(kind.url) ? kind.url : resolve(project.root, kind.url);
      const info = await needReader(dep, reader, "git")({ kind: "git", url, rev, subdirectory: kind.subdirectory }, dep.name);
      return packageOf(dep, info.metadata, { type: "git", url: kind.url, reference: rev ?? "HEAD", resolvedReference: info.commit ?? null, subdirectory: kind.subdirectory }, false);
    }
    case "url": {
      const info = await needReader(dep, reader, "url")({ kind: "url", url: kind.url }, dep.name);
      const files = info.archive ? [{ file: info.archive.filename, hash: `sha256:${info.archive.sha256}` }] : [];
      return packageOf(dep, info.metadata, { type: "url", url: kind.url, subdirectory: kind.subdirectory }, null, files);
    }
    case "path": {
      const abs = resolve(project.root, kind.path, kind.subdirectory ?? "");
      if (!existsSync(abs)) {
        throw new UnsupportedDependencyError(`The path dependency '${dep.name}' (${kind.path}) does not exist.`, { hint: "Fix the path in pyproject.toml." });
      }
      if (statSync(abs).isFile()) {
        if (!ARCHIVE.test(abs)) throw new UnsupportedDependencyError(`The path dependency '${dep.name}' (${kind.path}) is neither a directory nor a wheel or sdist.`);
        const info = await needReader(dep, reader, "file")({ kind: "file", path: abs }, dep.name);
        const files = [{ file: info.archive?.filename ?? basename(abs), hash: `sha256:${info.archive?.sha256 ?? ""}` }];
        return packageOf(dep, info.metadata, { type: "file", url: relativePath(project, abs) }, null, files);
      }
      const source = { type: "directory", url: relativePath(project, abs) };
      const text = staticDirectoryMetadata(abs) ?? (await needReader(dep, reader, "directory")({ kind: "directory", path: abs }, dep.name)).metadata;
      return packageOf(dep, text, source, dep.develop);
    }
    case "registry":
      throw new UnsupportedDependencyError(`'${dep.name}' is an index dependency, not a direct one.`);
  }
}

/** Every direct dependency of every group, read concurrently (one per name). */
export async function directPackages(project: Project, reader: DirectSourceReader | undefined): Promise<DirectPackage[]> {
  const seen = new Map<string, Dependency>();
  for (const g of project.groups.values()) for (const d of g.dependencies) if (d.kind.type !== "registry" && !seen.has(d.normalizedName)) seen.set(d.normalizedName, d);
  return Promise.all([...seen.values()].map((d) => directPackage(project, d, reader)));
}
