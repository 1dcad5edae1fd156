import { describe, expect, test } from "bun:test";
import { InvalidAddSpec, parseAddSpec, type AddSpec } from "../../../src/standards/add-spec.ts";
import { InvalidInputError } from "../../../src/errors.ts";

const reg = (name: string, constraint: string | null, extras: string[] = [], marker: string | null = null): AddSpec =>
  ({ kind: "registry", name, extras, constraint, marker });

describe("registry requirements", () => {
  test.each([
    ["requests", reg("requests", null)],
    ["  requests  ", reg("requests", null)],
    ["requests@^1.2", reg("requests", "^1.2")],
    ["requests@~1.2", reg("requests", "~1.2")],
    ["requests@latest", reg("requests", "latest")],
    ["requests@1.2.*", reg("requests", "1.2.*")],
    ["requests@>=1.0,<2.0", reg("requests", ">=1.0,<2.0")],
    ["requests @ ^1.2", reg("requests", "^1.2")],
    ["requests>=1,<2", reg("requests", ">=1,<2")],
    ["requests==1.2.3", reg("requests", "1.2.3")],
    ["requests!=1.5", reg("requests", "!=1.5")],
    ["requests~=1.2", reg("requests", ">=1.2,<2.0")],
    ["requests=1.2", reg("requests", "1.2")],
    ["requests^1.2", reg("requests", "^1.2")],
    ["requests (>=1.0)", reg("requests", ">=1.0")],
    ["requests(>=1.0,<2)", reg("requests", ">=1.0,<2")],
    ["requests[socks]", reg("requests", null, ["socks"])],
    ["requests[extra1,extra2]@^1", reg("requests", "^1", ["extra1", "extra2"])],
    ["requests[ extra1 , extra2 ]>=2", reg("requests", ">=2", ["extra1", "extra2"])],
    ["zope.interface@^5", reg("zope.interface", "^5")],
    ["my_pkg-name==2.0", reg("my_pkg-name", "2.0")],
    ["requests>=2; python_version < '3.9'", reg("requests", ">=2", [], "python_version < '3.9'")],
  ] as const)("%p", (text, want) => {
    expect(parseAddSpec(text)).toEqual(want);
  });
});

describe("git", () => {
  const git = (url: string, extra: Partial<{ rev: string; subdirectory: string; name: string; extras: string[] }> = {}): AddSpec =>
    ({ kind: "git", url, extras: [], marker: null, ...extra });
  test.each([
    ["git+https://github.com/org/repo.git", git("https://github.com/org/repo.git")],
    ["git+https://github.com/org/repo.git@v1.0", git("https://github.com/org/repo.git", { rev: "v1.0" })],
    ["git+https://host/x.git@tag#subdirectory=sub", git("https://host/x.git", { rev: "tag", subdirectory: "sub" })],
    ["git+https://host/x.git#egg=x&subdirectory=a/b", git("https://host/x.git", { subdirectory: "a/b" })],
    ["git+https://user@host/x.git@main", git("https://user@host/x.git", { rev: "main" })],
    ["git+ssh://git@github.com/org/repo.git", git("ssh://git@github.com/org/repo.git")],
    ["git+ssh://git@github.com/org/repo.git@2a5c1f0", git("ssh://git@github.com/org/repo.git", { rev: "2a5c1f0" })],
    ["git@github.com:org/repo.git", git("git@github.com:org/repo.git")],
    ["git@github.com:org/repo.git@develop", git("git@github.com:org/repo.git", { rev: "develop" })],
    ["https://github.com/org/repo.git", git("https://github.com/org/repo.git")],
    ["https://github.com/org/repo.git@v2", git("https://github.com/org/repo.git", { rev: "v2" })],
    ["git+https://github.com/org/repo.git[foo,bar]", git("https://github.com/org/repo.git", { extras: ["foo", "bar"] })],
    ["demo @ git+https://github.com/org/demo.git@v1", git("https://github.com/org/demo.git", { rev: "v1", name: "demo" })],
    ["git+http://host/x.git@v1", git("http://host/x.git", { rev: "v1" })],
    ["git+ssh://git@host:2222/x.git@v1", git("ssh://git@host:2222/x.git", { rev: "v1" })],
    ["git@host:org/x.git@v1#subdirectory=a", git("git@host:org/x.git", { rev: "v1", subdirectory: "a" })],
    ["git+file:///tmp/repo", git("file:///tmp/repo")],
    ["git+file:///tmp/repo@v1.0#subdirectory=pkgs/one", git("file:///tmp/repo", { rev: "v1.0", subdirectory: "pkgs/one" })],
    ["git+file:///tmp/my.repo.git@feature/x", git("file:///tmp/my.repo.git", { rev: "feature/x" })],
    ["git+file://localhost/tmp/repo@main", git("file://localhost/tmp/repo", { rev: "main" })],
    ["git+file:///tmp/repo[x]", git("file:///tmp/repo", { extras: ["x"] })],
    ["pkg @ git+file:///tmp/repo@0123abc#subdirectory=pkg", git("file:///tmp/repo", { rev: "0123abc", subdirectory: "pkg", name: "pkg" })],
  ] as const)("%p", (text, want) => {
    expect(parseAddSpec(text)).toEqual(want);
  });
});

