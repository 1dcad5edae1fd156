/**
 * The RECORD file of an installed or packed distribution (PEP 376, PEP 427): CSV rows of
 * `path,algorithm=urlsafe-b64-digest,size`, read and written exactly as Python's csv module does
 * (excel dialect, minimal quoting). Hashing is a pure function over bytes.
 */
import { InvalidInputError } from "../errors.ts";

export class InvalidRecord extends InvalidInputError {}

export interface RecordHash {
  /** Python's hashlib name: "sha256", "sha512", "sha3_256", "blake2b"... */
  readonly algorithm: string;
  /** urlsafe base64 of the digest, without '=' padding. */
  readonly value: string;
}

export interface RecordEntry {
  readonly path: string;
  /** Null for RECORD itself and for signature files. */
  readonly hash: RecordHash | null;
  readonly size: number | null;
}

// ------------------------------------------------------------------------------------- CSV

/**
 * Split CSV text into rows as Python's csv.reader does: '"' quotes a field, '""' inside quotes
 * is one '"', a quoted field may span lines, \r\n, \n and \r all end a row, and a blank line is
 * an empty row (dropped here).
 * A line without any '"' (nearly every RECORD line) is split directly; a line with one goes
 * through the character-by-character reader, which may carry a quoted field over line ends.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const end = text.length;
  // the next \n, \r and '"' at or after pos, each searched again only once passed (no rescans)
  let lf = -1;
  let cr = -1;
  let quote = -1;
  let pos = 0;
  while (pos < end) {
    if (lf < pos) lf = nextIndex(text, "\n", pos);
    if (cr < pos) cr = nextIndex(text, "\r", pos);
    if (quote < pos) quote = nextIndex(text, '"', pos);
    const eol = lf < cr ? lf : cr;
    if (quote < eol) {
      pos = quotedRow(text, pos, rows);
      continue;
    }
    if (eol > pos) rows.push(text.slice(pos, eol).split(","));
    pos = eol + (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? 2 : 1);
  }
  return rows;
}

/** indexOf, with the end of the text for "not found" so that comparisons stay simple. */
function nextIndex(text: string, c: string, from: number): number {
  const i = text.indexOf(c, from);
  return i === -1 ? text.length : i;
}

/** Reads one row (which may span lines inside quotes) from `start`; returns where the next row begins. */
function quotedRow(text: string, start: number, rows: string[][]): number {
  const row: string[] = [];
  let field = "";
  let inQuotes = false;
  let atFieldStart = true; // only a '"' that starts a field opens quoting (csv's non-strict mode)
  let rowStarted = false; // distinguishes a blank line from a row with one empty field
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else inQuotes = false;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      i++;
      break;
    }
    rowStarted = true;
    if (c === ",") {
      row.push(field);
      field = "";
      atFieldStart = true;
      continue;
    }
    if (c === '"' && atFieldStart) inQuotes = true;
    else field += c;
    atFieldStart = false;
  }
  if (inQuotes) throw new InvalidRecord("unexpected end of data inside a quoted CSV field");
  if (rowStarted) {
    row.push(field);
    rows.push(row);
  }
  return i;
}

/** One CSV field, quoted only when it must be (delimiter, quote, CR or LF inside). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line without its terminator; a lone empty field is written '""' as Python does. */
export function formatCsvRow(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === "") return '""';
  return fields.map(csvField).join(",");
}

// ---------------------------------------------------------------------------------- RECORD

const SIZE = /^[0-9]+$/;

/** Parse RECORD text. Throws InvalidRecord naming the row for a malformed one. */
export function parseRecord(text: string): RecordEntry[] {
  return parseCsv(text).map((fields, index) => {
    const where = `RECORD row ${index + 1}`;
    if (fields.length !== 3) {
      throw new InvalidRecord(
        `${where} has ${fields.length} fields, expected 3: ${JSON.stringify(fields)}`,
        "Each RECORD row is path,algorithm=digest,size.",
      );
    }
    const [path, hashText, sizeText] = fields as [string, string, string];
    if (path === "") throw new InvalidRecord(`${where} has an empty path`);
    let hash: RecordHash | null = null;
    if (hashText !== "") {
      const eq = hashText.indexOf("=");
      if (eq <= 0 || eq === hashText.length - 1) {
        throw new InvalidRecord(`${where} (${path}) has a malformed hash: ${JSON.stringify(hashText)}`);
      }
      hash = { algorithm: hashText.slice(0, eq), value: hashText.slice(eq + 1) };
    }
    let size: number | null = null;
    if (sizeText !== "") {
      if (!SIZE.test(sizeText)) {
        throw new InvalidRecord(`${where} (${path}) has a malformed size: ${JSON.stringify(sizeText)}`);
      }
      size = Number(sizeText);
    }
    return { path, hash, size };
  });
}

