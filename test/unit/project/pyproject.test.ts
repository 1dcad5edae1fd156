import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { groupDependencies, parsePyproject, PyprojectError } from "../../../src/project/pyproject.ts";
import { loadProject, ProjectNotFoundError } from "../../../src/project/load.ts";
import { TomlSyntaxError } from "../../../src/project/toml-parse.ts";

const FIX = join(import.meta.dir, "../../fixtures/pyproject");
const fixture = (n: string) => parsePyproject(readFileSync(join(FIX, `${n}.toml`), "utf8"));

function schemaIssues(text: string) {
  try {
    parsePyproject(text);
  } catch (e) {
    if (e instanceof PyprojectError) return e.issues;
    throw e;
  }
  throw new Error("no error");
}

describe("Poetry 1.x layout", () => {
  const p = fixture("poetry1-classic");
  test("metadata", () => {
    expect(p.layout).toBe("poetry");
    expect(p.name).toBe("acme-tools");
    expect(p.version).toBe("1.4.2");
    expect(p.authors).toEqual([{ name: "Jane Doe", email: "jane@example.com" }]);
    expect(p.pythonConstraint).toBe("^3.8");
    expect(p.requiresPython).toBeNull();
    expect(p.packages).toEqual([{ include: "acme_tools", from: "src", to: null, formats: [] }]);
    expect(p.scripts).toEqual([{ name: "acme", reference: "acme_tools.cli:main", type: "console", extras: [] }]);
  });
  test("dependencies, dev-dependencies and extras", () => {
    const main = p.groups.get("main")!.dependencies;
    expect(main.map((d) => [d.name, d.constraint, d.optional])).toEqual([["requests", "^2.28", false], ["click", "^8.1", true], ["attrs", "==21.4.0", false]]);
    const dev = p.groups.get("dev")!;
    expect(dev.dependencies.map((d) => d.name)).toEqual(["pytest", "black"]);
    expect(dev.dependencies[1]!.allowPrereleases).toBe(true);
    expect(p.extras as unknown).toEqual({ cli: ["click"] });
  });
});

describe("Poetry 2 merging", () => {
  const p = fixture("poetry2-pep621");
  test("[project] wins and [tool.poetry.dependencies] only enriches", () => {
    expect(p.layout).toBe("pep621");
    const main = p.groups.get("main")!.dependencies;
    expect(main.map((d) => d.name)).toEqual(["httpx", "pydantic", "redis"]);
    expect(main[0]!.source).toBe("internal");
    expect(main[0]!.constraint).toBe("<0.28.0,>=0.27.0");
    expect(main[2]!.optional).toBe(true);
    expect(p.extras as unknown).toEqual({ cache: ["redis"] });
    expect(p.pythonConstraint).toBe(">=3.9");
    expect(p.sources).toEqual([{ name: "internal", url: "https://pypi.internal.example/simple/", priority: "supplemental" }]);
    expect(p.authors).toEqual([{ name: "Sam Smith", email: "sam@example.com" }]);
  });
  test("tool.poetry.dependencies.python narrows the lock constraint", () => {
    const q = parsePyproject('[project]\nname="a"\nversion="1"\nrequires-python=">=3.8"\ndependencies=[]\n[tool.poetry.dependencies]\npython=">=3.10,<3.13"\nextra={version="^1"}\n');
    expect(q.requiresPython).toBe(">=3.8");
    expect(q.pythonConstraint).toBe(">=3.10,<3.13");
    expect(q.groups.get("main")!.dependencies).toEqual([]);
  });
  test("dynamic dependencies come from tool.poetry", () => {
    const q = parsePyproject('[project]\nname="a"\ndynamic=["version","dependencies"]\n[tool.poetry]\nversion="2.0"\n[tool.poetry.dependencies]\nrequests="^2"\n');
    expect(q.version).toBe("2.0");
    expect(q.groups.get("main")!.dependencies.map((d) => d.name)).toEqual(["requests"]);
  });
});

describe("dependency forms", () => {
  const p = fixture("inline-heavy");
  const main = p.groups.get("main")!.dependencies;
  test("multiple constraints give one entry per constraint", () => {
    const numpy = main.filter((d) => d.name === "numpy");
    expect(numpy.map((d) => [d.constraint, d.python])).toEqual([["<1.25", "<3.9"], [">=1.25", ">=3.9"]]);
  });
  test("git, path, url", () => {
    expect(main.find((d) => d.name === "mylib")!.kind).toEqual({ type: "git", url: "https://github.com/example/mylib.git", branch: "main", tag: null, rev: null, subdirectory: "pkg" });
    const local = main.find((d) => d.name === "localpkg")!;
    expect(local.kind).toEqual({ type: "path", path: "../localpkg", subdirectory: null });
    expect(local.develop).toBe(true);
    expect(main.find((d) => d.name === "wheelpkg")!.kind.type).toBe("url");
    expect(main.find((d) => d.name === "uvloop")!.markers).toBe("sys_platform != 'win32'");
  });
  test("PEP 508 direct references", () => {
    const q = parsePyproject('[project]\nname="a"\nversion="1"\ndependencies=["lib @ git+https://github.com/o/lib.git@v1.2#subdirectory=sub", "w @ https://x/w-1.0.tar.gz"]\n');
    const [lib, w] = q.groups.get("main")!.dependencies;
    expect(lib!.kind).toEqual({ type: "git", url: "https://github.com/o/lib.git", branch: null, tag: null, rev: "v1.2", subdirectory: "sub" });
    expect(w!.kind).toEqual({ type: "url", url: "https://x/w-1.0.tar.gz", subdirectory: null });
  });
});

