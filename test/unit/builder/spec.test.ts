import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BuildConfigError, UnsupportedBuildError, buildScriptOf, buildSpec, checkBackend, planBuild } from "../../../src/builder/index.ts";
import { wheelTag } from "../../../src/builder/wheel.ts";
import { parsePyproject } from "../../../src/project/index.ts";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-spec-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, toml: string, files: Record<string, string> = {}) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  writeFileSync(join(dir, "pyproject.toml"), toml);
  return parsePyproject(toml, join(dir, "pyproject.toml"), dir);
}

const POETRY = (extra = "") => `[tool.poetry]\nname = "My.Pkg"\nversion = "1.0"\ndescription = "d"\nauthors = ["A <a@x>"]\n${extra}`;

describe("buildSpec", () => {
  test("finds the package flat or under src/, with '-' and '.' turned into '_'", () => {
    expect(buildSpec(project("flat", POETRY(), { "my_pkg/__init__.py": "" })).packages).toEqual([{ include: "my_pkg", from: null, to: null, formats: [] }]);
    expect(buildSpec(project("src", POETRY(), { "src/my_pkg.py": "" })).packages).toEqual([{ include: "my_pkg.py", from: "src", to: null, formats: [] }]);
  });

  test("a missing package is a BuildConfigError naming what was looked for", () => {
    expect(() => buildSpec(project("none", POETRY()))).toThrow(BuildConfigError);
    expect(() => buildSpec(project("none", POETRY()))).toThrow(/my_pkg\/ and my_pkg\.py/);
  });

  test("package-mode = false cannot be built", () => {
    expect(() => buildSpec(project("nopkg", `[tool.poetry]\npackage-mode = false\n`))).toThrow(/package mode/);
  });

  test("names: the dist name is escaped, the metadata name kept", () => {
    const spec = buildSpec(project("names", POETRY(), { "my_pkg/__init__.py": "" }));
    expect(spec.distName).toBe("my_pkg");
    expect(spec.metadata.name).toBe("My.Pkg");
  });

  test("include entries default to the sdist only", () => {
    const spec = buildSpec(project("inc", POETRY('include = ["a.txt", { path = "b.txt", format = "wheel" }, { path = "c", format = ["sdist", "wheel"] }]\n'), { "my_pkg/__init__.py": "" }));
    expect(spec.includes).toEqual([
      { path: "a.txt", formats: ["sdist"] },
      { path: "b.txt", formats: ["wheel"] },
      { path: "c", formats: ["sdist", "wheel"] },
    ]);
  });

  test("[project] license forms: SPDX expression, text, file; default license-files globs", () => {
    const pep = (license: string) => `[project]\nname = "p"\nversion = "1"\nlicense = ${license}\n`;
    const files = { "p/__init__.py": "", "LICENSE.txt": "L", "NOTICE": "N", "COPYING.md": "C" };
    const expr = buildSpec(project("lic1", pep('"MIT OR Apache-2.0"'), files)).metadata;
    expect([expr.license, expr.licenseExpression]).toEqual([null, "MIT OR Apache-2.0"]);
    expect(expr.licenseFiles).toEqual(["COPYING.md", "LICENSE.txt", "NOTICE"]);
    const text = buildSpec(project("lic2", pep('{ text = "Custom" }'), files)).metadata;
    expect([text.license, text.licenseExpression]).toEqual(["Custom", null]);
    const file = buildSpec(project("lic3", `${pep('{ file = "LICENSE.txt" }')}license-files = ["NOTICE"]\n`, files)).metadata;
    expect(file.license).toBe("L");
    expect(file.licenseFiles).toEqual(["LICENSE.txt", "NOTICE"]);
  });

  test("Requires-Dist and Provides-Extra from [project], sorted", () => {
    const toml = `[project]\nname = "p"\nversion = "1"\ndependencies = ["b>=1", "a"]\n[project.optional-dependencies]\nTest = ["pytest>=7; python_version<'3.9'"]\n`;
    const m = buildSpec(project("deps", toml, { "p/__init__.py": "" })).metadata;
    expect(m.providesExtra).toEqual(["test"]);
    expect(m.requiresDist).toEqual(["a", "b (>=1)", 'pytest (>=7) ; (python_version < "3.9") and (extra == "test")']);
  });

  test("wheel tag: py2.py3 when a Python 2 is allowed", () => {
    expect(wheelTag("*")).toBe("py2.py3-none-any");
    expect(wheelTag(">=2.7")).toBe("py2.py3-none-any");
    expect(wheelTag("^3.8")).toBe("py3-none-any");
  });

  test("another PEP 517 backend: the native builder refuses it, the plan sends it to the backend", () => {
    const p = project("hatch", `[project]\nname = "h"\nversion = "1"\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n`);
    expect(() => checkBackend(p)).toThrow(UnsupportedBuildError);
    expect(() => checkBackend(p)).toThrow(/hatchling\.build/);
    expect(planBuild(p, [])).toEqual([{ format: "sdist", via: "backend" }, { format: "wheel", via: "backend" }]);
    const pc = project("pc", `${POETRY()}[build-system]\nbuild-backend = "poetry.core.masonry.api"\n`);
    expect(() => checkBackend(pc)).not.toThrow();
    expect(planBuild(pc, [])).toEqual([{ format: "sdist", via: "native" }, { format: "wheel", via: "native" }]);
    expect(planBuild(pc, ["wheel"])).toEqual([{ format: "wheel", via: "native" }]);
  });

  test("a build script: the sdist native, the wheel from poetry-core's backend", () => {
    const p = project("scripted", `${POETRY()}[tool.poetry.build]\nscript = "build.py"\n\n[build-system]\nbuild-backend = "poetry.core.masonry.api"\n`);
    expect(buildScriptOf(p)).toBe("build.py");
    expect(planBuild(p, [])).toEqual([{ format: "sdist", via: "native" }, { format: "wheel", via: "backend" }]);
    expect(buildScriptOf(project("short", POETRY('build = "b.py"\n')))).toBe("b.py"); // Poetry 1's short form
  });
});
