/** The project-side logic of `version`, `source`, `config` display and `check`. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addSource, bumpProjectVersion, checkLicenceExpression, checkPyproject, configListLines, configValueText, InvalidBumpRule, knownClassifiers,
  loadConfig, nextVersion, openProjectFile, removeSource, renderConfigValue, selectSources, sourceShowLines, spdxLicences, SourceNotFoundError,
} from "../../../src/project/index.ts";

function tempProject(text: string): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "verse-unit-"));
  const file = join(dir, "pyproject.toml");
  writeFileSync(file, text);
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("version", () => {
  test("rules and explicit versions", () => {
    expect(nextVersion("1.2.3b1", "patch")).toBe("1.2.3");
    expect(nextVersion("1.2.3", "prerelease")).toBe("1.2.4a0");
    expect(nextVersion("1.2.3a1", "prerelease", true)).toBe("1.2.3b0");
    expect(nextVersion("1.2.3", "2.0.0-beta.1")).toBe("2.0.0-beta.1");
    expect(() => nextVersion("1.2.3", "bogus")).toThrow(InvalidBumpRule);
  });

  test("writes where the version is declared (dynamic version → [tool.poetry])", () => {
    const p = tempProject('[project]\nname = "a"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "1.0.0"\n');
    try {
      const r = bumpProjectVersion(openProjectFile(p.dir, null), "major");
      expect(r).toEqual({ name: "a", from: "1.0.0", to: "2.0.0", written: true });
      expect(readFileSync(p.file, "utf8")).toBe('[project]\nname = "a"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "2.0.0"\n');
    } finally {
      p.cleanup();
    }
  });

  test("CRLF files keep their line endings", () => {
    const text = '[project]\r\nname = "a"\r\nversion = "0.1.0"\r\n';
    const p = tempProject(text);
    try {
      bumpProjectVersion(openProjectFile(p.dir, null), "minor");
      expect(readFileSync(p.file, "utf8")).toBe(text.replace("0.1.0", "0.2.0"));
    } finally {
      p.cleanup();
    }
  });
});

describe("sources", () => {
  test("add after existing entries, remove, show, unknown names", () => {
    const start = '[project]\nname = "a"\nversion = "1"\n\n[[tool.poetry.source]]\nname = "old"\nurl = "https://old/simple/"\ndefault = true\n';
    const p = tempProject(start);
    try {
      addSource(openProjectFile(p.dir, null), "new", "https://new/simple/", "supplemental");
      expect(readFileSync(p.file, "utf8")).toBe(`${start}\n[[tool.poetry.source]]\nname = "new"\nurl = "https://new/simple/"\npriority = "supplemental"\n`);
      // updating an old-style entry drops `default` for `priority`
      const r = addSource(openProjectFile(p.dir, null), "OLD", "https://old/simple/", "explicit");
      expect(r.updated).toBe(true);
      expect(readFileSync(p.file, "utf8")).toContain('name = "OLD"\nurl = "https://old/simple/"\npriority = "explicit"\n');
      const pf = openProjectFile(p.dir, null);
      expect(sourceShowLines(selectSources(pf.project.sources, ["new"]))).toEqual([" name      : new", " url       : https://new/simple/", " priority  : supplemental"]);
      expect(() => selectSources(pf.project.sources, ["nope"])).toThrow(SourceNotFoundError);
      removeSource(openProjectFile(p.dir, null), "old");
      removeSource(openProjectFile(p.dir, null), "new");
      expect(readFileSync(p.file, "utf8")).toBe('[project]\nname = "a"\nversion = "1"\n');
    } finally {
      p.cleanup();
    }
  });

  test("PyPI without a url", () => {
    const p = tempProject('[project]\nname = "a"\nversion = "1"\n');
    try {
      addSource(openProjectFile(p.dir, null), "PyPI", undefined, "supplemental");
      expect(readFileSync(p.file, "utf8")).toContain('[[tool.poetry.source]]\nname = "PyPI"\npriority = "supplemental"\n');
      expect(() => addSource(openProjectFile(p.dir, null), "pypi", "https://x/", "primary")).toThrow("The URL of PyPI is fixed");
      expect(() => addSource(openProjectFile(p.dir, null), "other", undefined, "primary")).toThrow("A URL is required");
    } finally {
      p.cleanup();
    }
  });
});

describe("config display", () => {
  test("values as Poetry prints them", () => {
    expect(renderConfigValue(null)).toBe("null");
    expect(renderConfigValue(true)).toBe("true");
    expect(renderConfigValue("a")).toBe('"a"');
    expect(renderConfigValue({ CC: "gcc" })).toBe('{"CC": "gcc"}');
  });

  test("list and single values; credentials never shown", () => {
    const home = mkdtempSync(join(tmpdir(), "verse-cfg-"));
    try {
      const env = { HOME: home, VERSE_HTTP_BASIC_FOO_PASSWORD: "pw", VERSE_HTTP_BASIC_FOO_USERNAME: "me", POETRY_REPOSITORIES_FOO_URL: "https://foo/simple/" };
      const config = loadConfig({ env, projectDir: null });
      const lines = configListLines(config);
      expect(lines).toContain("virtualenvs.create = true");
      expect(lines).toContain('repositories.foo.url = "https://foo/simple/"');
      expect(lines.join("\n")).not.toContain("pw");
      expect(configValueText(config, "http-basic.foo.password")).toBe("**********");
      expect(configValueText(config, "repositories.foo")).toBe('{"url": "https://foo/simple/"}');
      expect(configValueText(config, "virtualenvs.path")).toBe(join(home, ".cache", "verse", "virtualenvs"));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("check", () => {
  test("the embedded lists are loaded", () => {
    expect(knownClassifiers().has("Programming Language :: Python :: 3")).toBe(true);
    expect(knownClassifiers().size).toBeGreaterThan(500);
    expect(spdxLicences().get("mit")?.id).toBe("MIT");
  });

  test("SPDX licence expressions", () => {
    expect(checkLicenceExpression("MIT")).toEqual({ syntax: null, unknown: [], deprecated: [], recased: [] });
    expect(checkLicenceExpression("(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0").syntax).toBeNull();
    expect(checkLicenceExpression("LicenseRef-Proprietary").unknown).toEqual([]);
    expect(checkLicenceExpression("GPL-2.0+").unknown).toEqual([]);
    expect(checkLicenceExpression("MIT AND").syntax).toBe("the expression ends too early");
    expect(checkLicenceExpression("(MIT").syntax).toBe("a parenthesis is not closed");
    expect(checkLicenceExpression("MIT Apache-2.0").syntax).toBe('"Apache-2.0" is out of place');
    expect(checkLicenceExpression("").syntax).toBe("it is empty");
    expect(checkLicenceExpression("Nope-1").unknown).toEqual(["Nope-1"]);
    expect(checkLicenceExpression("GPL-2.0").deprecated).toEqual(["GPL-2.0"]);
  });

  test("a PEP 621 project with leftovers in [tool.poetry]", () => {
    const text = '[project]\nname = "a"\nversion = "1"\nreadme = "README.md"\n\n[tool.poetry]\nversion = "2"\nname = "a"\n\n[tool.poetry.dependencies]\npython = "^3.9"\n';
    const p = tempProject(text);
    try {
      writeFileSync(join(p.dir, "README.md"), "");
      const r = checkPyproject(text, p.file, p.dir);
      expect(r.errors).toEqual([]);
      expect(r.warnings.map((w) => [w.line, w.message])).toEqual([
        [8, "[tool.poetry.name] is ignored when [project.name] is set. Remove it."],
        [7, "[tool.poetry.version] is set but 'version' is not in [project.dynamic], so it is ignored. Use [project.version] instead, or add 'version' to [project.dynamic]."],
        [11, "[tool.poetry.dependencies.python] without [project.requires-python]: the built package's metadata will lack Requires-Python. Set [project.requires-python]."],
      ]);
    } finally {
      p.cleanup();
    }
  });
});
