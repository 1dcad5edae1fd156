/**
 * pylock.toml (PEP 751, lock-version 1.0) from a poetry.lock, for a fixed selection of groups and
 * extras (recorded under `[tool.verse]`). Each package carries its marker (from the lock, no
 * project python marker: that goes into `environments` / `requires-python`), its own
 * requires-python, and where it comes from: an index with its sdist and wheels, a VCS commit, a
 * directory, or an archive (URL or local file). poetry.lock keeps file names and hashes but not
 * their URLs, so the caller supplies `fileInfo` (the command asks the package index).
 */
import { isAbsolute, join, relative, sep } from "node:path";
import type { Project } from "../project/core.ts";
import { constraintToPep508, parseConstraint } from "../standards/constraint.ts";
import { SpecifierSet } from "../standards/specifier.ts";
import { canonicalizeName } from "../standards/names.ts";
import { ExportError, exportedPackages, pythonMarkerOf, type ExportSelection } from "./export-packages.ts";
import type { Lock, LockedFile, LockedPackage } from "./model.ts";

/** What an index says about one file of a locked package. */
export interface RemoteFileInfo {
  readonly url: string;
  readonly size?: number;
  readonly uploadTime?: string;
}

export interface PylockOptions {
  /** The directory the pylock.toml is written to (local paths are written relative to it). */
  readonly outputDir: string;
  /** The index URL, size and upload time of a locked index file; null when unknown. */
  readonly fileInfo: (pkg: LockedPackage, file: LockedFile) => RemoteFileInfo | null;
  readonly createdBy?: string;
}

export const PYPI_INDEX = "https://pypi.org/simple";

const str = (s: string): string => JSON.stringify(s); // JSON string escapes are valid TOML basic strings
const strArray = (xs: readonly string[]): string => `[${xs.map(str).join(", ")}]`;

/** A Poetry python constraint as a PEP 440 specifier set, or null when it has none (an OR). */
function requiresPython(constraint: string): string | null {
  if (constraint.trim() === "" || constraint.trim() === "*") return null;
  try {
    const text = constraintToPep508(parseConstraint(constraint));
    if (text === "" || text.includes("||")) return null;
    SpecifierSet.parse(text);
    return text;
  } catch {
    return null;
  }
}

function hashTable(file: LockedFile): string {
  const colon = file.hash.indexOf(":");
  const [alg, hex] = colon < 0 ? ["sha256", file.hash] : [file.hash.slice(0, colon), file.hash.slice(colon + 1)];
  return `{${alg} = ${str(hex)}}`;
}

/** TOML wants an RFC 3339 date-time; an index's upload time that is not one is left out. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function fileEntry(pkg: LockedPackage, file: LockedFile, options: PylockOptions): string {
  const info = options.fileInfo(pkg, file);
  if (info === null) {
    throw new ExportError(`Cannot find the URL of ${file.file} (${pkg.name} ${pkg.version}) on its index.`, {
      hint: "Check that the package's source is reachable, or export to requirements.txt instead.",
    });
  }
  const parts = [`name = ${str(file.file)}`, `url = ${str(info.url)}`];
  if (info.uploadTime !== undefined && RFC3339.test(info.uploadTime)) parts.push(`upload-time = ${info.uploadTime}`);
  if (info.size !== undefined) parts.push(`size = ${info.size}`);
  parts.push(`hashes = ${hashTable(file)}`);
  return `{${parts.join(", ")}}`;
}

function localPath(project: Project, outputDir: string, path: string): string {
  const abs = isAbsolute(path) ? path : join(project.root, path);
  const rel = relative(outputDir, abs);
  const shown = rel === "" ? "." : rel.startsWith("..") && isAbsolute(path) ? abs : rel;
  return shown.split(sep).join("/");
}

function sourceLines(project: Project, pkg: LockedPackage, options: PylockOptions): string[] {
  const src = pkg.source;
  const type = src?.type ?? null;
  const sub = src?.subdirectory ? [`subdirectory = ${str(src.subdirectory)}`] : [];
  if (src !== null && (type === "git" || type === "hg" || type === "svn" || type === "bzr")) {
    const parts = [`type = ${str(type)}`, `url = ${str(src.url)}`];
    if (src.reference !== null) parts.push(`requested-revision = ${str(src.reference)}`);
    parts.push(`commit-id = ${str(src.resolvedReference ?? src.reference ?? "")}`, ...sub);
    return [`vcs = {${parts.join(", ")}}`];
  }
  if (src !== null && type === "directory") {
    const parts = [`path = ${str(localPath(project, options.outputDir, src.url))}`];
    if (pkg.develop === true) parts.push("editable = true");
    return [`directory = {${[...parts, ...sub].join(", ")}}`];
  }
  if (src !== null && (type === "file" || type === "url")) {
    const file = pkg.files[0];
    if (file === undefined) throw new ExportError(`poetry.lock has no file hash for ${pkg.name} (${src.url}).`, { hint: "Run `verse lock --regenerate`." });
    const where = type === "url" ? `url = ${str(src.url)}` : `path = ${str(localPath(project, options.outputDir, src.url))}`;
    return [`archive = {${[where, `hashes = ${hashTable(file)}`, ...sub].join(", ")}}`];
  }
  const lines = [`index = ${str(src?.type === "legacy" && src.url !== "" ? src.url.replace(/\/+$/, "") : PYPI_INDEX)}`];
  const sdists = pkg.files.filter((f) => !f.file.endsWith(".whl"));
  const wheels = pkg.files.filter((f) => f.file.endsWith(".whl"));
  if (pkg.files.length === 0) throw new ExportError(`poetry.lock lists no files for ${pkg.name} ${pkg.version}.`, { hint: "Run `verse lock --regenerate`." });
  // PEP 751 allows one sdist: the first one locked stands for the release
  if (sdists[0] !== undefined) lines.push(`sdist = ${fileEntry(pkg, sdists[0], options)}`);
  if (wheels.length > 0) lines.push(`wheels = [\n${wheels.map((w) => `    ${fileEntry(pkg, w, options)},\n`).join("")}]`);
  return lines;
}

/** One file as an index lists it (src/index's PackageFile has this shape). */
export interface ListedFile {
  readonly filename: string;
  readonly url: string;
  readonly size?: number;
  readonly uploadTime?: string;
}

