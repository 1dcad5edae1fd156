/**
 * The wheel writer: package files (sorted by source path), file scripts under
 * `{dist}-{version}.data/scripts/`, then the dist-info files in sorted order (METADATA, WHEEL,
 * entry_points.txt, licenses/...), then RECORD, like poetry-core. Members are deflated, carry
 * Unix permissions normalized to 644/755 and fixed dates, so the same input gives the same bytes.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Zippable } from "fflate";
import { fflate } from "../deferred.ts";
import { parseConstraint } from "../standards/constraint.ts";
import { wheelFilename } from "../standards/filename.ts";
import { formatCsvRow } from "../standards/record.ts";
import { VERSE_VERSION } from "../version.ts";
import { normalizeMode, timestamps } from "./archive-time.ts";
import { entryPointsText } from "./entry-points.ts";
import { BuildIoError, UnsupportedBuildError } from "./errors.ts";
import { wheelFiles } from "./files.ts";
import { metadataText } from "./metadata.ts";
import type { BuildSpec } from "./spec.ts";

export interface Artifact {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

interface Member {
  readonly path: string;
  readonly data: Uint8Array;
  readonly mode: number;
  readonly date: Date;
}

const S_IFREG = 0o100000;

function digest(data: Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(data).digest("base64url");
}

function readSource(path: string): { data: Uint8Array; mode: number } {
  try {
    return { data: readFileSync(path), mode: statSync(path).mode };
  } catch (e) {
    throw new BuildIoError(`could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** "py2.py3" when the project's Python constraint allows a Python 2, else "py3". */
export function wheelTag(pythonConstraint: string): string {
  const c = parseConstraint(pythonConstraint);
  return c.allowsAny(parseConstraint(">=2.0.0,<3.0.0")) ? "py2.py3-none-any" : "py3-none-any";
}

export function buildWheel(spec: BuildSpec, pythonConstraint: string, sourceDateEpoch: number | null): Artifact {
  if (spec.buildScript !== null) {
    throw new UnsupportedBuildError(`this project has a build script (${spec.buildScript}); verse cannot run build scripts yet`, {
      hint: "Build this project with `poetry build` for now.",
    });
  }
  const time = timestamps(sourceDateEpoch);
  const tag = wheelTag(pythonConstraint);
  const distInfo = `${spec.distName}-${spec.version}.dist-info`;
  const dataDir = `${spec.distName}-${spec.version}.data`;
  const members: Member[] = [];
  const fromDisk = (source: string, path: string): void => {
    const { data, mode } = readSource(source);
    members.push({ path, data, mode: normalizeMode(mode), date: time.zipFile });
  };
  for (const f of wheelFiles(spec)) fromDisk(f.source, f.target);
  for (const s of spec.fileScripts) fromDisk(s.source, `${dataDir}/scripts/${s.target}`);

  const info: Member[] = [];
  const text = (path: string, content: string): void => {
    info.push({ path: `${distInfo}/${path}`, data: new TextEncoder().encode(content), mode: S_IFREG | 0o644, date: time.zipFile });
  };
  text("METADATA", metadataText(spec.metadata));
  text("WHEEL", `Wheel-Version: 1.0\nGenerator: verse ${VERSE_VERSION}\nRoot-Is-Purelib: true\nTag: ${tag}\n`);
  const eps = entryPointsText(spec.entryPoints);
  if (eps !== null) text("entry_points.txt", eps);
  for (const l of spec.metadata.licenseFiles) {
    const { data, mode } = readSource(join(spec.root, l));
    info.push({ path: `${distInfo}/licenses/${l}`, data, mode: normalizeMode(mode), date: time.zipFile });
  }
  // poetry-core copies dist-info in sorted path order (byte order: upper case first)
  info.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  members.push(...info);

  const rows = members.map((m) => formatCsvRow([m.path, `sha256=${digest(m.data)}`, String(m.data.length)]));
  rows.push(formatCsvRow([`${distInfo}/RECORD`, "", ""]));
  members.push({ path: `${distInfo}/RECORD`, data: new TextEncoder().encode(`${rows.join("\n")}\n`), mode: S_IFREG | 0o644, date: time.zipRecord });

  const zippable: Zippable = {};
  for (const m of members) {
    zippable[m.path] = [m.data, { level: 6, mtime: m.date, os: 3, attrs: ((m.mode & 0xffff) << 16) >>> 0 }];
  }
  const bytes = fflate().zipSync(zippable);
  return { filename: wheelFilename(spec.name, spec.version, tag), bytes };
}
