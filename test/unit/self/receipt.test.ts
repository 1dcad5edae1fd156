import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReceiptError } from "../../../src/self/errors.ts";
import { installDataDir, parseReceipt, readReceipt, receiptPath } from "../../../src/self/receipt.ts";

const GOOD = {
  version: "0.2.0",
  install_dir: "/h/.local/bin",
  binary: "/h/.local/bin/verse",
  target: "verse-linux-x64",
  modify_path: true,
  path_modified: true,
  source: "install.sh",
  download_url: "http://127.0.0.1:8000",
};

describe("receipt", () => {
  test("the location matches install.sh (XDG_DATA_HOME, else ~/.local/share) and install.ps1 (LOCALAPPDATA)", () => {
    expect(receiptPath({ HOME: "/h" }, "linux")).toBe("/h/.local/share/verse/install-receipt.json");
    expect(receiptPath({ HOME: "/h", XDG_DATA_HOME: "/x" }, "darwin")).toBe("/x/verse/install-receipt.json");
    // VERSE_DATA_DIR moves verse's data, not the installer's receipt.
    expect(installDataDir({ HOME: "/h", VERSE_DATA_DIR: "/d" }, "linux")).toBe("/h/.local/share/verse");
    expect(receiptPath({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe("C:\\Users\\u\\AppData\\Local\\verse\\install-receipt.json");
  });

  test("parses what install.sh writes", () => {
    expect(parseReceipt(JSON.stringify(GOOD), "r.json")).toEqual(GOOD as ReturnType<typeof parseReceipt>);
  });

  test("bad JSON or a wrong field is a ReceiptError naming the file and the field", () => {
    expect(() => parseReceipt("{", "/r.json")).toThrow(ReceiptError);
    expect(() => parseReceipt("{", "/r.json")).toThrow("/r.json is not valid JSON");
    expect(() => parseReceipt(JSON.stringify({ ...GOOD, path_modified: "yes" }), "/r.json")).toThrow('field "path_modified"');
    expect(() => parseReceipt(JSON.stringify({ ...GOOD, source: "brew" }), "/r.json")).toThrow(ReceiptError);
    expect(() => parseReceipt("null", "/r.json")).toThrow(ReceiptError);
  });

  test("a missing receipt is null", () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-receipt-"));
    try {
      expect(readReceipt(join(dir, "none.json"))).toBeNull();
      writeFileSync(join(dir, "r.json"), JSON.stringify(GOOD));
      expect(readReceipt(join(dir, "r.json"))?.version).toBe("0.2.0");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