/**
 * A `fileInfo` for renderPylock, filled by asking `listFiles` (the index) for the pages of the
 * exported index packages, concurrently. `listFiles` gets the package name and its source name
 * (null for PyPI).
 */
export async function indexFileInfo(
  lock: Lock,
  project: Project,
  sel: ExportSelection,
  listFiles: (name: string, source: string | null) => Promise<readonly ListedFile[]>,
): Promise<PylockOptions["fileInfo"]> {
  const byKey = new Map<string, RemoteFileInfo>();
  const wanted = exportedPackages(lock, project, sel).filter((e) => e.pkg.source === null || e.pkg.source.type === "legacy");
  await Promise.all(
    wanted.map(async ({ pkg }) => {
      const files = await listFiles(pkg.name, pkg.source?.reference ?? null);
      for (const f of files) {
        byKey.set(`${canonicalizeName(pkg.name)}/${f.filename}`, { url: f.url, size: f.size, uploadTime: f.uploadTime });
      }
    }),
  );
  return (pkg, file) => byKey.get(`${canonicalizeName(pkg.name)}/${file.file}`) ?? null;
}

/** The pylock.toml text for the selection. */
export function renderPylock(lock: Lock, project: Project, sel: ExportSelection, options: PylockOptions): string {
  const out: string[] = ['lock-version = "1.0"'];
  if (project.pythonConstraint.trim() !== "*") {
    const env = pythonMarkerOf(project.pythonConstraint);
    if (!env.isAny()) out.push(`environments = ${strArray([env.toString()])}`);
    const rp = requiresPython(project.pythonConstraint);
    if (rp !== null) out.push(`requires-python = ${str(rp)}`);
  }
  out.push(`created-by = ${str(options.createdBy ?? "verse")}`);
  const packages = exportedPackages(lock, project, sel);
  if (packages.length === 0) out.push("packages = []");
  for (const { pkg, marker } of packages) {
    const lines = ["", "[[packages]]", `name = ${str(canonicalizeName(pkg.name))}`];
    // a directory's version may not match its code at install time: PEP 751 says leave it out
    if (pkg.source?.type !== "directory") lines.push(`version = ${str(pkg.version)}`);
    if (!marker.isAny()) lines.push(`marker = ${str(marker.toString())}`);
    const rp = requiresPython(pkg.pythonVersions);
    if (rp !== null) lines.push(`requires-python = ${str(rp)}`);
    lines.push(...sourceLines(project, pkg, options));
    out.push(...lines);
  }
  const groups = [...sel.groups].sort((a, b) => (a === "main" ? -1 : b === "main" ? 1 : a < b ? -1 : a > b ? 1 : 0));
  out.push("", "[tool.verse]", `groups = ${strArray(groups)}`, `extras = ${strArray([...sel.extras].sort())}`);
  return `${out.join("\n")}\n`;
}
