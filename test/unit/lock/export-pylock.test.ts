import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { parsePyproject } from "../../../src/project/index.ts";
import { ExportError, indexFileInfo, parseLock, renderPylock, type ExportSelection, type PylockOptions } from "../../../src/lock/index.ts";
import { pylockSchema } from "../../../src/lock/export-pylock-schema.ts";
import { VECTORS_DIR } from "../../helpers/vectors.ts";
import { DIRECT_LOCK, LOCK, PYPROJECT } from "./export-fixture.ts";

const EXAMPLE = join(VECTORS_DIR, "packaging/fixtures/pylock.spec-example.toml");
const project = parsePyproject(PYPROJECT, "/work/demo/pyproject.toml", "/work/demo");
const lock = parseLock(LOCK);
const sel: ExportSelection = { groups: new Set(["main", "dev"]), extras: ["fast"] };

const fileInfo: PylockOptions["fileInfo"] = (pkg, file) => ({
  url: `http://127.0.0.1:9999/files/${file.file}`,
  size: 1234,
  uploadTime: "2025-01-25T11:30:10.164985Z",
});

describe("the PEP 751 schema", () => {
  test("accepts the PEP's example", () => {
    const doc = parse(readFileSync(EXAMPLE, "utf8"));
    const r = pylockSchema.safeParse(doc);
    expect(r.error?.issues ?? []).toEqual([]);
  });
  test("rejects what the PEP forbids", () => {
    const ok = { "lock-version": "1.0", "created-by": "x", packages: [{ name: "a", wheels: [{ url: "u", hashes: { sha256: "ab" } }] }] };
    expect(pylockSchema.safeParse(ok).success).toBe(true);
    const bad = (p: object) => pylockSchema.safeParse({ ...ok, packages: [{ name: "a", ...p }] }).success;
    expect(bad({ wheels: [{ hashes: { sha256: "ab" } }] })).toBe(false); // neither url nor path
    expect(bad({ wheels: [{ url: "u", hashes: {} }] })).toBe(false); // no hash
    expect(bad({ directory: { path: "." }, wheels: [{ url: "u", hashes: { sha256: "ab" } }] })).toBe(false); // two sources
    expect(bad({ vcs: { type: "git", url: "u" } })).toBe(false); // no commit-id
    expect(pylockSchema.safeParse({ ...ok, "created-by": undefined }).success).toBe(false);
    expect(pylockSchema.safeParse({ ...ok, unknown: 1 }).success).toBe(false);
  });
});

describe("renderPylock", () => {
  const text = renderPylock(lock, project, sel, { outputDir: "/work/demo", fileInfo });
  test("is valid TOML of the PEP's structure", () => {
    const r = pylockSchema.safeParse(parse(text));
    expect(r.error?.issues ?? []).toEqual([]);
  });
  test("header, packages and sources", () => {
    const doc = parse(text) as Record<string, unknown>;
    expect(doc["lock-version"]).toBe("1.0");
    expect(doc.environments).toEqual(['python_version >= "3.9" and python_version < "4.0"']);
    expect(doc["requires-python"]).toBe(">=3.9,<4.0");
    expect(doc["created-by"]).toBe("verse");
    const pkgs = doc.packages as Record<string, unknown>[];
    expect(pkgs.map((p) => p.name)).toEqual(["alpha", "beta", "delta", "gamma", "local"]);
    const alpha = pkgs[0]!;
    expect(alpha).toMatchObject({ version: "1.2.0", "requires-python": ">=3.8", index: "https://pypi.org/simple" });
    expect(alpha.sdist).toMatchObject({ name: "alpha-1.2.0.tar.gz", url: "http://127.0.0.1:9999/files/alpha-1.2.0.tar.gz", size: 1234, hashes: { sha256: "a".repeat(64) } });
    expect((alpha.wheels as unknown[]).length).toBe(1);
    expect(pkgs[2]!.index).toBe("http://127.0.0.1:9999/simple");
    expect(pkgs[3]!.marker).toBe('sys_platform == "win32" or python_version < "3.11"');
    expect(pkgs[4]).toEqual({ name: "local", directory: { path: "../local", editable: true } });
    expect(doc.tool).toEqual({ verse: { groups: ["main", "dev"], extras: ["fast"] } });
  });
  test("a file the index does not list is an ExportError", () => {
    expect(() => renderPylock(lock, project, sel, { outputDir: "/work/demo", fileInfo: () => null })).toThrow(ExportError);
  });
  test("indexFileInfo asks the index once per index package, by source", async () => {
    const asked: [string, string | null][] = [];
    const info = await indexFileInfo(lock, project, sel, async (name, source) => {
      asked.push([name, source]);
      return [{ filename: `${name}-x.whl`, url: `http://h/${name}-x.whl`, size: 1 }];
    });
    expect(asked.sort()).toEqual([["alpha", null], ["beta", null], ["delta", "internal"], ["gamma", null]]);
    expect(info(lock.packages[0]!, { file: "alpha-x.whl", hash: "sha256:00" })).toEqual({ url: "http://h/alpha-x.whl", size: 1, uploadTime: undefined });
    expect(info(lock.packages[0]!, { file: "other.whl", hash: "sha256:00" })).toBeNull();
  });
});

describe("renderPylock: direct references", () => {
  test("vcs at the locked commit, archives by URL and by path", () => {
    const text = renderPylock(parseLock(DIRECT_LOCK), project, { groups: new Set(["main"]), extras: [] }, { outputDir: "/work/demo/out", fileInfo });
    const doc = parse(text);
    expect(pylockSchema.safeParse(doc).error?.issues ?? []).toEqual([]);
    const pkgs = (doc as { packages: Record<string, unknown>[] }).packages;
    expect(pkgs.find((p) => p.name === "gitpkg")?.vcs).toEqual({ type: "git", url: "https://example.com/gitpkg.git", "requested-revision": "v0.3", "commit-id": "abc123", subdirectory: "sub" });
    expect(pkgs.find((p) => p.name === "urlpkg")?.archive).toEqual({ url: "https://example.com/urlpkg-1.0.tar.gz", hashes: { sha256: "9".repeat(64) } });
    expect(pkgs.find((p) => p.name === "filepkg")).toMatchObject({ marker: 'os_name == "posix"', archive: { path: "../dist/filepkg 1.0-py3-none-any.whl" } });
    expect(pkgs.find((p) => p.name === "local")?.directory).toEqual({ path: "../../local", editable: true });
  });
});
