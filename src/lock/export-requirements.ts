/**
 * requirements.txt and constraints.txt from a lock, line for line as poetry-plugin-export writes
 * them:
 *  - index packages `name==version ; marker`, direct references `name @ url ; marker` (VCS at the
 *    locked commit), local paths as `file://` URLs, editable directories as `-e file://...`;
 *  - the marker: the project's python restriction AND the package's marker;
 *  - hashes (sha256/384/512, sorted) as ` \` + `    --hash=alg:hex` continuation lines;
 *  - lines sorted as text; then, when a package comes from a configured source, a header of
 *    `--index-url` / `--extra-index-url` (with `--trusted-host` for http) and a blank line.
 * constraints.txt differs as the plugin's does: no `[extras]` on names and no editable packages
 * (they are left out with a warning); hashes are written unless --without-hashes.
 */
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PackageSource, Project } from "../project/core.ts";
import { canonicalizeName } from "../standards/names.ts";
import { exportedPackages, pythonMarkerOf, type ExportedPackage, type ExportSelection } from "./export-packages.ts";
import type { Lock, LockedPackage } from "./model.ts";

export type TextFormat = "requirements.txt" | "constraints.txt";

export interface TextExportOptions {
  readonly format: TextFormat;
  readonly withHashes: boolean;
  /** Write the index lines (`--without-urls` turns them off). */
  readonly withUrls: boolean;
  /** Credentials to embed in index URLs (`--with-credentials`), by source name. */
  readonly credentials?: (sourceName: string) => { username: string; password: string | null } | null;
}

export interface TextExport {
  readonly text: string;
  readonly warnings: readonly string[];
}

const HASH_ALGORITHMS = new Set(["sha256", "sha384", "sha512"]);

/** Where the lock's relative paths start: the project root (the lock sits beside pyproject.toml). */
function fileUrlOf(project: Project, path: string): string {
  return pathToFileURL(isAbsolute(path) ? path : join(project.root, path)).href;
}

function nameOf(pkg: LockedPackage, features: readonly string[], withExtras: boolean): string {
  const name = canonicalizeName(pkg.name);
  return withExtras && features.length > 0 ? `${name}[${[...features].sort().join(",")}]` : name;
}

function subdirectoryFragment(pkg: LockedPackage): string {
  return pkg.source?.subdirectory ? `#subdirectory=${pkg.source.subdirectory}` : "";
}

/** The requirement text before markers and hashes; `remote` for VCS and URL references. */
function requirementOf(project: Project, e: ExportedPackage, withExtras: boolean): { text: string; remote: boolean } {
  const { pkg } = e;
  const src = pkg.source;
  const type = src?.type ?? null;
  if (src !== null && (type === "git" || type === "hg" || type === "svn" || type === "bzr")) {
    const ref = src.resolvedReference ?? src.reference;
    return { text: `${pkg.name} @ ${type}+${src.url}${ref ? `@${ref}` : ""}${subdirectoryFragment(pkg)}`, remote: true };
  }
  // direct references are written as Poetry prints the dependency: its pretty name, no extras
  if (src !== null && type === "url") return { text: `${pkg.name} @ ${src.url}${subdirectoryFragment(pkg)}`, remote: true };
  if (src !== null && (type === "file" || type === "directory")) {
    const url = fileUrlOf(project, src.url);
    if (type === "directory" && pkg.develop === true) return { text: `-e ${url}`, remote: false };
    return { text: `${nameOf(pkg, e.features, withExtras)} @ ${url}`, remote: false };
  }
  return { text: `${nameOf(pkg, e.features, withExtras)}==${pkg.version}`, remote: false };
}

function hashLines(pkg: LockedPackage): string {
  const hashes: string[] = [];
  for (const f of pkg.files) {
    const colon = f.hash.indexOf(":");
    const [alg, hex] = colon < 0 ? ["sha256", f.hash] : [f.hash.slice(0, colon), f.hash.slice(colon + 1)];
    if (HASH_ALGORITHMS.has(alg)) hashes.push(`${alg}:${hex}`);
  }
  return hashes.sort().map((h) => ` \\\n    --hash=${h}`).join("");
}

/** A source URL as Poetry's repository keeps it (no trailing slash), with credentials if asked. */
function indexUrl(source: PackageSource, options: TextExportOptions): string {
  const url = (source.url ?? "").replace(/\/+$/, "");
  const cred = options.credentials?.(source.name) ?? null;
  if (cred === null) return url;
  try {
    const u = new URL(url);
    u.username = encodeURIComponent(cred.username);
    if (cred.password !== null) u.password = encodeURIComponent(cred.password);
    return u.href.replace(/\/+$/, "");
  } catch {
    return url;
  }
}

/** Poetry's pool order: primary sources first, then supplemental, then explicit. */
const PRIORITY_ORDER = { primary: 0, supplemental: 1, explicit: 2 } as const;

function indexHeader(project: Project, used: ReadonlySet<string>, options: TextExportOptions): string {
  const sources = project.sources
    .filter((s) => s.url !== null)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => PRIORITY_ORDER[a.s.priority] - PRIORITY_ORDER[b.s.priority] || a.i - b.i)
    .map(({ s }) => s);
  // Poetry adds PyPI itself unless a primary source is configured (or one is named PyPI).
  const hasPypi = project.sources.some((s) => s.name.toLowerCase() === "pypi") || !project.sources.some((s) => s.priority === "primary");
  let header = "";
  for (const source of sources) {
    const bare = (source.url as string).replace(/\/+$/, "");
    if (!used.has(bare)) continue;
    const url = indexUrl(source, options);
    let scheme = "";
    let host = "";
    try {
      const u = new URL(url);
      scheme = u.protocol;
      host = u.host;
      if (u.username !== "") host = `${u.username}${u.password !== "" ? `:${u.password}` : ""}@${u.host}`;
    } catch {
      // not a URL: written as given
    }
    if (scheme === "http:") header += `--trusted-host ${host}\n`;
    header += !hasPypi && source === sources[0] ? `--index-url ${url}\n` : `--extra-index-url ${url}\n`;
  }
  return header;
}

/** requirements.txt / constraints.txt text for the selection. */
export function renderRequirements(lock: Lock, project: Project, sel: ExportSelection, options: TextExportOptions): TextExport {
  const withExtras = options.format === "requirements.txt";
  const python = pythonMarkerOf(project.pythonConstraint);
  const lines = new Set<string>();
  const used = new Set<string>();
  const warnings: string[] = [];
  for (const e of exportedPackages(lock, project, sel)) {
    const { pkg } = e;
    if (pkg.develop === true && pkg.source?.type === "directory" && !withExtras) {
      warnings.push(`${pkg.name} is locked in develop (editable) mode, which is incompatible with the constraints.txt format.`);
      continue;
    }
    const marker = python.and(e.marker);
    // needed under no Python the project supports: pip could not even parse "<empty>"
    if (marker.isEmpty()) continue;
    const req = requirementOf(project, e, withExtras);
    let line = req.text;
    if (!marker.isAny()) line += ` ; ${marker.toString()}`;
    if (!req.remote && pkg.source?.type === "legacy" && pkg.source.url !== "") used.add(pkg.source.url.replace(/\/+$/, ""));
    if (options.withHashes) line += hashLines(pkg);
    lines.add(line);
  }
  // Python sorts str by code point, as a plain comparison does (not localeCompare)
  let text = [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join("\n") + "\n";
  if (used.size > 0 && options.withUrls) {
    const header = indexHeader(project, used, options);
    text = `${header}\n${text}`;
  }
  return { text, warnings };
}
