import { describe, expect, test } from "bun:test";
import {
  InvalidInterpreterFacts,
  InvalidTag,
  Tag,
  TooManyTags,
  androidPlatforms,
  compatibleTags,
  compressTags,
  cpythonAbis,
  cpythonTags,
  createTagSelector,
  emscriptenPlatforms,
  genericAbi,
  genericTags,
  interpreterShortName,
  iosPlatforms,
  linuxPlatforms,
  macArch,
  macBinaryFormats,
  macPlatforms,
  normalizePlatformName,
  parseTag,
  purePythonTags,
  sysTags,
  versionNodot,
  type ConfigValue,
  type LinuxFacts,
  type VersionPair,
} from "../../src/standards/tags.ts";
import { loadVector } from "../helpers/vectors.ts";

type Args = { args: unknown[]; expected?: string[]; error?: string; from: string };
interface TagsVector {
  parse_tag: { tag: string; expected?: string[]; error?: string; validate_order?: boolean; limit?: number }[];
  tag_normalization: [string, string, string, string][];
  cpython_tags: Args[];
  generic_tags: Args[];
  pure_python_tags: Args[];
  compatible_tags: Args[];
  mac_arch: { arch: string; is_32bit: boolean; expected: string }[];
  mac_binary_formats: { version: VersionPair; arch: string; expected: string[] }[];
  mac_platforms: { version: VersionPair; arch: string; expected: string[] }[];
  mac_platforms_membership: Record<"x86_64" | "arm64", { in: string[]; not_in: string[]; in_if_major_ge_12: string[] }>;
  ios_platforms: { args: [VersionPair, string]; expected: string[] }[];
  android_platforms: { args: [number, string]; expected: string[] }[];
  linux_platforms: {
    sysconfig_platform: string;
    is_32bit: boolean;
    glibc: VersionPair | null;
    musl: VersionPair | null;
    have_compatible_abi: boolean;
    manylinux_hook: string | null;
    expected: string[];
    from: string;
  }[];
  cpython_abis: {
    python_version: number[];
    config_vars: Record<string, ConfigValue>;
    gettotalrefcount: boolean;
    maxunicode?: number;
    ext_suffixes?: string[];
    expected: string[];
  }[];
  generic_abi: { config: Record<string, ConfigValue>; interpreter_name: string | null; expected?: string[]; error?: string }[];
  version_nodot: [number[], string][];
  interpreter_short_names: [string, string][];
  compatible_tags_selector: {
    cases: { supported: string[]; things: Record<string, string>; things_order: string[]; expected: string[] }[];
  };
  emscripten: { cases: { sysconfig_platform: string; PYEMSCRIPTEN_PLATFORM_VERSION: string | null; platform_tags: string[] }[] };
  platform_name_normalization: { cases: [string, string][] };
}

const v = loadVector<TagsVector>("packaging/tags.json");
const strs = (tags: readonly Tag[]): string[] => tags.map(String);
const sorted = (xs: string[]): string[] => [...xs].sort();

describe("parse_tag", () => {
  test.each(v.parse_tag.map((c) => [c.tag, c] as const))("%s", (_, c) => {
    const run = () => parseTag(c.tag, { validateOrder: c.validate_order, limit: c.limit });
    if (c.expected) {
      expect(sorted(strs(run()))).toEqual(sorted(c.expected));
      return;
    }
    const [kind, message] = (c.error as string).split(/: (.*)/s) as [string, string];
    const err = (() => {
      try {
        run();
      } catch (e) {
        return e;
      }
      throw new Error("expected an error");
    })();
    expect(err).toBeInstanceOf(InvalidTag);
    if (kind === "TooManyTagsError") expect(err).toBeInstanceOf(TooManyTags);
    expect((err as Error).message).toBe(message);
  });

  test("compressTags round-trips and refuses a non-product set", () => {
    expect(compressTags(parseTag("py3.py2-none-any"))).toBe("py2.py3-none-any");
    expect(() => compressTags([new Tag("py2", "none", "any"), new Tag("py3", "abi3", "x")])).toThrow(InvalidTag);
    expect(() => compressTags([])).toThrow(InvalidTag);
  });
});

test.each(v.tag_normalization)("Tag(%p, %p, %p) is %p", (i, a, p, s) => {
  const tag = new Tag(i, a, p);
  expect(tag.toString()).toBe(s);
  expect(tag.equals(new Tag(i.toLowerCase(), a, p))).toBe(true);
});

function checkList(c: Args, run: () => Tag[]): void {
  if (c.error) {
    expect(run).toThrow(InvalidInterpreterFacts);
    expect(run).toThrow(c.error.replace(/^\w+: /, ""));
  } else {
    expect(strs(run())).toEqual(c.expected as string[]);
  }
}

