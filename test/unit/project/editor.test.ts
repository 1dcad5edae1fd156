/**
 * Golden-file tests of the format-preserving editor: each edit of a real-world-style pyproject
 * in test/fixtures/pyproject/ must give exactly the text in expected/<fixture>--<edit>.toml,
 * i.e. change only the intended lines. Run with UPDATE_GOLDEN=1 to (re)write the expected files,
 * then review their diffs by hand.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TomlEditor, TomlEditError } from "../../../src/project/editor.ts";
import { TomlSyntaxError } from "../../../src/project/toml-parse.ts";

const DIR = join(import.meta.dir, "../../fixtures/pyproject");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function read(name: string): string {
  return readFileSync(join(DIR, name), "utf8");
}

type Edit = (e: TomlEditor) => void;
const P = ["tool", "poetry"];

const CASES: Record<string, Record<string, Edit>> = {
  "poetry1-classic": {
    "add-dep": (e) => e.set([...P, "dependencies", "rich"], "^13.7"),
    "add-dep-table": (e) => e.set([...P, "dependencies", "uvicorn"], { version: "^0.29", extras: ["standard"] }),
    "remove-dep": (e) => void e.remove([...P, "dependencies", "click"]),
    "bump-version": (e) => e.set([...P, "version"], "1.5.0"),
    "add-group": (e) => e.set([...P, "group", "docs", "dependencies", "mkdocs"], "^1.5"),
    "remove-dev-dependencies": (e) => void e.remove([...P, "dev-dependencies"]),
    "extras-append": (e) => e.appendToArray([...P, "extras", "cli"], "rich"),
    "add-source": (e) => e.appendArrayTable([...P, "source"], { name: "corp", url: "https://pypi.corp/simple/", priority: "supplemental" }),
  },
  "poetry2-pep621": {
    "add-dep": (e) => e.appendToArray(["project", "dependencies"], "rich (>=13.7.1,<14.0.0)"),
    "remove-dep": (e) => void e.removeFromArray(["project", "dependencies"], (d) => String(d).startsWith("pydantic")),
    "remove-first-dep": (e) => void e.removeFromArray(["project", "dependencies"], (d) => String(d).startsWith("httpx")),
    "enrich-dep": (e) => e.set([...P, "dependencies", "httpx", "develop"], false),
    "add-group-dep": (e) => e.set([...P, "group", "dev", "dependencies", "mypy"], "^1.10"),
    "remove-source": (e) => void e.remove([...P, "source", 0]),
    "add-extra": (e) => e.set(["project", "optional-dependencies", "yaml"], ["pyyaml (>=6.0)"]),
  },
  "crlf-windows": {
    "add-dep": (e) => e.appendToArray(["project", "dependencies"], "rich (>=13.7.1,<14.0.0)"),
    "add-group": (e) => e.set([...P, "group", "docs", "dependencies", "sphinx"], "^7"),
    "bump-version": (e) => e.set(["project", "version"], "0.4.0"),
    "remove-group": (e) => void e.remove([...P, "group", "dev"]),
  },
  "inline-heavy": {
    "multi-constraint-edit": (e) => e.set([...P, "dependencies", "numpy", 1, "version"], ">=1.26"),
    "inline-add-key": (e) => e.set([...P, "dependencies", "mylib", "tag"], "v1.0"),
    "inline-remove-key": (e) => void e.remove([...P, "dependencies", "mylib", "branch"]),
    "remove-multi-constraint": (e) => void e.remove([...P, "dependencies", "numpy"]),
    "replace-with-table": (e) => e.set([...P, "dependencies", "uvloop"], { version: "^0.20", optional: true }),
  },
  "dependency-groups": {
    "append-multiline": (e) => e.appendToArray(["dependency-groups", "test"], "hypothesis>=6"),
    "append-inline": (e) => e.appendToArray(["dependency-groups", "lint"], "pyright"),
    "new-group": (e) => e.appendToArray(["dependency-groups", "docs"], "mkdocs>=1.6"),
    "remove-include": (e) => void e.removeFromArray(["dependency-groups", "dev"], (d) => typeof d === "object" && d !== null && (d as Record<string, unknown>)["include-group"] === "lint"),
    "append-project-dep": (e) => e.appendToArray(["project", "dependencies"], "click>=8"),
  },
  "comments-everywhere": {
    "add-dep": (e) => e.appendToArray(["project", "dependencies"], "alembic>=1.13"),
    "remove-commented-dep": (e) => void e.removeFromArray(["project", "dependencies"], (d) => d === "flask>=3.0"),
    "add-dev-dep": (e) => e.set([...P, "group", "dev", "dependencies", "mypy"], "^1"),
    "poetry-key": (e) => e.set([...P, "package-mode"], false),
    "bump-version": (e) => e.set(["project", "version"], "0.0.2"),
  },
  sources: {
    "add-source": (e) => e.appendArrayTable([...P, "source"], { name: "extra", url: "https://extra.example/simple/", priority: "supplemental" }),
    "remove-last-source": (e) => void e.remove([...P, "source", 1]),
    "remove-first-source": (e) => void e.remove([...P, "source", 0]),
    "change-priority": (e) => e.set([...P, "source", 1, "priority"], "supplemental"),
  },
  "literal-strings": {
    "bump-version": (e) => e.set([...P, "version"], "3.3.0"),
    "add-dep": (e) => e.set([...P, "dependencies", "attrs"], "^23"),
    "change-constraint": (e) => e.set([...P, "dependencies", "regex"], ">=2024.1"),
  },
  "no-trailing-newline": {
    "add-group-dep": (e) => e.set([...P, "group", "dev", "dependencies", "ruff"], "*"),
    "add-project-dep": (e) => e.appendToArray(["project", "dependencies"], "attrs"),
    "remove-group": (e) => void e.remove([...P, "group", "dev"]),
  },
  "subtable-deps": {
    "edit-subtable": (e) => e.set([...P, "dependencies", "django", "version"], "^5.1"),
    "remove-subtable": (e) => void e.remove([...P, "dependencies", "django"]),
    "add-dep": (e) => e.set([...P, "dependencies", "redis"], "^5"),
    "replace-subtable": (e) => e.set([...P, "dependencies", "celery"], "^5.4"),
  },
  "poetry-new": {
    "add-first-dep": (e) => e.appendToArray(["project", "dependencies"], "requests (>=2.32.3,<3.0.0)"),
    "add-two-deps": (e) => {
      e.appendToArray(["project", "dependencies"], "requests (>=2.32.3,<3.0.0)");
      e.appendToArray(["project", "dependencies"], "rich (>=13.7.1,<14.0.0)");
    },
    "add-dev-group": (e) => e.set([...P, "group", "dev", "dependencies", "pytest"], "^8.3.4"),
    "add-dependency-group": (e) => e.set(["dependency-groups", "dev"], ["pytest (>=8.3.4,<9.0.0)"], { multiline: true }),
  },
  indented: {
    "add-dep": (e) => e.set([...P, "dependencies", "jinja2"], "^3.1"),
    "add-group": (e) => e.set([...P, "group", "test", "dependencies", "pytest"], "^8"),
    "remove-docs": (e) => void e.remove([...P, "group", "docs"]),
  },
  "dotted-keys": {
    "add-url": (e) => e.set(["project", "urls", "Docs"], "https://example.com/docs"),
    "edit-dotted-dep": (e) => e.set([...P, "group", "dev", "dependencies", "pytest"], "^8.2"),
    "add-dotted-dep": (e) => e.set([...P, "group", "dev", "dependencies", "ruff"], "^0.5"),
  },
  "multiline-strings": {
    "bump-version": (e) => e.set([...P, "version"], "1.0.1"),
    "add-dep": (e) => e.set([...P, "dependencies", "tomli"], "^2"),
    "replace-multiline": (e) => e.set([...P, "description"], "Short now"),
  },
};

describe("editor golden files", () => {
  for (const [fixture, edits] of Object.entries(CASES)) {
    const input = read(`${fixture}.toml`);
    for (const [name, apply] of Object.entries(edits)) {
      test(`${fixture}: ${name}`, () => {
        const editor = new TomlEditor(input);
        apply(editor);
        const expectedPath = join(DIR, "expected", `${fixture}--${name}.toml`);
        if (UPDATE || !existsSync(expectedPath)) {
          if (!UPDATE) throw new Error(`missing golden file ${expectedPath} (run with UPDATE_GOLDEN=1)`);
          writeFileSync(expectedPath, editor.text);
        }
        expect(editor.text).toBe(readFileSync(expectedPath, "utf8"));
        if (input.includes("\r\n")) expect(editor.text.replace(/\r\n/g, "")).not.toContain("\n");
      });
    }
    test(`${fixture}: no edit keeps the text byte for byte`, () => {
      expect(new TomlEditor(input).text).toBe(input);
    });
  }
});

describe("editor behaviour", () => {
  test("unchanged lines stay identical (line diff touches only the edit)", () => {
    const input = read("poetry1-classic.toml");
    const e = new TomlEditor(input).set([...P, "dependencies", "requests"], "^2.31");
    const before = input.split("\n");
    const after = e.text.split("\n");
    expect(after.length).toBe(before.length);
    const changed = before.map((l, i) => (l === after[i] ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toEqual([before.findIndex((l) => l.startsWith("requests"))]);
    expect(after[changed[0] as number]).toBe('requests = "^2.31"   # http client');
  });

  test("remove returns false for a missing key and changes nothing", () => {
    const input = read("sources.toml");
    const e = new TomlEditor(input);
    expect(e.remove([...P, "dependencies", "nope"])).toBe(false);
    expect(e.text).toBe(input);
  });

  test("a BOM is kept", () => {
    const e = new TomlEditor('\ufeff[project]\nname = "x"\n').set(["project", "version"], "1");
    expect(e.text).toBe('\ufeff[project]\nname = "x"\nversion = "1"\n');
  });

  test("strings are escaped", () => {
    const e = new TomlEditor("").set(["a"], 'q"b\\s\n\u0001');
    expect(e.text).toBe('a = "q\\"b\\\\s\\n\\u0001"\n');
    expect(e.get(["a"])).toBe('q"b\\s\n\u0001');
  });

  test("keys that need quotes are quoted", () => {
    const e = new TomlEditor("[tool.poetry.dependencies]\n").set([...P, "dependencies", "zope.interface"], "^6");
    expect(e.text).toBe('[tool.poetry.dependencies]\n"zope.interface" = "^6"\n');
  });

  test("an empty document gets a new table", () => {
    expect(new TomlEditor("").set(["project", "name"], "x").text).toBe('[project]\nname = "x"\n');
  });

  test("setting inside a non-table fails cleanly", () => {
    const e = new TomlEditor('[project]\nname = "x"\n');
    expect(() => e.set(["project", "name", "sub"], 1)).toThrow(TomlEditError);
    expect(e.text).toBe('[project]\nname = "x"\n');
  });

  test("an unparsable document gives line and column", () => {
    try {
      new TomlEditor('[project]\nname = "x\n', "demo/pyproject.toml");
      throw new Error("no error");
    } catch (err) {
      expect(err).toBeInstanceOf(TomlSyntaxError);
      const e = err as TomlSyntaxError;
      expect(e.line).toBe(2);
      expect(e.message).toContain("demo/pyproject.toml:2:");
      expect(e.hint).toContain("line 2");
    }
  });

  test("ensureTable creates a header only when needed", () => {
    const input = read("poetry2-pep621.toml");
    expect(new TomlEditor(input).ensureTable([...P, "group"]).text).toBe(input);
    const e = new TomlEditor(input).ensureTable(["tool", "ruff"]);
    expect(e.text).toContain('priority = "supplemental"\n\n[tool.ruff]\n\n[build-system]');
  });

  test("removeFromArray removes every match", () => {
    const e = new TomlEditor('a = ["x", "y", "x", "z"]\n');
    expect(e.removeFromArray(["a"], (v) => v === "x")).toBe(2);
    expect(e.text).toBe('a = ["y", "z"]\n');
  });

  test("removing the only item of arrays", () => {
    expect(new TomlEditor('a = ["x"]\n').remove(["a", 0])).toBe(true);
    const one = new TomlEditor('a = ["x"]\n');
    one.remove(["a", 0]);
    expect(one.text).toBe("a = []\n");
    const multi = new TomlEditor('a = [\n    "x",\n]\n');
    multi.remove(["a", 0]);
    expect(multi.text).toBe("a = [\n]\n");
  });
});
