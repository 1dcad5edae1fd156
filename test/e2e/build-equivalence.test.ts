/**
 * Equivalence with poetry-core: every fixture of test/fixtures/build is built by verse and by
 * Debian's poetry-core 1.4 (the only poetry-core on this machine, through its Python API), and
 * the wheels' METADATA, entry_points.txt and file lists must match, after the differences that
 * come from poetry-core 1.4 being older than the 2.x that verse follows. Those differences are
 * listed below, each with its reason; nothing else may differ.
 *
 * [project] fixtures carry `poetry14.toml`, the same project in [tool.poetry] form, because
 * poetry-core 1.4 predates PEP 621 support.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { VERSE_BIN, binaryBuilt, cleanEnv, runBinary } from "../helpers/binary.ts";

const FIXTURES = resolve(import.meta.dir, "../fixtures/build");
const DEBIAN_PYTHON = "/usr/bin/python3";

/** Builds a wheel and an sdist with poetry-core 1.4's builders (its own API, no build frontend). */
const ORACLE = `
import sys
from pathlib import Path
from poetry.core.factory import Factory
from poetry.core.masonry.builders.wheel import WheelBuilder
from poetry.core.masonry.builders.sdist import SdistBuilder
src, out = Path(sys.argv[1]), Path(sys.argv[2])
poetry = Factory().create_poetry(src)
WheelBuilder.make_in(poetry, out)
SdistBuilder(poetry).build(out)
`;

function poetryCoreAvailable(): boolean {
  const r = Bun.spawnSync([DEBIAN_PYTHON, "-c", "import poetry.core"], { stdout: "ignore", stderr: "ignore" });
  return r.exitCode === 0;
}

/** One documented difference: how poetry-core 1.4's METADATA / file list turns into 2.x's. */
interface Difference {
  readonly why: string;
  readonly metadata?: (text: string) => string;
  readonly files?: (names: string[]) => string[];
}

const insertAfter = (text: string, anchor: RegExp, lines: string[]): string => {
  const all = text.split("\n");
  let at = -1;
  all.forEach((l, i) => {
    if (anchor.test(l)) at = i;
  });
  if (at < 0) throw new Error(`anchor ${anchor} not found`);
  all.splice(at + 1, 0, ...lines);
  return all.join("\n");
};

const D = {
  metadataVersion: {
    why: "poetry-core 2.x writes Metadata-Version 2.4 (PEP 639 License-Expression/License-File); 1.4 wrote 2.1",
    metadata: (t: string) => t.replace(/^Metadata-Version: 2\.1$/m, "Metadata-Version: 2.4"),
  },
  homePage: (url: string): Difference => ({
    why: "poetry-core 2.x no longer writes the deprecated Home-page field; the homepage is a Project-URL",
    metadata: (t) => {
      const out = t.replace(`Home-page: ${url}\n`, "");
      const urls = [...out.matchAll(/^Project-URL: .*$/gm)].map((m) => m[0]);
      urls.push(`Project-URL: Homepage, ${url}`);
      urls.sort((a, b) => (a[13]! < b[13]! ? -1 : a[13]! > b[13]! ? 1 : 0)); // sorted by the label's first letter
      return out.replace(/(^Project-URL: .*\n)+/m, `${urls.join("\n")}\n`);
    },
  }),
  licenseFile: (after: RegExp, files: string[]): Difference => ({
    why: "PEP 639: poetry-core 2.x lists license files as License-File and stores them under .dist-info/licenses/; 1.4 put them at the .dist-info root",
    metadata: (t) => insertAfter(t, after, files.map((f) => `License-File: ${f}`)),
    files: (names) => names.map((n) => n.replace(/\.dist-info\/(LICEN[CS]E[^/]*|COPYING[^/]*)$/, ".dist-info/licenses/$1")),
  }),
  newPythons: (versions: string[]): Difference => ({
    why: "poetry-core 1.4 knows classifiers up to Python 3.11; 2.x adds 3.12, 3.13 and 3.14",
    metadata: (t) => insertAfter(t, /^Classifier: Programming Language :: Python :: 3\.11$/, versions.map((v) => `Classifier: Programming Language :: Python :: ${v}`)),
  }),
  wildcard: (from: string, to: string): Difference => ({
    why: "poetry-core >= 1.5 keeps a wildcard constraint as '==X.Y.*' in Requires-Dist; 1.4 expanded it to a range",
    metadata: (t) => t.replace(from, to),
  }),
  includeSdistOnly: (file: string): Difference => ({
    why: "Poetry 2: an `include` entry without `format` goes into the sdist only; 1.4 also put it into the wheel",
    files: (names) => names.filter((n) => n !== file),
  }),
  pep621License: (id: string): Difference => ({
    why: "[project] license = \"<SPDX>\" is a PEP 639 License-Expression in poetry-core 2.x, without a license classifier; the 1.4 translation can only say License",
    metadata: (t) => t.replace(`License: ${id}\n`, `License-Expression: ${id}\n`).replace(/^Classifier: License :: .*\n/m, ""),
  }),
} as const;

