/**
 * The sdist writer: a PAX-format tar (headers encoded by node-tar), gzip-compressed, holding
 * `{dist}-{version}/` + the project files sorted by path, then PKG-INFO; no setup.py (Poetry 2
 * dropped it; `pip install` builds through the PEP 517 backend named in pyproject.toml).
 * Owner ids and names are zeroed, permissions normalized, times fixed: reproducible bytes.
 */
import { readFileSync, statSync } from "node:fs";
import { tar, zlib } from "../deferred.ts";
import { sdistFilename } from "../standards/filename.ts";
import { normalizeMode, timestamps } from "./archive-time.ts";
import { BuildIoError } from "./errors.ts";
import { sdistFiles } from "./files.ts";
import { metadataText } from "./metadata.ts";
import type { BuildSpec } from "./spec.ts";
import type { Artifact } from "./wheel.ts";

const BLOCK = 512;
const RECORD = 20 * BLOCK; // tar's record size: the archive is padded to a multiple of it

function entry(path: string, data: Uint8Array, mode: number, mtime: number): Buffer[] {
  const fields = { path, mode: mode & 0o7777, uid: 0, gid: 0, size: data.length, mtime: new Date(mtime * 1000), type: "File" as const, uname: "", gname: "" };
  const { Header, Pax } = tar();
  const header = new Header(fields);
  const block = Buffer.alloc(BLOCK);
  header.encode(block);
  const out: Buffer[] = [];
  if (header.needPax) out.push(new Pax({ path, size: data.length }).encode());
  out.push(block, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  if (pad > 0) out.push(Buffer.alloc(pad));
  return out;
}

export function buildSdist(spec: BuildSpec, sourceDateEpoch: number | null): Artifact {
  const time = timestamps(sourceDateEpoch);
  const top = `${spec.distName}-${spec.version}`;
  const chunks: Buffer[] = [];
  for (const f of sdistFiles(spec, spec.metadata.licenseFiles)) {
    let data: Uint8Array;
    let mode: number;
    try {
      data = readFileSync(f.source);
      mode = statSync(f.source).mode;
    } catch (e) {
      throw new BuildIoError(`could not read ${f.source}: ${(e as Error).message}`, { cause: e });
    }
    chunks.push(...entry(`${top}/${f.target}`, data, normalizeMode(mode), time.tarMtime));
  }
  chunks.push(...entry(`${top}/PKG-INFO`, new TextEncoder().encode(metadataText(spec.metadata)), 0o644, time.tarMtime));
  let size = chunks.reduce((n, c) => n + c.length, 0) + 2 * BLOCK;
  chunks.push(Buffer.alloc(2 * BLOCK));
  if (size % RECORD !== 0) {
    chunks.push(Buffer.alloc(RECORD - (size % RECORD)));
    size += RECORD - (size % RECORD);
  }
  const tarBytes = Buffer.concat(chunks);
  return { filename: sdistFilename(spec.name, spec.version), bytes: new Uint8Array(zlib().gzipSync(tarBytes, { level: 9 })) };
}
