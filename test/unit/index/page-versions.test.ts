import { describe, expect, test } from "bun:test";
import { fileVersionText, hasVersions, sortByVersion, withVersions } from "../../../src/index/page-versions.ts";
import type { PackageFile } from "../../../src/index/types.ts";

const file = (filename: string, extra: Partial<PackageFile> = {}): PackageFile => ({
  filename, url: `https://files.example/${filename}`, hashes: {}, requiresPython: null, yanked: false, coreMetadata: false, source: "s", ...extra,
});

describe("the version in a file name", () => {
  test("wheels and sdists of the project, as spelled", () => {
    expect(fileVersionText("Foo_Bar-1.0rc1-py3-none-any.whl", "foo-bar")).toBe("1.0rc1");
    expect(fileVersionText("foo_bar-2.0-1-cp38-cp38-manylinux1_x86_64.whl", "foo-bar")).toBe("2.0");
    expect(fileVersionText("foo-bar-1.2.tar.gz", "foo-bar")).toBe("1.2");
    expect(fileVersionText("Foo.Bar-1.3.zip", "foo-bar")).toBe("1.3");
  });
  test("files of another project, or not distributions", () => {
    expect(fileVersionText("foobar-1.0-py3-none-any.whl", "foo-bar")).toBeNull();
    expect(fileVersionText("foo_bar-1.0-py3.whl", "foo-bar")).toBeNull();
    expect(fileVersionText("foo-bar-1.0.exe", "foo-bar")).toBeNull();
    expect(fileVersionText("other-1.0.tar.gz", "foo-bar")).toBeNull();
  });
});

describe("a page's files by version", () => {
  const page = [
    file("pkg-1.10.0-py3-none-any.whl"),
    file("pkg-1.2.0.tar.gz"),
    file("pkg-README.txt"),
    file("pkg-1.2-py3-none-any.whl"),
    file("pkg-1.0.post1.tar.gz"),
    file("pkg-1.10.0rc1.tar.gz"),
    file("pkg-2.0-1-py3-none-any.whl"),
    file("pkg-1.0-RC.1.zip"),
  ];
  const sorted = withVersions(page, "pkg");
  test("normalized versions, ascending, files without one last", () => {
    expect(sorted.map((f) => f.version)).toEqual(["1.0rc1", "1.0.post1", "1.2.0", "1.2", "1.10.0rc1", "1.10.0", "2.0", null]);
    expect(sorted.map((f) => f.filename).slice(2, 4)).toEqual(["pkg-1.2.0.tar.gz", "pkg-1.2-py3-none-any.whl"]); // equal versions keep page order
    expect(hasVersions(sorted)).toBe(true);
    expect(hasVersions(page)).toBe(false);
  });
  test("everything else about a file is kept", () => {
    const f = withVersions([file("pkg-1.0.tar.gz", { yanked: "broken", requiresPython: ">=3.8", hashes: { sha256: "ab" } })], "pkg")[0]!;
    expect(f).toEqual({ ...file("pkg-1.0.tar.gz", { yanked: "broken", requiresPython: ">=3.8", hashes: { sha256: "ab" } }), version: "1.0" });
  });
  test("two sources' pages merged and sorted again", () => {
    const a = withVersions([file("pkg-1.0.tar.gz"), file("pkg-3.0.tar.gz")], "pkg");
    const b = withVersions([file("pkg-2.0.tar.gz", { source: "t" })], "pkg");
    expect(sortByVersion([...a, ...b]).map((f) => `${f.version}@${f.source}`)).toEqual(["1.0@s", "2.0@t", "3.0@s"]);
  });
});
