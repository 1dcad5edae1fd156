/**
 * Core metadata of a distribution file without installing it, cheapest way first:
 *   1. the PEP 658/714 `.metadata` file, when the index announces it (hash-checked);
 *   2. HTTP range requests into a wheel: the last 64 KiB (end record and, usually, the whole
 *      central directory), then the METADATA member alone. A server that answers a range
 *      request with 200 sent the whole file: it is used (verified, cached as the artifact) and
 *      its host is remembered, so later files from that host skip straight to step 3;
 *   3. the whole file (downloaded into the artifact cache, verified), METADATA read from it;
 *   4. for an sdist, PKG-INFO — only when it is reliable: Metadata-Version 2.2 or later and no
 *      Dynamic field. Otherwise MetadataUnavailableError (the caller must build it).
 * Results are cached by the file's hash: metadata never changes for a given file.
 */
import { fflate } from "../deferred.ts";
import { parseMetadata } from "../standards/metadata.ts";
import { downloadFile, hashesToCheck, verifyBytes, type DownloadContext } from "./download.ts";
import { InvalidIndexResponse, MetadataUnavailableError } from "./errors.ts";
import type { PackageFile } from "./types.ts";
import { findMetadataEntry, localLength, localSpan, locateCentralDirectory, memberData, parseCentralDirectory } from "./zip-directory.ts";

const TAIL = 64 * 1024;
const dec = new TextDecoder();

export interface MetadataContext extends DownloadContext {
  /** Hosts known to ignore range requests (shared by a client's lifetime). */
  noRangeHosts: Set<string>;
  /** Switch off step 2 (e.g. for tests). */
  ranges?: boolean;
}

/** How the metadata was obtained (for -vv traces and the benchmark). */
export type MetadataRoute = "pep658" | "range" | "whole-file" | "sdist";

export async function fetchMetadataText(ctx: MetadataContext, file: PackageFile): Promise<{ text: string; route: MetadataRoute }> {
  const isWheel = file.filename.endsWith(".whl");
  if (file.coreMetadata !== false && !file.url.startsWith("file:")) {
    const res = await ctx.http.bytes({ url: `${file.url}.metadata`, source: file.source, allow: [404] });
    if (res.status === 200) {
      if (typeof file.coreMetadata === "object") verifyBytes({ ...file, filename: `${file.filename}.metadata` }, res.body, hashesToCheck(file, file.coreMetadata));
      return { text: dec.decode(res.body), route: "pep658" };
    }
  }
  if (isWheel) {
    const host = new URL(file.url).host;
    if (ctx.ranges !== false && !file.url.startsWith("file:") && !ctx.noRangeHosts.has(host)) {
      try {
        const text = await viaRanges(ctx, file, host);
        if (text !== null) return { text, route: "range" };
      } catch (e) {
        if (!(e instanceof InvalidIndexResponse)) throw e;
      }
    }
    const path = await downloadFile(ctx, file);
    return { text: wheelMetadata(new Uint8Array(await Bun.file(path).arrayBuffer()), file), route: "whole-file" };
  }
  const path = await downloadFile(ctx, file);
  return { text: sdistMetadata(new Uint8Array(await Bun.file(path).arrayBuffer()), file), route: "sdist" };
}

async function range(ctx: MetadataContext, file: PackageFile, spec: string): Promise<{ status: number; body: Uint8Array; start: number; total: number }> {
  const res = await ctx.http.bytes({ url: file.url, source: file.source, headers: { range: `bytes=${spec}` }, allow: [416] });
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
  if (res.status !== 206 || m === null) return { status: res.status, body: res.body, start: 0, total: res.body.length };
  return { status: 206, body: res.body, start: Number(m[1]), total: m[3] === "*" ? -1 : Number(m[3]) };
}

