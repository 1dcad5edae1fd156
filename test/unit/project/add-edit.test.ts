/**
 * add-edit.ts / add-request.ts without the network: git, url and path forms as PEP 508 strings
 * and as Poetry tables, in-place replacement, removal from every place, latest-version picking.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DependencyNotFoundError, latestFitting, newDependency, parsePyproject, parseRequest, placeDependency, removeDependencies, TomlEditor, type AddOptions,
} from "../../../src/project/index.ts";
import type { PackagePage } from "../../../src/index/index.ts";

const NONE: AddOptions = { extras: [], python: null, platform: null, markers: null, source: null, allowPrereleases: false, editable: false };
const PEP621 = '[project]\nname = "app"\nversion = "1"\ndependencies = [\n    "keep>=1", # comment\n]\n';
const LEGACY = '[tool.poetry]\nname = "app"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.8"\n';
const noLatest = async (): Promise<string> => {
  throw new Error("no index here");
};

async function add(text: string, spec: string, options: AddOptions = NONE, group = "main", cwd = "/work"): Promise<string> {
  const editor = new TomlEditor(text);
  const dep = await newDependency(parseRequest(spec, cwd), options, { cwd, latest: noLatest });
  placeDependency(editor, cwd, dep, { group, optional: null });
  parsePyproject(editor.text); // still a valid pyproject
  return editor.text;
}

describe("direct references", () => {
  test("git with rev and subdirectory", async () => {
    const spec = "git+https://github.com/org/tool.git@v1.2#subdirectory=pkg";
    // without cloning, the name is guessed from the subdirectory (else the repository)
    expect(await add(PEP621, spec)).toContain('    "pkg @ git+https://github.com/org/tool.git@v1.2#subdirectory=pkg",\n]');
    expect(await add(LEGACY, spec)).toContain('pkg = {git = "https://github.com/org/tool.git", rev = "v1.2", subdirectory = "pkg"}');
    expect(await add(LEGACY, "mytool @ git+ssh://git@github.com/org/tool.git")).toContain('mytool = {git = "ssh://git@github.com/org/tool.git"}');
  });

  test("an archive URL; extras and markers", async () => {
    const url = "https://files.example/pkgs/demo-1.0.tar.gz";
    expect(await add(PEP621, `${url}[cli] ; sys_platform == "linux"`)).toContain(`"demo[cli] @ ${url} ; sys_platform == \\"linux\\""`);
    expect(await add(LEGACY, url)).toContain(`demo = {url = "${url}"}`);
  });

  test("a path relative to the project; --editable", async () => {
    const root = mkdtempSync(join(tmpdir(), "verse-addedit-"));
    try {
      mkdirSync(join(root, "libs", "x"), { recursive: true });
      writeFileSync(join(root, "libs", "x", "pyproject.toml"), '[project]\nname = "libx"\nversion = "1.0"\n');
      const opts = { ...NONE, editable: true };
      expect(await add(LEGACY, "./libs/x", opts, "main", root)).toContain('libx = {path = "libs/x", develop = true}');
      const text = await add(PEP621, "./libs/x", opts, "main", root);
      expect(text).toContain(`"libx @ file://${root}/libs/x"`);
      expect(text).toContain("[tool.poetry.dependencies]\nlibx = {develop = true}\n");
      await expect(add(LEGACY, "./libs/nothere", NONE, "main", root)).rejects.toThrow("does not exist");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("placement", () => {
  test("an existing entry is replaced in place, whatever its spelling", async () => {
    const text = await add('[project]\nname = "app"\nversion = "1"\ndependencies = ["Keep_It>=1", "other"]\n', "keep-it@^2.0");
    expect(text).toContain('dependencies = ["keep-it (>=2.0,<3.0)", "other"]');
    const legacy = await add(`${LEGACY}Keep_It = "^1"\nz = "*"\n`, "keep-it@^2.0");
    expect(legacy).toContain('python = "^3.8"\nz = "*"\nkeep-it = "^2.0"\n');
    expect(legacy).not.toContain("Keep_It");
  });

  test("a Poetry group of a PEP 621 project; an existing PEP 735 group", async () => {
    expect(await add(PEP621, "x@^1", NONE, "lint")).toContain('\n[tool.poetry.group.lint.dependencies]\nx = "^1"\n');
    expect(await add(`${PEP621}\n[dependency-groups]\nlint = []\n`, "x@^1", NONE, "lint")).toContain('lint = ["x (>=1,<2)"]');
  });
});

describe("format", () => {
  test("CRLF files stay CRLF; a BOM stays", async () => {
    const crlf = `\ufeff${PEP621.replace(/\n/g, "\r\n")}`;
    const text = await add(crlf, "x@^1");
    expect(text).toBe(`\ufeff${PEP621.replace('    "keep>=1", # comment\n', '    "keep>=1", # comment\n    "x (>=1,<2)",\n').replace(/\n/g, "\r\n")}`);
  });
});

describe("remove", () => {
  test("from every place; optional extras lists; not found", () => {
    const editor = new TomlEditor(`${LEGACY}x = {version = "^1", optional = true}\ny = "^1"\n\n[tool.poetry.extras]\nfast = ["x", "y"]\n\n[tool.poetry.group.dev.dependencies]\nX = "^1"\n`);
    const r = removeDependencies(editor, ["x"], null);
    expect([...r.removed]).toEqual(["x"]);
    expect(editor.text).toBe(`${LEGACY}y = "^1"\n\n[tool.poetry.extras]\nfast = ["y"]\n`);
    expect(() => removeDependencies(editor, ["x"], null)).toThrow(DependencyNotFoundError);
  });
});

describe("latest version", () => {
  const file = (filename: string, requiresPython: string | null = null, yanked: string | boolean = false) => ({
    filename, url: `https://x/${filename}`, hashes: {}, requiresPython, yanked, coreMetadata: false, source: "s",
  });
  const page = (files: ReturnType<typeof file>[]): PackagePage => ({ name: "p" as PackagePage["name"], files, source: "s" });
  const meta = { getMetadata: async () => ({ requiresPython: null }) };

  test("stable, fitting the project's Python, not yanked", async () => {
    const p = page([file("p-1.0-py3-none-any.whl"), file("p-2.0-py3-none-any.whl", ">=3.12"), file("p-1.5-py3-none-any.whl", null, true), file("p-1.9b1-py3-none-any.whl")]);
    expect(await latestFitting(p, ">=3.8", false, meta)).toBe("1.0");
    expect(await latestFitting(p, ">=3.8", true, meta)).toBe("1.9b1");
    expect(await latestFitting(p, ">=3.12", false, meta)).toBe("2.0");
  });

  test("Requires-Python from the metadata when the page has none", async () => {
    const p = page([file("p-1.0-py3-none-any.whl"), file("p-2.0-py3-none-any.whl")]);
    const m = { getMetadata: async (f: { filename: string }) => ({ requiresPython: f.filename.includes("2.0") ? ">=3.14" : null }) };
    expect(await latestFitting(p, "^3.8", false, m)).toBe("1.0");
  });
});
