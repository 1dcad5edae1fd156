/**
 * Which files of the dist directory to upload: only the current version's sdist and wheels, the
 * sdist first (an index then sees the source before any binary, as Poetry does), wheels by name.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseSdistFilename, parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName } from "../standards/names.ts";
import { Version } from "../standards/version.ts";
import { PublishConfigError } from "./errors.ts";

export interface Artifact {
  readonly path: string;
  readonly filename: string;
  readonly kind: "sdist" | "wheel";
}

export function findArtifacts(distDir: string, name: string, version: string): Artifact[] {
  let names: string[];
  try {
    names = readdirSync(distDir);
  } catch {
    throw new PublishConfigError(`no distribution directory at ${distDir}`, "Build the project first (`verse build`), or pass --build or --dist-dir.");
  }
  const wanted = canonicalizeName(name);
  const v = Version.parse(version);
  const sdists: Artifact[] = [];
  const wheels: Artifact[] = [];
  for (const f of names.sort()) {
    try {
      if (f.endsWith(".whl")) {
        const p = parseWheelFilename(f);
        if (p.name === wanted && p.version.equals(v)) wheels.push({ path: join(distDir, f), filename: f, kind: "wheel" });
      } else if (f.endsWith(".tar.gz")) {
        const p = parseSdistFilename(f);
        if (p.name === wanted && p.version.equals(v)) sdists.push({ path: join(distDir, f), filename: f, kind: "sdist" });
      }
    } catch {
      // not a distribution of ours: ignore it, as Poetry does
    }
  }
  const out = [...sdists, ...wheels];
  if (out.length === 0) {
    throw new PublishConfigError(`no files of ${name} ${version} in ${distDir}`, "Build them first (`verse build`), or pass --build.");
  }
  return out;
}