describe("tag lists", () => {
  test.each(v.cpython_tags.map((c, i) => [i, c.from, c] as const))("cpython_tags %i %s", (_, __, c) => {
    const [version, abis, platforms] = c.args as [number[], string[], string[]];
    checkList(c, () => cpythonTags(version, abis, platforms));
  });
  test.each(v.generic_tags.map((c, i) => [i, c.from, c] as const))("generic_tags %i %s", (_, __, c) => {
    const [interp, abis, platforms] = c.args as [string, string[], string[]];
    checkList(c, () => genericTags(interp, abis, platforms));
  });
  test.each(v.pure_python_tags.map((c, i) => [i, c.from, c] as const))("pure_python_tags %i %s", (_, __, c) => {
    checkList(c, () => purePythonTags(c.args[0] as number[]));
  });
  test.each(v.compatible_tags.map((c, i) => [i, c.from, c] as const))("compatible_tags %i %s", (_, __, c) => {
    const [version, interp, platforms] = c.args as [number[], string | null, string[]];
    checkList(c, () => compatibleTags(version, interp, platforms));
  });
});

describe("macOS", () => {
  test.each(v.mac_arch)("mac_arch %o", (c) => expect(macArch(c.arch, c.is_32bit)).toBe(c.expected));
  test.each(v.mac_binary_formats)("binary formats %o", (c) => {
    expect(macBinaryFormats(c.version, c.arch)).toEqual(c.expected);
  });
  test.each(v.mac_platforms.map((c) => [c.version.join("."), c.arch, c] as const))("mac_platforms %s %s", (_, __, c) => {
    expect(macPlatforms(c.version, c.arch)).toEqual(c.expected);
  });
  test.each([
    [11, 0],
    [11, 3],
    [12, 0],
    [12, 3],
  ] as VersionPair[])("membership on %p.%p", (major, minor) => {
    for (const arch of ["x86_64", "arm64"] as const) {
      const list = macPlatforms([major, minor], arch);
      const m = v.mac_platforms_membership[arch];
      for (const p of m.in) expect(list).toContain(p);
      for (const p of m.not_in) expect(list).not.toContain(p);
      for (const p of m.in_if_major_ge_12) {
        if (major >= 12) expect(list).toContain(p);
        else expect(list).not.toContain(p);
      }
    }
  });
});

test.each(v.ios_platforms)("ios_platforms %o", (c) => expect(iosPlatforms(...c.args)).toEqual(c.expected));
test.each(v.android_platforms)("android_platforms %o", (c) => expect(androidPlatforms(...c.args)).toEqual(c.expected));

/** The upstream tests' monkeypatched `_manylinux` modules, as hook functions. */
const HOOKS: Record<string, LinuxFacts["manylinuxCompatible"]> = {
  "manylinux_compatible(major, minor, arch) returns True only for (2,5)": (ma, mi) => ma === 2 && mi === 5,
  "manylinux_compatible always False": () => false,
  "module attribute manylinux2014_compatible=False": (ma, mi) => (ma === 2 && mi === 17 ? false : null),
  "manylinux_compatible True only for (2,22,'s390x')": (ma, mi, arch) => ma === 2 && mi === 22 && arch === "s390x",
  "manylinux_compatible False for 2.x<25 else None (None = fall back to True)": (ma, mi) =>
    ma === 2 && mi < 25 ? false : null,
  "only glibc 2.17 compatible": (ma, mi) => ma === 2 && mi === 17,
};

test.each(v.linux_platforms.map((c, i) => [i, c.from, c] as const))("linux_platforms %i %s", (_, __, c) => {
  const hook = c.manylinux_hook === null ? undefined : HOOKS[c.manylinux_hook];
  if (c.manylinux_hook !== null) expect(hook).toBeDefined();
  const facts: LinuxFacts = {
    sysconfigPlatform: c.sysconfig_platform,
    is32bit: c.is_32bit,
    glibc: c.glibc,
    musl: c.musl,
    haveCompatibleAbi: c.have_compatible_abi,
    manylinuxCompatible: hook,
  };
  expect(linuxPlatforms(facts)).toEqual(c.expected);
});

