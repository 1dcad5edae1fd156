import { describe, expect, test } from "bun:test";
import { parseCommandLine, type Registry } from "../../../src/cli/parse.ts";
import { defineCommand } from "../../../src/cli/spec.ts";
import { suggest, editDistance } from "../../../src/cli/suggest.ts";
import { decideColour } from "../../../src/cli/output.ts";
import { UsageError } from "../../../src/errors.ts";

const noop = () => 0;
const registry: Registry = {
  commands: [
    defineCommand({
      name: "add",
      summary: "Adds",
      arguments: [{ name: "name", description: "packages", required: true, variadic: true }],
      options: [
        { name: "group", short: "G", value: "GROUP", description: "group" },
        { name: "extras", short: "E", value: "EXTRAS", multiple: true, description: "extras" },
        { name: "dry-run", description: "dry" },
      ],
      run: noop,
    }),
    defineCommand({ name: "env use", summary: "use", arguments: [{ name: "python", description: "py", required: true }], run: noop }),
    defineCommand({ name: "env info", summary: "info", run: noop }),
    defineCommand({ name: "run", summary: "run", passthrough: true, arguments: [], run: noop }),
  ],
};

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error("expected a UsageError");
}

describe("parseCommandLine", () => {
  test("globals before and after the command, grouped -vvv, values in both spellings", () => {
    const line = parseCommandLine(["-C", "/tmp", "add", "-vvv", "requests", "-Gdev", "--extras=a", "-E", "b", "flask", "--dry-run"], registry);
    expect(line.command?.name).toBe("add");
    expect(line.args.name).toEqual(["requests", "flask"]);
    expect(line.options.string("group")).toBe("dev");
    expect(line.options.strings("extras")).toEqual(["a", "b"]);
    expect(line.options.flag("dry-run")).toBe(true);
    expect(line.globals.strings("verbose").length).toBe(3);
    expect(line.globals.string("directory")).toBe("/tmp");
  });

  test("sub-commands of a namespace", () => {
    const line = parseCommandLine(["env", "use", "3.12"], registry);
    expect(line.command?.name).toBe("env use");
    expect(line.args.python).toBe("3.12");
    expect(usageError(() => parseCommandLine(["env"], registry)).message).toContain("needs a sub-command");
    expect(usageError(() => parseCommandLine(["env", "uze", "3"], registry)).hint).toContain("env use");
  });

  test("run passes everything after the program through untouched", () => {
    const line = parseCommandLine(["-q", "run", "python", "-c", "print(1)", "--help"], registry);
    expect(line.passthrough).toEqual(["python", "-c", "print(1)", "--help"]);
    expect(line.globals.flag("help")).toBe(false);
    expect(line.globals.flag("quiet")).toBe(true);
    expect(parseCommandLine(["run", "--", "-x"], registry).passthrough).toEqual(["-x"]);
  });

  test("errors: unknown command, unknown option, missing value, missing argument, extra argument", () => {
    expect(usageError(() => parseCommandLine(["ad", "x"], registry)).hint).toContain("add");
    expect(usageError(() => parseCommandLine(["add", "x", "--grup", "g"], registry)).hint).toContain("--group");
    expect(usageError(() => parseCommandLine(["add", "x", "--group"], registry)).message).toContain("requires a value");
    expect(usageError(() => parseCommandLine(["add"], registry)).message).toContain('missing: "name"');
    expect(usageError(() => parseCommandLine(["env", "info", "extra"], registry)).message).toContain("Too many arguments");
    expect(usageError(() => parseCommandLine(["add", "x", "--dry-run=yes"], registry)).message).toContain("does not accept a value");
  });

  test("--help with a command that needs arguments does not fail", () => {
    const line = parseCommandLine(["add", "--help"], registry);
    expect(line.command?.name).toBe("add");
    expect(line.globals.flag("help")).toBe(true);
  });
});

describe("suggestions", () => {
  test("edit distance counts transpositions once", () => {
    expect(editDistance("abuot", "about")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
  test("close names first, nothing for far ones", () => {
    expect(suggest("instal", ["install", "init", "lock"])).toEqual(["install"]);
    expect(suggest("frobnicate", ["install", "init", "lock"])).toEqual([]);
  });
});

describe("colour decision", () => {
  test("flags win over the environment, NO_COLOR over FORCE_COLOR, TTY last", () => {
    expect(decideColour(true, { NO_COLOR: "1" }, false)).toBe(true);
    expect(decideColour(false, { FORCE_COLOR: "1" }, true)).toBe(false);
    expect(decideColour(null, { NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(decideColour(null, { FORCE_COLOR: "1" }, false)).toBe(true);
    expect(decideColour(null, { FORCE_COLOR: "0" }, true)).toBe(false);
    expect(decideColour(null, {}, true)).toBe(true);
    expect(decideColour(null, {}, false)).toBe(false);
  });
});