describe("groups", () => {
  test("PEP 735 with include-group and tool.poetry optional flag", () => {
    const p = fixture("dependency-groups");
    expect(p.groups.get("lint")!.optional).toBe(true);
    expect(p.groups.get("dev")!.includes).toEqual(["test", "lint"]);
    expect(groupDependencies(p, "dev").map((d) => d.name)).toEqual(["ipython", "pytest", "coverage", "ruff", "mypy"]);
  });
  test("include cycles and unknown includes are schema errors", () => {
    const cyc = schemaIssues('[dependency-groups]\na=[{include-group="b"}]\nb=[{include-group="a"}]\n');
    expect(cyc.some((i) => i.message.includes("cycle"))).toBe(true);
    const unknown = schemaIssues('[dependency-groups]\na=[{include-group="zzz"}]\n');
    expect(unknown.map((i) => i.path.join("."))).toContain("dependency-groups.a.0.include-group");
  });
  test("optional poetry groups and indented tables", () => {
    const p = fixture("indented");
    expect(p.groups.get("docs")).toMatchObject({ optional: true });
    expect(p.groups.get("docs")!.dependencies[0]!.name).toBe("sphinx");
  });
  test("sub-table dependencies", () => {
    const p = fixture("subtable-deps");
    expect(p.groups.get("main")!.dependencies.map((d) => [d.name, d.extras, d.optional])).toEqual([["django", ["argon2"], false], ["celery", [], true]]);
  });
});

describe("errors", () => {
  test("schema errors name the key path and its line", () => {
    const issues = schemaIssues('[tool.poetry]\nname = "a"\nversion = "1"\n\n[tool.poetry.dependencies]\nrequests = { version = 2 }\n');
    expect(issues[0]!.path).toEqual(["tool", "poetry", "dependencies", "requests", "version"]);
    expect(issues[0]!.line).toBe(6);
    expect(issues[0]!.message).toContain("expected string");
  });
  test("the error message lists every issue", () => {
    try {
      parsePyproject('[project]\nname = 3\nversion = "1"\ndependencies = ["ok", "bad req ="]\n', "x/pyproject.toml");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(PyprojectError);
      expect((e as PyprojectError).message).toContain("project.name (line 2)");
      expect((e as PyprojectError).exitCode).toBe(3);
    }
  });
  test("invalid constraints and requirements are reported with their path", () => {
    const issues = schemaIssues('[tool.poetry]\nname="a"\nversion="1"\n[tool.poetry.dependencies]\nfoo = "^^1"\nbar = { git = "x", version = "1" }\n');
    expect(issues.map((i) => i.path.join("."))).toEqual(["tool.poetry.dependencies.foo", "tool.poetry.dependencies.bar.version"]);
    expect(issues[0]!.line).toBe(5);
    const pep = schemaIssues('[project]\nname="a"\nversion="1"\ndependencies = [\n  "fine",\n  "nope ==",\n]\n');
    expect(pep[0]!.path).toEqual(["project", "dependencies", 1]);
    expect(pep[0]!.line).toBe(6);
  });
  test("name and version are required in package mode only", () => {
    expect(schemaIssues("[tool.poetry]\n").map((i) => i.path.join("."))).toEqual(["tool.poetry.name", "tool.poetry.version"]);
    expect(parsePyproject("[tool.poetry]\npackage-mode = false\n").packageMode).toBe(false);
  });
  test("unparsable TOML gives file, line and column", () => {
    try {
      parsePyproject('[project]\nname = "a"\nversion = = "1"\n', "/p/pyproject.toml");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(TomlSyntaxError);
      expect((e as TomlSyntaxError).line).toBe(3);
      expect((e as TomlSyntaxError).column).toBeGreaterThan(1);
      expect((e as TomlSyntaxError).message).toStartWith("/p/pyproject.toml:3:");
    }
  });
  test("every fixture parses", () => {
    for (const n of ["comments-everywhere", "crlf-windows", "dotted-keys", "literal-strings", "multiline-strings", "no-trailing-newline", "poetry-new", "sources"]) {
      expect(() => fixture(n)).not.toThrow();
    }
  });
});

describe("loader", () => {
  test("walks up from a subdirectory, and -P is exact", () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-proj-"));
    try {
      writeFileSync(join(dir, "pyproject.toml"), '[project]\nname="walk"\nversion="1"\n');
      mkdirSync(join(dir, "src", "pkg"), { recursive: true });
      const p = loadProject(join(dir, "src", "pkg"));
      expect(p.name).toBe("walk");
      expect(p.root).toBe(dir);
      expect(loadProject(dir, { exact: true }).file).toBe(join(dir, "pyproject.toml"));
      expect(() => loadProject(join(dir, "src"), { exact: true })).toThrow(ProjectNotFoundError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("duplicates and paths", () => {
  test("two spellings of one name in a group are an error", () => {
    const issues = schemaIssues('[tool.poetry]\nname="a"\nversion="1"\n[tool.poetry.group.dev.dependencies]\nPyYAML = "*"\npyyaml = "^6"\n');
    expect(issues[0]!.message).toContain("declared twice");
    expect(issues[0]!.line).toBe(6);
  });
  test("messages print array indexes in brackets", () => {
    try {
      parsePyproject('[project]\nname="a"\nversion="1"\ndependencies = ["ok", "bad =="]\n');
      throw new Error("no error");
    } catch (e) {
      expect((e as Error).message).toContain("project.dependencies[1] (line 4)");
    }
  });
});
