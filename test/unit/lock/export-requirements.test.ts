import { describe, expect, test } from "bun:test";
import { parsePyproject } from "../../../src/project/index.ts";
import { exportedPackages, parseLock, pythonMarkerOf, renderRequirements, type ExportSelection } from "../../../src/lock/index.ts";
import { activeExtras, activeGroups, DEFAULT_SELECTION } from "../../../src/installer/index.ts";
import { DIRECT_LOCK, H, LOCK, PYPROJECT } from "./export-fixture.ts";

const project = parsePyproject(PYPROJECT, "/work/demo/pyproject.toml", "/work/demo");
const lock = parseLock(LOCK);

function selection(over: Partial<typeof DEFAULT_SELECTION> = {}): ExportSelection {
  const sel = { ...DEFAULT_SELECTION, ...over };
  return { groups: activeGroups(project, sel), extras: activeExtras(project, lock, sel) };
}

const PY = 'python_version >= "3.9" and python_version < "4.0"';

describe("python marker", () => {
  test("Poetry's nested marker of the project's python constraint", () => {
    expect(pythonMarkerOf("^3.9").toString()).toBe(PY);
    expect(pythonMarkerOf(">=3.8.1,<4.0").toString()).toBe('python_full_version >= "3.8.1" and python_version < "4.0"');
    expect(pythonMarkerOf("*").isAny()).toBe(true);
    expect(pythonMarkerOf(">=3.7").toString()).toBe('python_version >= "3.7"');
  });
});

describe("selection", () => {
  test("default groups, optional package left out without its extra", () => {
    const names = exportedPackages(lock, project, selection()).map((e) => e.pkg.name);
    expect(names).toEqual(["alpha", "delta", "gamma", "local"]);
  });
  test("-E fast turns beta on; --only main; --with docs; --without dev", () => {
    expect(exportedPackages(lock, project, selection({ extras: ["fast"] })).map((e) => e.pkg.name)).toContain("beta");
    expect(exportedPackages(lock, project, selection({ only: ["main"] })).map((e) => e.pkg.name)).toEqual(["alpha", "gamma", "local"]);
    expect(exportedPackages(lock, project, selection({ with: ["docs"] })).map((e) => e.pkg.name)).toContain("epsilon");
    expect(exportedPackages(lock, project, selection({ without: ["dev"] })).map((e) => e.pkg.name)).toEqual(["alpha", "gamma", "local"]);
  });
  test("markers of the active groups are united", () => {
    const g = exportedPackages(lock, project, selection()).find((e) => e.pkg.name === "gamma");
    expect(g?.marker.toString()).toBe('sys_platform == "win32" or python_version < "3.11"');
    const only = exportedPackages(lock, project, selection({ only: ["main"] })).find((e) => e.pkg.name === "gamma");
    expect(only?.marker.toString()).toBe('sys_platform == "win32"');
  });
  test("an unknown group or extra is a usage error", () => {
    expect(() => selection({ with: ["nope"] })).toThrow(/Group\(s\) not found: nope/);
    expect(() => selection({ extras: ["nope"] })).toThrow(/Extra \[nope\] is not specified/);
  });
});