describe("ABIs and interpreter names", () => {
  test.each(v.cpython_abis.map((c, i) => [i, c] as const))("cpython_abis %i", (_, c) => {
    const abis = cpythonAbis(c.python_version, {
      config: c.config_vars,
      hasGettotalrefcount: c.gettotalrefcount,
      extensionSuffixes: c.ext_suffixes,
      maxunicode: c.maxunicode,
    });
    expect(abis).toEqual(c.expected);
  });
  test.each(v.generic_abi.map((c, i) => [i, JSON.stringify(c.config.EXT_SUFFIX), c] as const))(
    "generic_abi %i %s",
    (_, __, c) => {
      const suffix = c.config.EXT_SUFFIX;
      const run = () => genericAbi(typeof suffix === "string" ? suffix : null);
      if (c.error) expect(run).toThrow(InvalidInterpreterFacts);
      else expect(run()).toEqual(c.expected as string[]);
    },
  );
  test("a two-part EXT_SUFFIX (.pyd) falls back to the CPython ABIs", () => {
    expect(genericAbi(".pyd", () => ["cp37m"])).toEqual(["cp37m"]);
  });
  test.each(v.version_nodot)("version_nodot %p", (version, expected) => expect(versionNodot(version)).toBe(expected));
  test.each(v.interpreter_short_names)("short name %p", (name, short) => expect(interpreterShortName(name)).toBe(short));
  test("unknown implementation names pass through", () => expect(interpreterShortName("graalpy")).toBe("graalpy"));
});

test.each(v.compatible_tags_selector.cases.map((c, i) => [i, c] as const))("compatible tags selector %i", (_, c) => {
  const select = createTagSelector(c.supported.flatMap((s) => parseTag(s)));
  const things = c.things_order.map((name) => [name, parseTag(c.things[name] as string)] as const);
  expect(select(things)).toEqual(c.expected);
});

test.each(v.emscripten.cases)("emscripten %o", (c) => {
  expect(emscriptenPlatforms(c.sysconfig_platform, c.PYEMSCRIPTEN_PLATFORM_VERSION)).toEqual(c.platform_tags);
});

test.each(v.platform_name_normalization.cases)("platform name %p", (raw, tag) => {
  expect(normalizePlatformName(raw)).toBe(tag);
});

describe("sysTags", () => {
  const linux = {
    system: "linux",
    sysconfigPlatform: "linux-x86_64",
    is32bit: false,
    glibc: [2, 17],
    musl: null,
  } as const;

  test("CPython on Linux: own ABI, abi3, none, older abi3, then compatible tags", () => {
    const tags = strs(
      sysTags({ implementationName: "cpython", pythonVersion: [3, 11], config: { Py_DEBUG: 0 }, platform: linux }),
    );
    const platforms = linuxPlatforms(linux);
    const expected = [
      ...strs(cpythonTags([3, 11], ["cp311"], platforms)),
      ...strs(compatibleTags([3, 11], "cp311", platforms)),
    ];
    expect(tags).toEqual(expected);
    expect(tags[0]).toBe("cp311-cp311-linux_x86_64");
    expect(tags).toContain("cp311-abi3-manylinux2014_x86_64");
    expect(tags.at(-1)).toBe("py30-none-any");
  });

  test("PyPy uses its EXT_SUFFIX ABI and pp3-none-any", () => {
    const tags = strs(
      sysTags({
        implementationName: "pypy",
        pythonVersion: [3, 9],
        config: { EXT_SUFFIX: ".pypy39-pp73-x86_64-linux-gnu.so" },
        platform: { system: "windows", sysconfigPlatform: "win-amd64" },
      }),
    );
    expect(tags.slice(0, 2)).toEqual(["pp39-pypy39_pp73-win_amd64", "pp39-none-win_amd64"]);
    expect(tags).toContain("pp3-none-any");
    expect(tags).not.toContain("pp39-none-any");
  });

  test("macOS arm64 CPython 3.13 free-threaded", () => {
    const tags = strs(
      sysTags({
        implementationName: "cpython",
        pythonVersion: [3, 13],
        config: { Py_GIL_DISABLED: 1 },
        platform: { system: "macos", version: [14, 2], machine: "arm64", is32bit: false },
      }),
    );
    expect(tags[0]).toBe("cp313-cp313t-macosx_14_0_arm64");
    expect(tags).toContain("cp312-abi3t-macosx_11_0_arm64");
    expect(tags).not.toContain("cp312-abi3-macosx_11_0_arm64");
  });

  test("py_version_nodot overrides the interpreter digits", () => {
    const tags = strs(
      sysTags({
        implementationName: "cpython",
        pythonVersion: [3, 10],
        pyVersionNodot: "310",
        abis: ["cp310"],
        config: {},
        platform: { system: "other", sysconfigPlatform: "freebsd-13.2-RELEASE-amd64" },
      }),
    );
    expect(tags[0]).toBe("cp310-cp310-freebsd_13_2_release_amd64");
    expect(tags).toContain("cp310-none-any");
  });

  test("an empty python version is rejected with a typed error", () => {
    expect(() => purePythonTags([])).toThrow(InvalidInterpreterFacts);
  });
});
