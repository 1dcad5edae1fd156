/** IndexProvider over an in-memory index: versions from file names, yanked, cut-offs, pins, extras, forks. */
import { describe, expect, test } from "bun:test";
import type { PackageFile } from "../../../src/index/index.ts";
import { PackageNotFoundError } from "../../../src/index/index.ts";
import { ForkNeeded, IndexProvider, latestVersion, type PackageIndex } from "../../../src/resolver/index.ts";
import { ANY_MARKER, parseMarker } from "../../../src/standards/markers.ts";
import { parseMetadata } from "../../../src/standards/metadata.ts";
import { parseConstraint } from "../../../src/standards/constraint.ts";
import { Version } from "../../../src/standards/version.ts";

interface Dist {
  file: string;
  deps?: string[];
  yanked?: boolean | string;
  uploaded?: string;
  source?: string;
  requiresPython?: string;
}

function fakeIndex(dists: Dist[]): PackageIndex & { asked: string[] } {
  const asked: string[] = [];
  const files = (name: string, source?: string): PackageFile[] =>
    dists
      .filter((d) => d.file.toLowerCase().startsWith(`${name.replace(/-/g, "_")}-`) && (source === undefined || d.source === source))
      .map((d) => ({
        filename: d.file, url: `http://x/${d.file}`, hashes: { sha256: "00" }, requiresPython: d.requiresPython ?? null, yanked: d.yanked ?? false,
        coreMetadata: true, uploadTime: d.uploaded, source: d.source ?? "main",
      }));
  return {
    asked,
    async getPage(name, source) {
      asked.push(source === undefined ? name : `${name}@${source}`);
      const f = files(name, source);
      if (f.length === 0) throw new PackageNotFoundError(`no ${name}`);
      return { files: f, source: source ?? "main" };
    },
    async getMetadata(file) {
      const d = dists.find((x) => x.file === file.filename)!;
      const [n, v] = d.file.split("-");
      return parseMetadata(`Metadata-Version: 2.1\nName: ${n}\nVersion: ${v}\n${(d.deps ?? []).map((r) => `Requires-Dist: ${r}\n`).join("")}`);
    },
  };
}

const fork = { marker: ANY_MARKER, python: parseConstraint(">=3.8,<4.0"), pythonText: "^3.8" };

describe("IndexProvider", () => {
  test("versions from file names, yanked when every file is", async () => {
    const p = new IndexProvider(fakeIndex([
      { file: "a-1.0-py3-none-any.whl" }, { file: "a-1.0.tar.gz", yanked: true },
      { file: "a-2.0-py3-none-any.whl", yanked: "broken" }, { file: "a-2.0.tar.gz", yanked: "broken" },
    ])).forFork(fork);
    const vs = await p.versions("a");
    expect(vs?.map((c) => [c.version.toString(), c.yanked])).toEqual([["1.0", false], ["2.0", "broken"]]);
    expect(await p.versions("missing")).toBeNull();
  });

  test("--exclude-newer and min-release-age drop later uploads", async () => {
    const dists = [{ file: "a-1.0-py3-none-any.whl", uploaded: "2020-01-01T00:00:00Z" }, { file: "a-2.0-py3-none-any.whl", uploaded: "2024-01-01T00:00:00Z" }];
    const byDate = new IndexProvider(fakeIndex(dists), { excludeNewer: new Date("2021-01-01") }).forFork(fork);
    expect((await byDate.versions("a"))?.map((c) => c.version.toString())).toEqual(["1.0"]);
    const byAge = new IndexProvider(fakeIndex(dists), { minReleaseAgeMs: 30 * 86_400_000, now: Date.parse("2024-01-10T00:00:00Z") }).forFork(fork);
    expect((await byAge.versions("a"))?.map((c) => c.version.toString())).toEqual(["1.0"]);
  });

  test("source pins ask the named source only", async () => {
    const index = fakeIndex([{ file: "a-1.0-py3-none-any.whl", source: "main" }, { file: "a-3.0-py3-none-any.whl", source: "internal" }]);
    const p = new IndexProvider(index, { sourcePins: new Map([["a", "internal"]]) }).forFork(fork);
    expect((await p.versions("a"))?.map((c) => c.version.toString())).toEqual(["3.0"]);
    expect(index.asked).toEqual(["a@internal"]);
  });

  test("extras are feature packages; markers filtered by the fork; disjoint duplicates fork", async () => {
    const index = fakeIndex([
      { file: "a-1.0-py3-none-any.whl", deps: ["b>=1", 'c; extra == "fast"', 'd; python_version < "3"', 'w; sys_platform == "win32"'] },
      { file: "m-1.0-py3-none-any.whl", deps: ['b>=2; python_version >= "3.10"', 'b<2; python_version < "3.10"'] },
    ]);
    const shared = new IndexProvider(index);
    const p = shared.forFork(fork);
    expect((await p.dependencies("a", Version.parse("1.0"))).dependencies.map((d) => d.name)).toEqual(["b", "w"]);
    expect((await p.dependencies("a[fast]", Version.parse("1.0"))).dependencies.map((d) => d.name)).toEqual(["a", "c"]);
    await expect(p.dependencies("m", Version.parse("1.0"))).rejects.toBeInstanceOf(ForkNeeded);
    const narrow = shared.forFork({ ...fork, marker: parseMarker('python_version >= "3.10"'), python: parseConstraint(">=3.10,<4.0") });
    const deps = (await narrow.dependencies("m", Version.parse("1.0"))).dependencies;
    expect(deps.map((d) => `${d.name} ${d.constraint.toString()}`)).toEqual(["b >=2"]);
  });

  test("latestVersion skips yanked and pre-releases", async () => {
    const p = new IndexProvider(fakeIndex([{ file: "a-1.0-py3-none-any.whl" }, { file: "a-2.0-py3-none-any.whl", yanked: true }, { file: "a-3.0b1-py3-none-any.whl" }]));
    expect((await latestVersion(p, "a"))?.toString()).toBe("1.0");
  });
});
