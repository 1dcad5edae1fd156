/** What is installed in an environment: its `*.dist-info` directories (PEP 376 / 627). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalizeName, type NormalizedName } from "../standards/names.ts";

export interface InstalledDist {
  readonly name: NormalizedName;
  readonly version: string;
  /** Absolute path of the .dist-info directory. */
  readonly distInfo: string;
  /** The site-packages directory holding it. */
  readonly siteDir: string;
  /** PEP 610 direct_url.json's url, when there is one. */
  readonly directUrl: string | null;
  readonly editable: boolean;
}

const DIST_INFO = /^(.+)-([^-]+)\.dist-info$/;

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** One METADATA's Name and Version (the headers, not the directory name, are authoritative). */
function nameVersion(distInfo: string, fallback: [string, string]): [string, string] {
  const text = readText(join(distInfo, "METADATA"));
  if (text === null) return fallback;
  let name = fallback[0];
  let version = fallback[1];
  for (const line of text.split("\n", 40)) {
    if (line === "" || line === "\r") break;
    if (line.startsWith("Name:")) name = line.slice(5).trim();
    else if (line.startsWith("Version:")) version = line.slice(8).trim();
  }
  return [name, version];
}

/** Every distribution installed in these site-packages directories, by canonical name. */
export function scanInstalled(siteDirs: readonly string[]): Map<NormalizedName, InstalledDist> {
  const out = new Map<NormalizedName, InstalledDist>();
  for (const siteDir of new Set(siteDirs)) {
    let entries: string[];
    try {
      entries = readdirSync(siteDir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = DIST_INFO.exec(entry);
      if (!m) continue;
      const distInfo = join(siteDir, entry);
      // A dist-info without RECORD is an unfinished install: treat it as absent (it is repaired).
      if (readText(join(distInfo, "RECORD")) === null) continue;
      const [name, version] = nameVersion(distInfo, [m[1] as string, m[2] as string]);
      let directUrl: string | null = null;
      let editable = false;
      const du = readText(join(distInfo, "direct_url.json"));
      if (du !== null) {
        try {
          const parsed = JSON.parse(du) as { url?: unknown; dir_info?: { editable?: unknown } };
          directUrl = typeof parsed.url === "string" ? parsed.url : null;
          editable = parsed.dir_info?.editable === true;
        } catch {
          // an unreadable direct_url.json says nothing about the source
        }
      }
      out.set(canonicalizeName(name), { name: canonicalizeName(name), version, distInfo, siteDir, directUrl, editable });
    }
  }
  return out;
}