describe("paths", () => {
  const path = (p: string, extra: Partial<{ name: string; extras: string[] }> = {}): AddSpec =>
    ({ kind: "path", path: p, extras: [], marker: null, ...extra });
  test.each([
    ["./dir", path("./dir")],
    [".", path(".")],
    ["..", path("..")],
    ["../x.whl", path("../x.whl")],
    ["/abs/x.tar.gz", path("/abs/x.tar.gz")],
    ["~/src/pkg", path("~/src/pkg")],
    ["C:\\work\\pkg", path("C:\\work\\pkg")],
    [".\\pkg", path(".\\pkg")],
    ["dist/pkg-1.0-py3-none-any.whl", path("dist/pkg-1.0-py3-none-any.whl")],
    ["pkg-1.0-py3-none-any.whl", path("pkg-1.0-py3-none-any.whl")],
    ["pkg-1.0.tar.gz", path("pkg-1.0.tar.gz")],
    ["./dir[extra]", path("./dir", { extras: ["extra"] })],
    ["file:///abs/my%20dir", path("/abs/my dir")],
    ["demo @ ./vendor/demo", path("./vendor/demo", { name: "demo" })],
  ] as const)("%p", (text, want) => {
    expect(parseAddSpec(text)).toEqual(want);
  });
});

describe("archive URLs", () => {
  const url = (u: string, extra: Partial<{ name: string; extras: string[] }> = {}): AddSpec =>
    ({ kind: "url", url: u, extras: [], marker: null, ...extra });
  test.each([
    ["https://host/x-1.0.tar.gz", url("https://host/x-1.0.tar.gz")],
    ["http://host/dl/x-1.0-py3-none-any.whl#sha256=abc", url("http://host/dl/x-1.0-py3-none-any.whl#sha256=abc")],
    ["x[socks] @ https://host/x-1.0.zip", url("https://host/x-1.0.zip", { name: "x", extras: ["socks"] })],
  ] as const)("%p", (text, want) => {
    expect(parseAddSpec(text)).toEqual(want);
  });
});

describe("bad input", () => {
  test.each([
    "",
    "   ",
    "requests@",
    "requests@^bad",
    "requests@>=1,,<2",
    "requests>=",
    "requests===foo",
    "@1.0",
    "-requests",
    "requests[",
    "requests[]",
    "requests[a b]",
    "requests (>=1.0",
    "requests ?1",
    "requests;",
    "; python_version > '3'",
    "git+https://",
    "git+https://host/x.git@",
    "git+file://",
    "git+file:///",
    "git+file:///tmp/repo@",
    "git+file://otherhost/tmp/repo",
    "git+https://host/x.git#subdirectory=",
    "git@github.com",
    "ftp://host/x.tar.gz",
    "https://",
    "https://host",
    "my pkg @ ./x",
    "-bad @ ./x",
  ])("%p is rejected with InvalidAddSpec", (text) => {
    let error: unknown = null;
    try {
      parseAddSpec(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAddSpec);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidAddSpec).message).toContain("Invalid dependency specification");
    expect((error as InvalidAddSpec).hint).toBeDefined();
  });

  test("the message says what is wrong", () => {
    expect(() => parseAddSpec("requests@^bad")).toThrow(/Could not parse version constraint/);
    expect(() => parseAddSpec("requests[a b]")).toThrow(/not a valid extra name/);
  });
});
