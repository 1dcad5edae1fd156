/**
 * Just enough of the zip format to read one member of a remote wheel with HTTP range requests:
 * the end-of-central-directory record (zip64 too), the central directory, and a member's local
 * header and data. Decompression is fflate's.
 */
import { fflate } from "../deferred.ts";
import { InvalidIndexResponse } from "./errors.ts";

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

export interface CentralDirectoryLocation {
  readonly offset: number;
  readonly size: number;
}

const u16 = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 0x100000000;

function bad(what: string): InvalidIndexResponse {
  return new InvalidIndexResponse(`Not a valid wheel (zip): ${what}`);
}

/** Where the central directory is, from the last bytes of the file (`tailStart` = their offset). */
export function locateCentralDirectory(tail: Uint8Array, tailStart: number): CentralDirectoryLocation {
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - 22 - 0xffff; i--) {
    if (u32(tail, i) !== 0x06054b50) continue;
    let size = u32(tail, i + 12);
    let offset = u32(tail, i + 16);
    if ((size === 0xffffffff || offset === 0xffffffff) && i >= 20 && u32(tail, i - 20) === 0x07064b50) {
      const rec = u64(tail, i - 20 + 8) - tailStart;
      if (rec < 0 || u32(tail, rec) !== 0x06064b50) throw bad("zip64 end record out of reach");
      size = u64(tail, rec + 40);
      offset = u64(tail, rec + 48);
    }
    return { offset, size };
  }
  throw bad("no end-of-central-directory record");
}

export function parseCentralDirectory(cd: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const dec = new TextDecoder();
  let p = 0;
  while (p + 46 <= cd.length && u32(cd, p) === 0x02014b50) {
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let compressedSize = u32(cd, p + 20);
    let size = u32(cd, p + 24);
    let localOffset = u32(cd, p + 42);
    const name = dec.decode(cd.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: the 64-bit values, in this order, for each 32-bit field set to ~0
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = u16(cd, e);
      const len = u16(cd, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) (size = u64(cd, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(cd, q)), (q += 8);
        if (localOffset === 0xffffffff) localOffset = u64(cd, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method: u16(cd, p + 10), compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Bytes to fetch from `entry.localOffset` to hold its header and data (local extras are small). */
export function localSpan(entry: ZipEntry): number {
  return 30 + entry.name.length * 4 + 1024 + entry.compressedSize;
}

/** The exact length needed, once the local header itself is known. */
export function localLength(local: Uint8Array, entry: ZipEntry): number {
  return 30 + u16(local, 26) + u16(local, 28) + entry.compressedSize;
}

/** The member's content, from bytes starting at its local header. */
export function memberData(local: Uint8Array, entry: ZipEntry): Uint8Array {
  if (u32(local, 0) !== 0x04034b50) throw bad(`no local header for ${entry.name}`);
  const start = 30 + u16(local, 26) + u16(local, 28);
  const raw = local.subarray(start, start + entry.compressedSize);
  if (raw.length < entry.compressedSize) throw bad(`short data for ${entry.name}`);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return fflate().inflateSync(raw, { out: new Uint8Array(entry.size) });
  throw bad(`unsupported compression method ${entry.method} for ${entry.name}`);
}

/** The `<name>.dist-info/METADATA` entry (the top-level dist-info directory), or null. */
export function findMetadataEntry(entries: readonly ZipEntry[]): ZipEntry | null {
  return entries.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.name)) ?? null;
}
