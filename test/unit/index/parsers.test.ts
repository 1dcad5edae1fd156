import { describe, expect, test } from "bun:test";
import { parseHtmlPage, scanTags } from "../../../src/index/simple-html.ts";
import { parseJsonPage } from "../../../src/index/simple-json.ts";
import { InvalidIndexResponse } from "../../../src/index/errors.ts";
import { findMetadataEntry, locateCentralDirectory, memberData, parseCentralDirectory } from "../../../src/index/zip-directory.ts";
import { makeWheel } from "../../helpers/make-wheel.ts";

describe("PEP 503 HTML", () => {
  const page = `<!DOCTYPE html><html><head><base href="https://files.example/pkgs/"></head><body>
  <!-- <a href="commented-1.0.tar.gz">no</a> -->
  <a href="foo-1.0.tar.gz#sha256=ABCDEF" data-requires-python="&gt;=3.8,&lt;4">foo-1.0.tar.gz</a>
  <a href='/abs/foo-1.1-py3-none-any.whl#md5=00' data-yanked="bad &amp; broken" data-dist-info-metadata="sha256=aa">x</a>
  <a href=https://other.example/foo%2B-1.2.zip data-yanked data-core-metadata=true data-dist-info-metadata="sha256=zz">y</a>
  <a>no href</a>
  </body></html>`;
  const files = parseHtmlPage(page, "https://index.example/simple/foo/", "src");
  test("links, base, hashes, attributes", () => {
    expect(files.map((f) => f.url)).toEqual(["https://files.example/pkgs/foo-1.0.tar.gz", "https://files.example/abs/foo-1.1-py3-none-any.whl", "https://other.example/foo%2B-1.2.zip"]);
    expect(files.map((f) => f.filename)).toEqual(["foo-1.0.tar.gz", "foo-1.1-py3-none-any.whl", "foo+-1.2.zip"]);
    expect(files[0]!.hashes).toEqual({ sha256: "abcdef" });
    expect(files[0]!.requiresPython).toBe(">=3.8,<4");
    expect(files[0]!.yanked).toBe(false);
    expect(files[1]!.yanked).toBe("bad & broken");
    expect(files[1]!.coreMetadata).toEqual({ sha256: "aa" });
    expect(files[2]!.yanked).toBe(true);
    expect(files[2]!.coreMetadata).toBe(true); // data-core-metadata wins over data-dist-info-metadata
    expect(files.every((f) => f.source === "src")).toBe(true);
  });
  test("relative links without base resolve against the page", () => {
    const f = parseHtmlPage(`<a href="../../f/x-1.0.tar.gz">x</a>`, "http://h/simple/x/", "s");
    expect(f[0]!.url).toBe("http://h/f/x-1.0.tar.gz");
  });
  test("scanner survives broken markup", () => {
    expect(scanTags("<a href=\"unterminated", new Set(["a"])).length).toBe(1);
    expect(scanTags("<<<>>><a", new Set(["a"])).length).toBe(1);
    expect(scanTags("x".repeat(100000) + "<", new Set(["a"]))).toEqual([]);
  });
});

describe("PEP 691 JSON", () => {
  test("files", () => {
    const text = JSON.stringify({
      meta: { "api-version": "1.1" },
      name: "foo",
      files: [
        { filename: "foo-1.0.tar.gz", url: "../../f/foo-1.0.tar.gz", hashes: { SHA256: "AB" }, "requires-python": ">=3.7", yanked: "oops", "dist-info-metadata": { sha256: "cd" }, size: 10, "upload-time": "2020-01-01T00:00:00Z" },
        { filename: "foo-1.1.tar.gz", url: "https://x/foo-1.1.tar.gz#frag", hashes: {}, yanked: false, "core-metadata": true },
      ],
    });
    const files = parseJsonPage(text, "https://i/simple/foo/", "s");
    expect(files[0]).toMatchObject({ url: "https://i/f/foo-1.0.tar.gz", hashes: { sha256: "ab" }, requiresPython: ">=3.7", yanked: "oops", coreMetadata: { sha256: "cd" }, size: 10 });
    expect(files[1]).toMatchObject({ url: "https://x/foo-1.1.tar.gz", yanked: false, coreMetadata: true, requiresPython: null });
  });
  test("invalid pages are typed errors", () => {
    expect(() => parseJsonPage("{", "https://i/", "s")).toThrow(InvalidIndexResponse);
    expect(() => parseJsonPage(`{"name":"x"}`, "https://i/", "s")).toThrow(InvalidIndexResponse);
    expect(() => parseJsonPage(`{"meta":{"api-version":"2.0"},"name":"x","files":[]}`, "https://i/", "s")).toThrow(InvalidIndexResponse);
  });
});

describe("zip central directory", () => {
  test("METADATA read from the tail and the local header, as range reads do", () => {
    const w = makeWheel({ name: "zed", version: "3.1", deps: ["a>=1"] });
    const tailStart = Math.max(0, w.bytes.length - 300);
    const loc = locateCentralDirectory(w.bytes.subarray(tailStart), tailStart);
    const entry = findMetadataEntry(parseCentralDirectory(w.bytes.subarray(loc.offset, loc.offset + loc.size)))!;
    expect(entry.name).toBe("zed-3.1.dist-info/METADATA");
    expect(new TextDecoder().decode(memberData(w.bytes.subarray(entry.localOffset), entry))).toBe(w.metadata);
  });
  test("garbage is a typed error", () => {
    expect(() => locateCentralDirectory(new Uint8Array(100), 0)).toThrow(InvalidIndexResponse);
  });
});
