import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  InvalidRecord,
  checkRecord,
  formatCsvRow,
  formatRecord,
  hashEntry,
  parseCsv,
  parseRecord,
  recordDigest,
  verifyEntry,
} from "../../../src/standards/record.ts";
import { VECTORS_DIR, loadVector } from "../../helpers/vectors.ts";

/** Test-side zip reading through the system `unzip` (tests may do I/O). */
function zipMembers(zip: string): string[] {
  const out = Bun.spawnSync(["unzip", "-Z1", zip]);
  return out.stdout.toString().split("\n").filter((l) => l !== "");
}
function zipRead(zip: string, member: string): Uint8Array {
  // unzip treats member names as wildcards; escape the bracket characters.
  const out = Bun.spawnSync(["unzip", "-p", zip, member.replace(/[[\]*?]/g, "\\$&")]);
  return new Uint8Array(out.stdout);
}

interface WheelEntry {
  file: string;
  dist_info?: string;
  RECORD?: string;
  record_check?: { ok: boolean; problems: unknown[]; files_not_in_RECORD: string[] };
}
const wheels = loadVector<{ files: WheelEntry[] }>("wheels/wheels.json").files.filter((f) => f.RECORD !== undefined);

describe("RECORD of the real wheels (wheels/wheels.json)", () => {
  test.each(wheels.map((w) => [w.file, w] as const))("%s", (_, w) => {
    const zip = join(VECTORS_DIR, "wheels", w.file);
    const recordText = new TextDecoder().decode(zipRead(zip, `${w.dist_info}/RECORD`));
    expect(recordText).toBe(w.RECORD as string);
    const entries = parseRecord(recordText);
    // Writing the rows back gives the same bytes (with the file's own line ending).
    const eol = recordText.includes("\r\n") ? "\r\n" : "\n";
    expect(formatRecord(entries, eol)).toBe(recordText);
    const files = new Map(zipMembers(zip).filter((m) => !m.endsWith("/")).map((m) => [m, zipRead(zip, m)] as const));
    const check = checkRecord(entries, files);
    const expected = w.record_check as NonNullable<WheelEntry["record_check"]>;
    expect(check.ok).toBe(expected.ok);
    expect(check.problems).toEqual(expected.problems as never[]);
    expect(check.filesNotInRecord).toEqual(expected.files_not_in_RECORD);
    // A rebuilt entry for each hashed file equals the recorded one.
    for (const e of entries) {
      if (e.hash !== null) expect(hashEntry(e.path, files.get(e.path) as Uint8Array)).toEqual(e);
    }
  });
});

describe("CSV as Python's csv module reads and writes it", () => {
  test("reader", () => {
    // Expected values produced by csv.reader on the same text.
    expect(parseCsv('a,"b""c"x,d\r\n\n"q\nr",2,3\n"""",,\n')).toEqual([
      ["a", 'b"cx', "d"],
      ["q\nr", "2", "3"],
      ['"', "", ""],
    ]);
    expect(parseCsv("a,\n")).toEqual([["a", ""]]);
    expect(parseCsv('x"y,z')).toEqual([['x"y', "z"]]);
    expect(parseCsv("a\rb")).toEqual([["a"], ["b"]]);
  });
  test("writer (csv.writer, lineterminator='\\n', Python 3.13 quoting)", () => {
    const rows = [["a,b", 'x"y', "c"], ["cr\rx", "lf\nx", " sp"], [""], ["", "", ""], ["é", "", "3"]];
    expect(rows.map((r) => formatCsvRow(r) + "\n").join("")).toBe(
      '"a,b","x""y",c\n"cr\rx","lf\nx", sp\n""\n,,\né,,3\n',
    );
  });
  test("an unterminated quote is a typed error", () => {
    expect(() => parseCsv('"abc')).toThrow(InvalidRecord);
  });
});

describe("RECORD rows", () => {
  test("paths with commas and quotes round-trip", () => {
    const entries = [
      hashEntry('pkg/a,b "c".py', new TextEncoder().encode("x")),
      { path: "pkg-1.0.dist-info/RECORD", hash: null, size: null },
    ];
    const text = formatRecord(entries);
    expect(text.startsWith('"pkg/a,b ""c"".py",sha256=')).toBe(true);
    expect(parseRecord(text)).toEqual(entries);
  });
  test("sha256 of empty data (as in every wheel with an empty __init__.py)", () => {
    expect(recordDigest(new Uint8Array())).toBe("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
  });
  test("other hashlib algorithms; md5 and sha1 refused", () => {
    const data = new TextEncoder().encode("abc");
    // python3 -c "import hashlib,base64;print(base64.urlsafe_b64encode(hashlib.sha512(b'abc').digest()).rstrip(b'='))"
    expect(recordDigest(data, "sha512")).toBe(
      "3a81oZNherrMQXNJriBBMRLm-k6JqX6iCp7u5ktV05ohkpkqJ0_BqDa6PCOj_uu9RU1EI2Q86A4qmslPpUyknw",
    );
    expect(() => recordDigest(data, "md5")).toThrow(InvalidRecord);
    expect(() => recordDigest(data, "sha1")).toThrow(InvalidRecord);
  });
  test.each([
    ["a,b", "2 fields"],
    ["a,b,c,d", "4 fields"],
    [",sha256=x,1", "empty path"],
    ["a,sha256,1", "hash without '='"],
    ["a,=x,1", "hash without algorithm"],
    ["a,sha256=,1", "hash without value"],
    ["a,sha256=x,1.5", "non-integer size"],
    ["a,sha256=x,-1", "negative size"],
  ])("malformed row %p (%s) → InvalidRecord", (row) => {
    expect(() => parseRecord(row + "\n")).toThrow(InvalidRecord);
  });
  test("verification reports each kind of problem", () => {
    const data = new TextEncoder().encode("hello");
    const good = hashEntry("x.py", data);
    expect(verifyEntry(good, data)).toBeNull();
    expect(verifyEntry({ ...good, size: 4 }, data)?.kind).toBe("size-mismatch");
    expect(verifyEntry({ ...good, hash: { algorithm: "sha256", value: "AAAA" } }, data)?.kind).toBe("hash-mismatch");
    expect(verifyEntry({ ...good, hash: { algorithm: "crc32", value: "AAAA" } }, data)?.kind).toBe(
      "unsupported-algorithm",
    );
    const files = new Map([
      ["x.py", data],
      ["extra.py", data],
      ["d/", new Uint8Array()],
    ]);
    const check = checkRecord([good, good, { path: "gone.py", hash: null, size: null }, { path: "extra.py", hash: null, size: 5 }], files);
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => p.kind)).toEqual(["duplicate", "missing-file", "missing-hash"]);
    expect(check.filesNotInRecord).toEqual([]);
    expect(checkRecord([good], files).filesNotInRecord).toEqual(["extra.py"]);
  });
});
