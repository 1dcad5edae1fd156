/**
 * A minimal reader for the zip files verse seeds environments from (pip's bundled wheel): the
 * central directory, then each entry inflated with the runtime's native zlib. Native inflate is
 * several times faster than a pure-JS one, and seeding pip is the whole cost of creating a venv.
 * Supports stored and deflated entries, no zip64 and no encryption (a wheel uses neither at
 * this size); anything else is reported as a corrupt archive.
 */
import { zlib } from "../deferred.ts";
import { VerseError } from "../errors.ts";

export class CorruptArchive extends VerseError {}

export interface ZipEntry {
  readonly name: string;
  /** Unix permission bits when the archive recorded them, else null. */
  readonly mode: number | null;
  read(): Uint8Array;
}

export function readZip(data: Uint8Array, label: string): ZipEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fail = (why: string): never => {
    throw new CorruptArchive(`${label} is not a readable zip archive: ${why}.`);
  };
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail("no end of central directory");
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > data.length || view.getUint32(offset, true) !== 0x02014b50) fail("bad central directory entry");
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const madeBy = view.getUint16(offset + 4, true) >> 8;
    const external = view.getUint32(offset + 38, true);
    const local = view.getUint32(offset + 42, true);
    const name = decoder.decode(data.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    if (name.startsWith("/") || name.split("/").includes("..")) fail(`unsafe path ${name}`);
    const unixMode = madeBy === 3 ? (external >>> 16) & 0o777 : 0;
    entries.push({
      name,
      mode: unixMode === 0 ? null : unixMode,
      read(): Uint8Array {
        if (local + 30 > data.length || view.getUint32(local, true) !== 0x04034b50) fail(`bad local header for ${name}`);
        const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        const raw = data.subarray(start, start + compressedSize);
        if (method === 0) return raw;
        if (method !== 8) fail(`unsupported compression method ${method} for ${name}`);
        let out: Uint8Array;
        try {
          out = zlib().inflateRawSync(raw);
        } catch {
          return fail(`cannot inflate ${name}`);
        }
        if (out.length !== size) fail(`wrong size for ${name}`);
        return out;
      },
    });
  }
  return entries;
}
