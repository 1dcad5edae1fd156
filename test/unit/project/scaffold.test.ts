import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkProjectName, dependencyToPep508, moduleName, packageParts, parseAuthor, parsePyproject, renderPyproject,
  templateFromOptions, templateFromPrompts, type InitContext, type Prompter, type ProjectTemplate,
} from "../../../src/project/index.ts";
import { InvalidAddSpec } from "../../../src/standards/add-spec.ts";

const base: ProjectTemplate = {
  name: "demo", version: "0.1.0", description: "", author: null, license: null, readme: "md", python: ">=3.12",
  dependencies: [], devDependencies: [], layout: "src",
};

describe("renderPyproject", () => {
  test("Poetry 2's template for `poetry new`", () => {
    expect(renderPyproject(base)).toBe(`[project]
name = "demo"
version = "0.1.0"
description = ""
authors = [
    {name = "Your Name",email = "you@example.com"}
]
readme = "README.md"
requires-python = ">=3.12"
dependencies = [
]

[tool.poetry]
packages = [{include = "demo", from = "src"}]


[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`);
  });

  test("init's layout (no package), an author without email, escaped strings", () => {
    const text = renderPyproject({ ...base, layout: "none", author: "Zoë", description: 'a "b"\\c', python: null, license: "Apache-2.0" });
    expect(text).toContain('authors = [\n    {name = "Zoë"}\n]\n');
    expect(text).toContain('description = "a \\"b\\"\\\\c"\n');
    expect(text).toContain('license = {text = "Apache-2.0"}\n');
    expect(text).not.toContain("requires-python");
    expect(text).not.toContain("[tool.poetry]");
    expect(text).toContain('dependencies = [\n]\n\n\n[build-system]');
    expect(parsePyproject(text).authors).toEqual([{ name: "Zoë", email: null }]);
  });

  test("names: canonical project name, import names, namespace packages", () => {
    expect(renderPyproject({ ...base, name: "My_Pkg.Sub" })).toContain('name = "my-pkg-sub"');
    expect(renderPyproject({ ...base, name: "ns.pkg" })).toContain('packages = [{include = "ns", from = "src"}]');
    expect(renderPyproject({ ...base, name: "ns.pkg", layout: "flat" })).toContain('packages = [{include = "ns"}]');
    expect(renderPyproject({ ...base, name: "flat-one", layout: "flat" })).not.toContain("[tool.poetry]");
    expect(moduleName("My-Pkg")).toBe("my_pkg");
    expect(packageParts("a.b-c")).toEqual(["a", "b_c"]);
    expect(() => checkProjectName("-bad")).toThrow('"-bad" is not a valid project name.');
  });

  test("dependencies and the dev group as Poetry 2 lays them out", () => {
    const text = renderPyproject({ ...base, layout: "none", dependencies: ["a (>=1)", "b"], devDependencies: ["pytest (>=8)"] });
    expect(text).toContain('dependencies = [\n    "a (>=1)",\n    "b"\n]\n\n[dependency-groups]\ndev = [\n    "pytest (>=8)"\n]\n\n\n[build-system]');
  });

  test("authors", () => {
    expect(parseAuthor("Ann Author <ann@example.com>")).toEqual({ name: "Ann Author", email: "ann@example.com" });
    expect(parseAuthor("Ann")).toEqual({ name: "Ann", email: null });
    expect(() => parseAuthor("<x@y>")).toThrow("Invalid author");
  });
});