describe("requirements.txt", () => {
  test("lines, markers, hashes, index header, as poetry-plugin-export writes them", () => {
    const { text, warnings } = renderRequirements(lock, project, selection({ extras: ["fast"] }), { format: "requirements.txt", withHashes: true, withUrls: true });
    expect(warnings).toEqual([]);
    expect(text).toBe(
      [
        "--trusted-host 127.0.0.1:9999",
        "--extra-index-url http://127.0.0.1:9999/simple",
        "",
        `-e file:///work/local ; ${PY}`,
        `alpha==1.2.0 ; ${PY} \\`,
        `    --hash=sha256:${H("a")} \\`,
        `    --hash=sha256:${H("b")}`,
        `beta==2.0.1 ; ${PY} \\`,
        `    --hash=sha256:${H("c")}`,
        `delta==4.0.0 ; ${PY} \\`,
        `    --hash=sha512:${"e".repeat(128)}`,
        `gamma==3.1 ; ${PY} and (sys_platform == "win32" or python_version < "3.11") \\`,
        `    --hash=sha256:${H("f")}`,
        "",
      ].join("\n"),
    );
  });
  test("--without-hashes and --without-urls", () => {
    const { text } = renderRequirements(lock, project, selection({ only: ["dev"] }), { format: "requirements.txt", withHashes: false, withUrls: false });
    expect(text).toBe(`delta==4.0.0 ; ${PY}\ngamma==3.1 ; python_version >= "3.9" and python_version < "3.11"\n`);
  });
  test("--with-credentials puts http-basic credentials into the index URL", () => {
    const { text } = renderRequirements(lock, project, selection({ only: ["dev"] }), {
      format: "requirements.txt",
      withHashes: false,
      withUrls: true,
      credentials: (name) => (name === "internal" ? { username: "me", password: "p@ss" } : null),
    });
    expect(text.split("\n").slice(0, 2)).toEqual(["--trusted-host me:p%40ss@127.0.0.1:9999", "--extra-index-url http://me:p%40ss@127.0.0.1:9999/simple"]);
  });
  test("constraints.txt leaves editable packages out with a warning", () => {
    const { text, warnings } = renderRequirements(lock, project, selection({ only: ["main"] }), { format: "constraints.txt", withHashes: false, withUrls: true });
    expect(warnings).toEqual(["local is locked in develop (editable) mode, which is incompatible with the constraints.txt format."]);
    expect(text).toBe(`alpha==1.2.0 ; ${PY}\ngamma==3.1 ; ${PY} and sys_platform == "win32"\n`);
  });
  test("a primary source without PyPI is --index-url", () => {
    const p = parsePyproject(PYPROJECT.replace('priority = "supplemental"', 'priority = "primary"'), "/work/demo/pyproject.toml", "/work/demo");
    const sel = { groups: new Set(["dev"]), extras: [] };
    const { text } = renderRequirements(lock, p, sel, { format: "requirements.txt", withHashes: false, withUrls: true });
    expect(text.startsWith("--trusted-host 127.0.0.1:9999\n--index-url http://127.0.0.1:9999/simple\n\n")).toBe(true);
  });
  test("an empty selection is one empty line", () => {
    expect(renderRequirements(lock, project, { groups: new Set(["docs"]), extras: [] }, { format: "requirements.txt", withHashes: false, withUrls: true }).text).toBe(
      `epsilon==5.0.0 ; ${PY}\n`,
    );
    expect(renderRequirements(lock, project, { groups: new Set(), extras: [] }, { format: "requirements.txt", withHashes: false, withUrls: true }).text).toBe("\n");
  });
});

describe("older locks (no groups): the walk", () => {
  const old = parseLock(
    LOCK.replace(/^groups = .*\n/gm, "")
      .replace(/^markers = .*\n/gm, "")
      .replace('lock-version = "2.1"', 'lock-version = "2.0"'),
  );
  test("follows dependencies with their markers", () => {
    const got = exportedPackages(old, project, selection({ only: ["main"] })).map((e) => [e.pkg.name, e.marker.toString()]);
    expect(got).toEqual([
      ["alpha", ""],
      ["gamma", 'sys_platform == "win32"'],
      ["local", ""],
    ]);
  });
});

describe("direct references", () => {
  const direct = parseLock(DIRECT_LOCK);
  test("git at the locked commit, URLs, local files as file:// URLs", () => {
    const { text } = renderRequirements(direct, project, selection({ only: ["main"] }), { format: "requirements.txt", withHashes: true, withUrls: true });
    const lines = text.split("\n");
    expect(lines).toContain(`Gitpkg @ git+https://example.com/gitpkg.git@abc123#subdirectory=sub ; ${PY}`);
    expect(lines).toContain(`Urlpkg @ https://example.com/urlpkg-1.0.tar.gz ; ${PY} \\`);
    expect(lines).toContain(`filepkg @ file:///work/demo/dist/filepkg%201.0-py3-none-any.whl ; ${PY} and os_name == "posix" \\`);
  });
});

describe("markers no supported Python needs", () => {
  test("a package only for Pythons outside the project's is left out", () => {
    const narrow = parseLock(LOCK.replace('markers = {main = "sys_platform == \\"win32\\"", dev = "python_version < \\"3.11\\""}', 'markers = {dev = "python_version < \\"3.8\\""}'));
    const { text } = renderRequirements(narrow, project, selection({ only: ["dev"] }), { format: "requirements.txt", withHashes: false, withUrls: false });
    expect(text).toBe(`delta==4.0.0 ; ${PY}\n`);
  });
});
