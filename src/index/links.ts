/**
 * Sources that are not simple indexes: a single HTML page listing files of many projects
 * (Poetry's single-page "links" source, pip's --find-links URL) and a local directory of
 * wheels and sdists. Both are split into projects by parsing the file names.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseSdistFilename, parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName, type NormalizedName } from "../standards/names.ts";
import { parseHtmlPage } from "./simple-html.ts";
import type { PackageFile } from "./types.ts";

/** The project a distribution file belongs to, or null for files that are not distributions. */
export function projectOfFilename(filename: string): NormalizedName | null {
  try {
    if (filename.endsWith(".whl")) return parseWheelFilename(filename).name;
    if (filename.endsWith(".tar.gz") || filename.endsWith(".zip")) return parseSdistFilename(filename).name;
  } catch {
    return null;
  }
  return null;
}

export function groupByProject(files: readonly PackageFile[]): Map<NormalizedName, PackageFile[]> {
  const out = new Map<NormalizedName, PackageFile[]>();
  for (const f of files) {
    const name = projectOfFilename(f.filename);
    if (name === null) continue;
    let list = out.get(name);
    if (list === undefined) out.set(name, (list = []));
    list.push(f);
  }
  return out;
}

/** Every file on a single links page. */
export function parseLinksPage(html: string, pageUrl: string, source: string): Map<NormalizedName, PackageFile[]> {
  return groupByProject(parseHtmlPage(html, pageUrl, source));
}

/** The distributions of a local directory, with their sha256 (read once per scan). */
export function scanFindLinksDir(dirUrl: string, source: string, only?: NormalizedName): PackageFile[] {
  const dir = fileURLToPath(dirUrl);
  const files: PackageFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const project = projectOfFilename(name);
    if (project === null || (only !== undefined && project !== canonicalizeName(only))) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (!st.isFile()) continue;
    const sha256 = new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");
    files.push({ filename: name, url: pathToFileURL(path).href, hashes: { sha256 }, requiresPython: null, yanked: false, coreMetadata: false, size: st.size, source });
  }
  return files;
}