describe("dependencyToPep508", () => {
  const dir = mkdtempSync(join(tmpdir(), "verse-deps-"));
  const opts = { cwd: dir, latest: async (n: string) => (n === "pendulum" ? "2.1.2" : "1.0.0") };
  test("registry forms", async () => {
    expect(await dependencyToPep508("pendulum@^2.0.0", opts)).toBe("pendulum (>=2.0.0,<3.0.0)");
    expect(await dependencyToPep508("requests[socks]>=2.31", opts)).toBe("requests[socks] (>=2.31)");
    expect(await dependencyToPep508("pendulum", opts)).toBe("pendulum (>=2.1.2,<3.0.0)");
    expect(await dependencyToPep508("pendulum@latest", opts)).toBe("pendulum (>=2.1.2,<3.0.0)");
    expect(await dependencyToPep508("x==1.2.3", opts)).toBe("x (==1.2.3)");
    expect(await dependencyToPep508("x@*", opts)).toBe("x");
    expect(await dependencyToPep508("x>=1; python_version < '3.9'", opts)).toBe("x (>=1) ; python_version < '3.9'");
  });
  test("direct references", async () => {
    expect(await dependencyToPep508("git+https://github.com/demo/demo.git", opts)).toBe("demo @ git+https://github.com/demo/demo.git");
    expect(await dependencyToPep508("demo @ git+https://github.com/demo/x.git@v1#subdirectory=sub", opts)).toBe("demo @ git+https://github.com/demo/x.git@v1#subdirectory=sub");
    writeFileSync(join(dir, "demo-0.1.0-py3-none-any.whl"), "");
    expect(await dependencyToPep508("./demo-0.1.0-py3-none-any.whl", opts)).toBe(`demo @ file://${dir}/demo-0.1.0-py3-none-any.whl`);
    await expect(dependencyToPep508("./missing", opts)).rejects.toThrow("does not exist");
    expect(await dependencyToPep508("https://host/pkg-1.0.tar.gz", opts)).toBe("pkg @ https://host/pkg-1.0.tar.gz");
  });
  test("bad input", async () => {
    await expect(dependencyToPep508("x@^^1", opts)).rejects.toBeInstanceOf(InvalidAddSpec);
  });
  test("cleanup", () => rmSync(dir, { recursive: true, force: true }));
});

/** A prompter answering from a script, recording what was asked. */
function scripted(answers: string[]): Prompter & { asked: string[]; said: string[] } {
  const asked: string[] = [];
  const said: string[] = [];
  const next = (q: string) => {
    asked.push(q);
    const a = answers.shift();
    if (a === undefined) throw new Error(`no scripted answer for ${q}`);
    return a;
  };
  return {
    asked, said,
    async ask(q, fallback = "") { const a = next(q).trim(); return a === "" ? fallback : a; },
    async confirm(q, fallback) { const a = next(q).trim().toLowerCase(); return a === "" ? fallback : a.startsWith("y"); },
    say(t = "") { said.push(t); },
    close() {},
  };
}

describe("init questions", () => {
  const ctx: InitContext = { cwd: "/", latest: async () => "2.0.0", say: () => {}, layout: "none", readme: "md" };
  const defaults = { name: "dir-name", author: "Git User <git@example.com>", python: ">=3.11" };

  test("Poetry's questions in order, defaults on empty answers, re-asking after bad input", async () => {
    const p = scripted(["", "not a version", "1.2.3", "", "", "MIT", "^3.9", "yes", "pendulum", "", "", "n"]);
    const t = await templateFromPrompts(p, { dependencies: [], devDependencies: [] }, defaults, ctx, true);
    expect(p.asked).toEqual([
      "Package name [dir-name]: ", "Version [0.1.0]: ", "Version [0.1.0]: ", "Description []: ", "Author [Git User <git@example.com>, n to skip]: ",
      "License []: ", "Compatible Python versions [>=3.11]: ", "Would you like to define your main dependencies interactively? (yes/no) [yes] ",
      "Package to add or search for (leave blank to skip): ", "Enter the version constraint to require (or leave blank to use the latest version): ",
      "Add a package (leave blank to skip): ", "Would you like to define your development dependencies interactively? (yes/no) [yes] ",
    ]);
    expect(p.said).toContain('"not a version" is not a valid PEP 440 version.');
    expect(p.said).toContain("Using version ^2.0.0 for pendulum");
    expect(t).toEqual({ name: "dir-name", version: "1.2.3", description: "", author: "Git User <git@example.com>", license: "MIT", readme: "md", python: ">=3.9,<4.0", dependencies: ["pendulum (>=2.0.0,<3.0.0)"], devDependencies: [], layout: "none" });
  });

  test("options without questions", async () => {
    const t = await templateFromOptions({ name: "x", author: "n <n@x>", dependencies: ["a@^1"], devDependencies: [] }, defaults, ctx);
    expect(t.python).toBe(">=3.11");
    expect(t.dependencies).toEqual(["a (>=1,<2)"]);
    await expect(templateFromOptions({ version: "one", dependencies: [], devDependencies: [] }, defaults, ctx)).rejects.toThrow("is not a valid PEP 440 version");
  });
});