/** One RECORD row's fields. */
export function recordRow(entry: RecordEntry): [string, string, string] {
  const hash = entry.hash === null ? "" : `${entry.hash.algorithm}=${entry.hash.value}`;
  return [entry.path, hash, entry.size === null ? "" : String(entry.size)];
}

/** RECORD text. installer and wheel end lines with "\n"; pass "\r\n" to match csv's default. */
export function formatRecord(entries: readonly RecordEntry[], lineTerminator: "\n" | "\r\n" = "\n"): string {
  return entries.map((e) => formatCsvRow(recordRow(e)) + lineTerminator).join("");
}

// ---------------------------------------------------------------------------------- hashing

/** hashlib names → Bun's. md5 and sha1 are refused: PEP 427 requires sha256 or better. */
const ALGORITHMS: Readonly<Record<string, string>> = {
  sha224: "sha224",
  sha256: "sha256",
  sha384: "sha384",
  sha512: "sha512",
  sha3_224: "sha3-224",
  sha3_256: "sha3-256",
  sha3_384: "sha3-384",
  sha3_512: "sha3-512",
  blake2b: "blake2b512",
  blake2s: "blake2s256",
};

/** True when `algorithm` is a hash RECORD may use and we can compute. */
export function isSupportedAlgorithm(algorithm: string): boolean {
  return Object.hasOwn(ALGORITHMS, algorithm);
}

/** urlsafe-base64, unpadded digest of `data`, as RECORD stores it. */
export function recordDigest(data: Uint8Array, algorithm = "sha256"): string {
  const bunName = Object.hasOwn(ALGORITHMS, algorithm) ? ALGORITHMS[algorithm] : undefined;
  if (bunName === undefined) {
    throw new InvalidRecord(
      `unsupported RECORD hash algorithm: ${JSON.stringify(algorithm)}`,
      "RECORD hashes use sha256 or a stronger hashlib algorithm (md5 and sha1 are not allowed).",
    );
  }
  const hasher = new Bun.CryptoHasher(bunName as Bun.SupportedCryptoAlgorithms);
  hasher.update(data);
  return hasher.digest("base64url");
}

/** The RECORD entry of a file with these contents. */
export function hashEntry(path: string, data: Uint8Array, algorithm = "sha256"): RecordEntry {
  return { path, hash: { algorithm, value: recordDigest(data, algorithm) }, size: data.length };
}

export type RecordProblem =
  | { readonly kind: "hash-mismatch" | "size-mismatch"; readonly path: string; readonly expected: string; readonly actual: string }
  | { readonly kind: "missing-file" | "missing-hash" | "unsupported-algorithm" | "duplicate"; readonly path: string };

/** Compare one entry with the file's bytes; null when they agree. */
export function verifyEntry(entry: RecordEntry, data: Uint8Array): RecordProblem | null {
  if (entry.size !== null && entry.size !== data.length) {
    return { kind: "size-mismatch", path: entry.path, expected: String(entry.size), actual: String(data.length) };
  }
  if (entry.hash === null) return null;
  if (!isSupportedAlgorithm(entry.hash.algorithm)) return { kind: "unsupported-algorithm", path: entry.path };
  const actual = recordDigest(data, entry.hash.algorithm);
  return actual === entry.hash.value
    ? null
    : { kind: "hash-mismatch", path: entry.path, expected: entry.hash.value, actual };
}

/** Files a RECORD may list without a hash (PEP 376/427: itself and its signatures). */
function mayLackHash(path: string): boolean {
  return /\.dist-info\/RECORD(\.jws|\.p7s)?$/.test(path);
}

export interface RecordCheck {
  readonly ok: boolean;
  readonly problems: readonly RecordProblem[];
  /** Archive files (not directories) that RECORD does not list. */
  readonly filesNotInRecord: readonly string[];
}

/**
 * Check a RECORD against the files of a wheel: every listed file exists with the recorded hash
 * and size, every file except RECORD (and its signatures) has a hash, and every file is listed.
 */
export function checkRecord(entries: readonly RecordEntry[], files: ReadonlyMap<string, Uint8Array>): RecordCheck {
  const problems: RecordProblem[] = [];
  const listed = new Set<string>();
  for (const entry of entries) {
    if (listed.has(entry.path)) problems.push({ kind: "duplicate", path: entry.path });
    listed.add(entry.path);
    const data = files.get(entry.path);
    if (data === undefined) {
      problems.push({ kind: "missing-file", path: entry.path });
      continue;
    }
    if (entry.hash === null && !mayLackHash(entry.path)) problems.push({ kind: "missing-hash", path: entry.path });
    const problem = verifyEntry(entry, data);
    if (problem !== null) problems.push(problem);
  }
  const filesNotInRecord = [...files.keys()].filter((p) => !p.endsWith("/") && !listed.has(p));
  return { ok: problems.length === 0 && filesNotInRecord.length === 0, problems, filesNotInRecord };
}