async function viaRanges(ctx: MetadataContext, file: PackageFile, host: string): Promise<string | null> {
  const tail = await range(ctx, file, `-${TAIL}`);
  if (tail.status === 200) {
    // The server ignored Range: what came back is the whole file. Use it, and stop asking.
    ctx.noRangeHosts.add(host);
    await keepWholeFile(ctx, file, tail.body);
    return wheelMetadata(tail.body, file);
  }
  if (tail.status !== 206 || tail.total < 0) return null;
  if (tail.start === 0) {
    await keepWholeFile(ctx, file, tail.body);
    return wheelMetadata(tail.body, file);
  }
  const loc = locateCentralDirectory(tail.body, tail.start);
  let cd: Uint8Array;
  if (loc.offset >= tail.start) cd = tail.body.subarray(loc.offset - tail.start, loc.offset - tail.start + loc.size);
  else cd = (await range(ctx, file, `${loc.offset}-${loc.offset + loc.size - 1}`)).body;
  const entry = findMetadataEntry(parseCentralDirectory(cd));
  if (entry === null) throw new InvalidIndexResponse(`${file.filename} has no .dist-info/METADATA`);
  let local: Uint8Array;
  const want = localSpan(entry);
  if (entry.localOffset >= tail.start && entry.localOffset + want <= tail.start + tail.body.length) {
    local = tail.body.subarray(entry.localOffset - tail.start);
  } else {
    const end = Math.min(entry.localOffset + want, tail.total) - 1;
    local = (await range(ctx, file, `${entry.localOffset}-${end}`)).body;
  }
  if (local.length >= 30) {
    const need = localLength(local, entry);
    if (need > local.length) local = (await range(ctx, file, `${entry.localOffset}-${entry.localOffset + need - 1}`)).body;
  }
  return dec.decode(memberData(local, entry));
}

/** A whole file that came back from a range read goes into the artifact cache (verified). */
async function keepWholeFile(ctx: MetadataContext, file: PackageFile, data: Uint8Array): Promise<void> {
  const hashes = hashesToCheck(file);
  verifyBytes(file, data, hashes);
  if (hashes.sha256 === undefined) return;
  const tmp = ctx.cache.tempFile(file.filename);
  await Bun.write(tmp, data);
  ctx.cache.commitArtifact(tmp, hashes.sha256, file.filename);
}

export function wheelMetadata(zip: Uint8Array, file: Pick<PackageFile, "filename">): string {
  let found: Record<string, Uint8Array>;
  try {
    found = fflate().unzipSync(zip, { filter: (f) => /^[^/]+\.dist-info\/METADATA$/.test(f.name) });
  } catch {
    throw new InvalidIndexResponse(`${file.filename} is not a valid wheel (zip)`);
  }
  const data = Object.values(found)[0];
  if (data === undefined) throw new InvalidIndexResponse(`${file.filename} has no .dist-info/METADATA`);
  return dec.decode(data);
}

/** PKG-INFO at the top of an sdist (`<name>-<version>/PKG-INFO`), if it is reliable. */
export function sdistMetadata(archive: Uint8Array, file: Pick<PackageFile, "filename">): string {
  let text: string | null = null;
  try {
    if (file.filename.endsWith(".zip")) {
      const found = fflate().unzipSync(archive, { filter: (f) => /^[^/]+\/PKG-INFO$/.test(f.name) });
      const data = Object.values(found)[0];
      text = data === undefined ? null : dec.decode(data);
    } else {
      text = tarMember(fflate().gunzipSync(archive), /^[^/]+\/PKG-INFO$/);
    }
  } catch {
    throw new InvalidIndexResponse(`${file.filename} is not a valid source archive`);
  }
  if (text === null) throw new MetadataUnavailableError(`${file.filename} has no PKG-INFO: its metadata needs a build`);
  const meta = parseMetadata(text);
  const [major, minor] = meta.metadataVersion.split(".").map(Number);
  const recent = (major ?? 0) > 2 || ((major ?? 0) === 2 && (minor ?? 0) >= 2);
  if (!recent || meta.dynamic.length > 0) {
    throw new MetadataUnavailableError(
      `The PKG-INFO of ${file.filename} is not reliable (Metadata-Version ${meta.metadataVersion}${meta.dynamic.length > 0 ? `, dynamic: ${meta.dynamic.join(", ")}` : ""}): its metadata needs a build`,
    );
  }
  return text;
}

/** One member of an uncompressed tar (ustar, with pax long names), as text. */
function tarMember(tar: Uint8Array, path: RegExp): string | null {
  let p = 0;
  let paxPath: string | null = null;
  while (p + 512 <= tar.length) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const field = (o: number, n: number): string => dec.decode(header.subarray(o, o + n)).replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(257, 6).startsWith("ustar") ? field(345, 155) : "";
    let name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    paxPath = null;
    const data = tar.subarray(p + 512, p + 512 + size);
    if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(dec.decode(data));
      paxPath = m ? m[1]! : null;
    } else if ((type === "0" || type === "") && path.test(name.replace(/^\.\//, ""))) {
      return dec.decode(data);
    }
    name = "";
    p += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}
