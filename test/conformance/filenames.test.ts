import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  InvalidSdistFilename,
  InvalidWheelFilename,
  compareBuildTags,
  parseSdistFilename,
  parseWheelFilename,
  sdistFilename,
  wheelFilename,
} from "../../src/standards/filename.ts";
import { InvalidName } from "../../src/standards/names.ts";
import { InvalidTag, Tag, parseTag } from "../../src/standards/tags.ts";
import { InvalidVersion, Version } from "../../src/standards/version.ts";
import { VECTORS_DIR, loadVector } from "../helpers/vectors.ts";

interface Utils {
  wheel_filename_valid: { filename: string; name: string; version: string; build: [] | [number, string]; tags: string[] }[];
  wheel_filename_invalid: string[];
  wheel_filename_unsorted_tags: string[];
  sdist_filename_valid: { filename: string; name: string; version: string }[];
  sdist_filename_invalid: string[];
}
const u = loadVector<Utils>("packaging/utils.json");

describe("wheel file names (packaging/utils.json)", () => {
  test.each(u.wheel_filename_valid.map((c) => [c.filename, c] as const))("valid %s", (_, c) => {
    const w = parseWheelFilename(c.filename);
    expect(w.name as string).toBe(c.name);
    expect(w.version.equals(Version.parse(c.version))).toBe(true);
    expect(w.build).toEqual(c.build.length === 0 ? null : c.build);
    expect(w.tags.map(String).sort()).toEqual(c.tags);
  });
  test.each(u.wheel_filename_invalid)("invalid %p", (filename) => {
    expect(() => parseWheelFilename(filename)).toThrow(InvalidWheelFilename);
  });
  test.each(u.wheel_filename_unsorted_tags)("unsorted tags %p", (filename) => {
    expect(parseWheelFilename(filename).tags.length).toBeGreaterThan(1);
    expect(() => parseWheelFilename(filename, { validateOrder: true })).toThrow(InvalidWheelFilename);
  });
});

describe("sdist file names (packaging/utils.json)", () => {
  test.each(u.sdist_filename_valid.map((c) => [c.filename, c] as const))("valid %s", (_, c) => {
    const s = parseSdistFilename(c.filename);
    expect(s.name as string).toBe(c.name);
    expect(s.version.equals(Version.parse(c.version))).toBe(true);
  });
  test.each(u.sdist_filename_invalid)("invalid %p", (filename) => {
    expect(() => parseSdistFilename(filename)).toThrow(InvalidSdistFilename);
  });
});

interface WheelsJson {
  files: { file: string; dist_info?: string; WHEEL?: string }[];
}
const wheels = loadVector<WheelsJson>("wheels/wheels.json");

describe("real distributions (wheels/wheels.json)", () => {
  const whl = wheels.files.filter((f) => f.file.endsWith(".whl"));
  test.each(whl.map((f) => [f.file, f] as const))("wheel %s", (_, f) => {
    const w = parseWheelFilename(f.file);
    // The .dist-info directory is named from the escaped name and the version.
    expect(f.dist_info).toBe(`${w.name.replace(/-/g, "_")}-${w.version}.dist-info`);
    // Rebuilding the name from its parts gives the file name back.
    expect(wheelFilename(w.name, w.version, w.tags, w.build)).toBe(f.file);
    // The WHEEL file's Tag lines (old Poetry wrote them compressed) are among the file's tags.
    const declared = (f.WHEEL ?? "").split(/\r?\n/).filter((l) => l.startsWith("Tag: "));
    expect(declared.length).toBeGreaterThan(0);
    for (const line of declared) {
      for (const t of parseTag(line.slice(5))) expect(w.tags.map(String)).toContain(t.toString());
    }
  });
  const sdists = wheels.files.filter((f) => f.file.endsWith(".tar.gz"));
  test.each(sdists.map((f) => f.file))("sdist %s", (file) => {
    const s = parseSdistFilename(file);
    expect(sdistFilename(s.name, s.version)).toBe(file);
  });
  test("demo-0.1.0-in-subdir.zip is not a valid sdist name (its 'version' would be 'subdir')", () => {
    expect(() => parseSdistFilename("demo-0.1.0-in-subdir.zip")).toThrow(InvalidSdistFilename);
  });
});

describe("egg names (wheels/eggnames.txt)", () => {
  // Eggs are neither wheels nor sdists: every one of them must be refused with a typed error,
  // and their name-version stems parse as sdist stems whenever the version is PEP 440.
  const eggs = readFileSync(join(VECTORS_DIR, "wheels/eggnames.txt"), "utf8").split("\n").filter((l) => l.trim());
  test.each(eggs)("%s", (egg) => {
    expect(() => parseWheelFilename(egg)).toThrow(InvalidWheelFilename);
    expect(() => parseSdistFilename(egg)).toThrow(InvalidSdistFilename);
    const m = /^(.+?)-([^-]+)-py\d\.\d+(-.+)?\.egg$/.exec(egg);
    expect(m).not.toBeNull();
    const [, name, version] = m as RegExpExecArray as unknown as [string, string, string];
    const ok = Version.tryParse(version) !== null;
    if (ok) expect(parseSdistFilename(`${name}-${version}.tar.gz`).version.toString()).toBe(Version.parse(version).toString());
    else expect(() => parseSdistFilename(`${name}-${version}.tar.gz`)).toThrow(InvalidSdistFilename);
  });
});

describe("building file names", () => {
  test("wheel names are escaped and normalized", () => {
    expect(wheelFilename("Foo.Bar-baz", "1.0.0-rc1", "py3-none-any")).toBe("foo_bar_baz-1.0.0rc1-py3-none-any.whl");
    expect(wheelFilename("a", Version.parse("2!1.0+local-1"), "py3.py2-none-any", [3, "x"])).toBe(
      "a-2!1.0+local.1-3x-py2.py3-none-any.whl",
    );
    expect(wheelFilename("a", "1", [new Tag("cp312", "abi3", "win_amd64")])).toBe("a-1-cp312-abi3-win_amd64.whl");
  });
  test("sdist names follow PEP 625", () => {
    expect(sdistFilename("Zope.Interface", "4.0.01")).toBe("zope_interface-4.0.1.tar.gz");
  });
  test("bad parts give typed errors", () => {
    expect(() => wheelFilename("-bad", "1", "py3-none-any")).toThrow(InvalidName);
    expect(() => wheelFilename("a", "x.y", "py3-none-any")).toThrow(InvalidVersion);
    expect(() => wheelFilename("a", "1", "py3-none")).toThrow(InvalidTag);
    expect(() => wheelFilename("a", "1", "py3-none-any", [-1, ""])).toThrow(InvalidWheelFilename);
    expect(() => sdistFilename("a b", "1")).toThrow(InvalidName);
  });
  test("round trip through the parser", () => {
    const name = wheelFilename("My_Pkg", "1.2", parseTag("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"));
    expect(name).toBe("my_pkg-1.2-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl");
    expect(parseWheelFilename(name, { validateOrder: true }).name as string).toBe("my-pkg");
  });
  test("build tags order numerically, then by suffix; none first", () => {
    expect(compareBuildTags(null, [0, ""])).toBeLessThan(0);
    expect(compareBuildTags([2, ""], [10, ""])).toBeLessThan(0);
    expect(compareBuildTags([2, "b"], [2, "a"])).toBeGreaterThan(0);
    expect(compareBuildTags(null, null)).toBe(0);
  });
});
