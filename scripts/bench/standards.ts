/**
 * Standards micro-benchmark: PEP 440 version parsing and specifier `contains` checks per second,
 * verse against Python's `packaging` on the same inputs (all version strings and
 * specifier/version pairs of the packaging vectors). Run: bun scripts/bench/standards.ts
 */
import { Version } from "../../src/standards/version.ts";
import { SpecifierSet } from "../../src/standards/specifier.ts";
import { loadVector } from "../../test/helpers/vectors.ts";
import { machine, writeSection } from "./lib.ts";

interface Pair { specifier: string; version: string }
const V = loadVector<{ valid: string[]; ordering: string[]; normalization: { input: string }[] }>("packaging/versions.json");
const S = loadVector<{ specifier_contains: Pair[]; specifierset_contains: Pair[]; sample_versions_for_unsatisfiable: { versions: string[] } }>("packaging/specifiers.json");

const versions = [...new Set([...V.valid, ...V.ordering, ...V.normalization.map((n) => n.input), ...S.sample_versions_for_unsatisfiable.versions])]
  .filter((v) => Version.tryParse(v) !== null);
const pairs = [...S.specifier_contains, ...S.specifierset_contains]
  .filter((p) => Version.tryParse(p.version) !== null)
  .map((p) => [p.specifier, p.version] as const);

const BUDGET_MS = 700;

/** Runs `pass` (one pass = `perPass` operations) repeatedly for the time budget; ops per second. */
function rate(perPass: number, pass: () => void): number {
  for (let i = 0; i < 5; i++) pass(); // warm-up
  let n = 0;
  const start = Bun.nanoseconds();
  let elapsed = 0;
  while (elapsed < BUDGET_MS * 1e6) {
    pass();
    n++;
    elapsed = Bun.nanoseconds() - start;
  }
  return (n * perPass) / (elapsed / 1e9);
}

let sink = 0;
const ours = {
  parseCold: rate(versions.length, () => {
    Version.clearCache();
    for (const v of versions) sink += Version.parse(v).release.length;
  }),
  parseMemo: rate(versions.length, () => {
    for (const v of versions) sink += Version.parse(v).release.length;
  }),
  containsStr: (() => {
    const sets = pairs.map(([s, v]) => [SpecifierSet.parse(s), v] as const);
    return rate(sets.length, () => { for (const [s, v] of sets) if (s.contains(v)) sink++; });
  })(),
  containsObj: (() => {
    const sets = pairs.map(([s, v]) => [SpecifierSet.parse(s), Version.parse(v)] as const);
    return rate(sets.length, () => { for (const [s, v] of sets) if (s.contains(v)) sink++; });
  })(),
};

const PY = `
import json, sys, time
from packaging.version import Version
from packaging.specifiers import SpecifierSet
import packaging
d = json.load(sys.stdin)
versions, pairs, budget = d["versions"], d["pairs"], d["budget"] / 1000
def rate(per_pass, fn):
    for _ in range(3): fn()
    n = 0; start = time.perf_counter()
    while time.perf_counter() - start < budget:
        fn(); n += 1
    return n * per_pass / (time.perf_counter() - start)
def parse():
    for v in versions: Version(v)
sets = [(SpecifierSet(s), v) for s, v in pairs]
objs = [(s, Version(v)) for s, v in sets]
def contains_str():
    for s, v in sets: s.contains(v)
def contains_obj():
    for s, v in objs: s.contains(v)
print(json.dumps({"parse": rate(len(versions), parse), "containsStr": rate(len(sets), contains_str),
  "containsObj": rate(len(objs), contains_obj), "version": packaging.__version__,
  "python": sys.version.split()[0]}))
`;

function runPython(): { parse: number; containsStr: number; containsObj: number; version: string; python: string } | null {
  const r = Bun.spawnSync(["python3", "-c", PY], {
    stdin: new TextEncoder().encode(JSON.stringify({ versions, pairs, budget: BUDGET_MS })),
    stdout: "pipe",
    stderr: "pipe",
  });
  if (r.exitCode !== 0) {
    console.error(`python3 with packaging failed: ${r.stderr.toString().trim()}`);
    return null;
  }
  return JSON.parse(r.stdout.toString());
}

const py = runPython();
const k = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(0)} k/s`);
const rows: [string, number, number | null][] = [
  ["parse version (cold, cache cleared each pass)", ours.parseCold, py?.parse ?? null],
  ["parse version (memoized, repeated inputs)", ours.parseMemo, py?.parse ?? null],
  ["SpecifierSet.contains(version string)", ours.containsStr, py?.containsStr ?? null],
  ["SpecifierSet.contains(Version object)", ours.containsObj, py?.containsObj ?? null],
];
const table = [
  "| operation | verse | packaging | verse ÷ packaging |",
  "|---|---:|---:|---:|",
  ...rows.map(([name, a, b]) => `| ${name} | ${k(a)} | ${b === null ? "n/a" : k(b)} | ${b === null ? "n/a" : `${(a / b).toFixed(1)}×`} |`),
].join("\n");
console.log(table);
if (sink < 0) console.log(sink);

writeSection(
  "Standards micro-benchmark",
  `Operations per second on the same inputs: ${versions.length} version strings and ${pairs.length} ` +
    `specifier/version pairs from the packaging vectors, ${BUDGET_MS} ms per row after warm-up ` +
    `(\`bun scripts/bench/standards.ts\`). packaging ${py?.version ?? "n/a"} on Python ${py?.python ?? "n/a"}, ` +
    `timed inside Python with time.perf_counter. Python parses on every call (it has no cache); the memoized ` +
    `row shows verse's cache on repeated inputs.\nMachine: ${machine()}.\n\n${table}`,
);