interface Case {
  readonly fixture: string;
  readonly differences: readonly Difference[];
  /** Make the copy a git work tree with gitignore.template as its .gitignore (both builders ask git). */
  readonly git?: boolean;
}

function makeGitTree(dir: string): void {
  cpSync(join(dir, "gitignore.template"), join(dir, ".gitignore"));
  const r = Bun.spawnSync(["git", "init", "-q", dir], { stdout: "ignore", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`git init failed: ${r.stderr.toString()}`);
}

const PY_NEW = ["3.12", "3.13", "3.14"];
const CASES: readonly Case[] = [
  {
    fixture: "poetry-flat",
    differences: [D.metadataVersion, D.homePage("https://example.com/flatpkg"), D.licenseFile(/^License: MIT$/, ["LICENSE"])],
  },
  { fixture: "poetry-src", differences: [D.metadataVersion, D.newPythons(PY_NEW)] },
  { fixture: "poetry-extras", differences: [D.metadataVersion, D.newPythons(PY_NEW)] },
  { fixture: "poetry-namespace", differences: [D.metadataVersion, D.newPythons(PY_NEW)] },
  { fixture: "poetry-includes", differences: [D.metadataVersion, D.newPythons(PY_NEW), D.includeSdistOnly("CHANGELOG.md")] },
  {
    fixture: "poetry-module",
    differences: [D.metadataVersion, D.newPythons(PY_NEW), D.licenseFile(/^License: Apache-2\.0$/, ["LICENSE"])],
  },
  { fixture: "poetry-multi", differences: [D.metadataVersion, D.wildcard("numpy (>=1.26.0,<1.27.0)", "numpy (==1.26.*)")] },
  { fixture: "poetry-plugins", differences: [D.metadataVersion, D.newPythons(PY_NEW)], git: true },
  {
    fixture: "pep621-basic",
    differences: [
      D.metadataVersion,
      D.pep621License("MIT"),
      D.licenseFile(/^License-Expression: MIT$/, ["LICENSE"]),
      {
        why: "[project] classifiers are static unless listed in `dynamic`: poetry-core 2.x adds no Python classifiers; the 1.4 translation gets 3, 3.9-3.11 added next to the declared ones",
        metadata: (t) =>
          t
            .replace(/^Classifier: Programming Language :: Python :: 3(\.\d+)?\n/gm, "")
            .replace("Classifier: Development Status :: 4 - Beta\n", "Classifier: Development Status :: 4 - Beta\nClassifier: Programming Language :: Python :: 3\n"),
      },
    ],
  },
  {
    fixture: "pep621-src",
    differences: [
      D.metadataVersion,
      {
        why: "[project] classifiers are static unless listed in `dynamic`: poetry-core 2.x adds none; the 1.4 translation gets Python classifiers",
        metadata: (t) => t.replace(/^Classifier: Programming Language :: Python :: 3(\.\d+)?\n/gm, ""),
      },
    ],
  },
];

let work: string;
let env: Record<string, string>;
const skip = !binaryBuilt() || !poetryCoreAvailable();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "verse-build-eq-"));
  env = cleanEnv(join(work, "home"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

function readWheel(dir: string): { names: string[]; files: Record<string, Uint8Array> } {
  const whl = readdirSync(dir).find((f) => f.endsWith(".whl"));
  if (whl === undefined) throw new Error(`no wheel in ${dir}`);
  const files = unzipSync(readFileSync(join(dir, whl)));
  return { names: Object.keys(files), files };
}

const text = (files: Record<string, Uint8Array>, suffix: string): string | null => {
  const name = Object.keys(files).find((n) => n.endsWith(suffix));
  return name === undefined ? null : new TextDecoder().decode(files[name]);
};

/** The wheel members, RECORD and WHEEL aside (they carry hashes and the generator's name). */
const members = (names: string[]): string[] => names.filter((n) => !/\.dist-info\/(RECORD|WHEEL)$/.test(n));

describe.skipIf(skip)("wheels match poetry-core's", () => {
  test("there are at least ten fixtures, every one compared", () => {
    const all = readdirSync(FIXTURES).filter((f) => existsSync(join(FIXTURES, f, "pyproject.toml")) && f !== "setuptools-backend");
    expect(CASES.length).toBeGreaterThanOrEqual(10);
    expect(CASES.map((c) => c.fixture).sort()).toEqual(all.sort());
  });

  for (const c of CASES) {
    test(c.fixture, () => {
      const src = join(work, c.fixture, "verse");
      const src14 = join(work, c.fixture, "poetry");
      cpSync(join(FIXTURES, c.fixture), src, { recursive: true });
      cpSync(join(FIXTURES, c.fixture), src14, { recursive: true });
      if (c.git) {
        makeGitTree(src);
        makeGitTree(src14);
      }
      if (existsSync(join(src14, "poetry14.toml"))) cpSync(join(src14, "poetry14.toml"), join(src14, "pyproject.toml"));
      const built = runBinary(VERSE_BIN, ["build", "-f", "wheel", "-o", join(work, c.fixture, "out-verse")], { cwd: src, env });
      expect(built.stderr).toBe("");
      expect(built.exitCode).toBe(0);
      const oracle = Bun.spawnSync([DEBIAN_PYTHON, "-I", "-c", ORACLE, src14, join(work, c.fixture, "out-poetry")], { stdout: "pipe", stderr: "pipe" });
      if (oracle.exitCode !== 0) throw new Error(`poetry-core failed: ${oracle.stderr.toString()}`);

      const ours = readWheel(join(work, c.fixture, "out-verse"));
      const theirs = readWheel(join(work, c.fixture, "out-poetry"));
      let expectedMeta = text(theirs.files, ".dist-info/METADATA") as string;
      let expectedNames = members(theirs.names);
      for (const d of c.differences) {
        expect(d.why.length).toBeGreaterThan(0);
        if (d.metadata) expectedMeta = d.metadata(expectedMeta);
        if (d.files) expectedNames = d.files(expectedNames);
      }
      expect(text(ours.files, ".dist-info/METADATA")).toBe(expectedMeta);
      expect(text(ours.files, ".dist-info/entry_points.txt")).toBe(text(theirs.files, ".dist-info/entry_points.txt"));
      // poetry-core adds the dist-info files in sorted order, as verse does
      const distInfo = expectedNames.filter((n) => n.includes(".dist-info/")).sort();
      expect(members(ours.names)).toEqual([...expectedNames.filter((n) => !n.includes(".dist-info/")), ...distInfo]);
      if (c.git) expect(ours.names.some((n) => n.endsWith("generated.txt"))).toBe(false);
    }, 120_000);
  }
});
