/** Pure parts of the installer: shebangs, script rewriting, entry points, path checks, plan, link modes. */
import { describe, expect, test } from "bun:test";
import { entryPointScript, makePlan, parseLinkMode, rewriteScript, scriptEntryPoints, shebang, summarize } from "../../../src/installer/index.ts";
import { escapes } from "../../../src/installer/record.ts";
import type { LockedPackage } from "../../../src/lock/index.ts";
import type { NormalizedName } from "../../../src/standards/names.ts";

describe("shebang", () => {
  test("a short path without spaces is used directly", () => {
    expect(shebang("/venv/bin/python")).toBe("#!/venv/bin/python\n");
  });
  test("a path with spaces or too long uses the /bin/sh trick", () => {
    expect(shebang("/my venv/bin/python")).toBe(`#!/bin/sh\n'''exec' '/my venv/bin/python' "$0" "$@"\n' '''\n`);
    expect(shebang(`/${"x".repeat(200)}/python`).startsWith("#!/bin/sh\n")).toBe(true);
  });
});

describe("scripts", () => {
  test("#!python is rewritten, with its arguments; other files are left alone", () => {
    const enc = new TextEncoder();
    expect(new TextDecoder().decode(rewriteScript(enc.encode("#!python\nprint(1)\n"), "/v/bin/python")!)).toBe("#!/v/bin/python\nprint(1)\n");
    expect(new TextDecoder().decode(rewriteScript(enc.encode("#!pythonw -u\nx\n"), "/v/bin/python")!)).toBe("#!/v/bin/python -u\nx\n");
    expect(rewriteScript(enc.encode("#!/bin/sh\necho\n"), "/v/bin/python")).toBeNull();
  });
  test("entry points: console and gui, module:attr.path", () => {
    const eps = scriptEntryPoints("[console_scripts]\nfoo = pkg.cli:main.run\n[gui_scripts]\nbar=pkg:gui\n[other]\nx=y:z\n", "w");
    expect(eps).toEqual([
      { name: "foo", module: "pkg.cli", attribute: "main.run", gui: false },
      { name: "bar", module: "pkg", attribute: "gui", gui: true },
    ]);
    const text = entryPointScript(eps[0]!, "/v/bin/python");
    expect(text).toContain("from pkg.cli import main\n");
    expect(text).toContain("sys.exit(main.run())");
  });
  test("a bad entry point is invalid input", () => {
    expect(() => scriptEntryPoints("[console_scripts]\n../x = a:b\n", "w")).toThrow(/invalid entry point/);
  });
});

test("paths escaping the install directory", () => {
  for (const p of ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\b", ""]) expect(escapes(p)).toBe(true);
  for (const p of ["a/b.py", "pkg-1.0.data/scripts/x", "a..b/c"]) expect(escapes(p)).toBe(false);
});

test("link modes", () => {
  expect(parseLinkMode(undefined)).toBe("auto");
  expect(parseLinkMode("hardlink")).toBe("hardlink");
  expect(() => parseLinkMode("teleport")).toThrow(/Unknown link mode/);
});

describe("plan", () => {
  const pkg = (name: string, version: string): LockedPackage => ({
    name, version, description: "", optional: false, pythonVersions: "*", groups: ["main"], markers: null, category: null,
    files: [{ file: `${name}-${version}-py3-none-any.whl`, hash: `sha256:${"a".repeat(64)}` }], dependencies: [], extras: {}, source: null, develop: null,
  });
  const wheel = (p: LockedPackage, hash = p.files[0]!.hash) => ({ pkg: p, artifact: { kind: "wheel" as const, file: { ...p.files[0]!, hash }, sha256: null } });
  const dist = (name: string, version: string) => ({ name: name as NormalizedName, version, distInfo: `/s/${name}-${version}.dist-info`, siteDir: "/s", directUrl: null, editable: false });
  test("install, upgrade, downgrade, reinstall, unchanged, remove", () => {
    const installed = new Map([["b", dist("b", "1.0")], ["c", dist("c", "3.0")], ["d", dist("d", "1.0")], ["e", dist("e", "1.0")], ["x", dist("x", "1.0")], ["pip", dist("pip", "24")]] as [NormalizedName, ReturnType<typeof dist>][]);
    const plan = makePlan({
      wanted: [wheel(pkg("a", "1.0")), wheel(pkg("b", "2.0")), wheel(pkg("c", "2.0")), wheel(pkg("d", "1.0"), "sha256:changed"), wheel(pkg("e", "1.0"))],
      installed,
      recorded: { d: { version: "1.0", id: `sha256:${"a".repeat(64)}` } },
      sync: true,
      rootName: null,
    });
    expect(plan.operations.map((o) => `${o.kind}:${"pkg" in o ? o.pkg.name : o.from.name}`)).toEqual(["install:a", "upgrade:b", "downgrade:c", "reinstall:d", "unchanged:e", "remove:x"]);
    expect(summarize(plan)).toEqual({ installs: 2, updates: 2, removals: 1 });
  });
});
