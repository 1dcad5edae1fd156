/**
 * The PubGrub solver on the PyPI snapshots, all metadata in memory (no index, no cache): the
 * cost of resolving itself. Each row is the median of 5 solves (after one warm-up), each with a
 * fresh provider so no parsed requirement is reused between runs. Writes the "Resolver
 * (in-memory)" section of RESULTS.md.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { SNAPSHOT_ENVIRONMENT, SnapshotProvider, requirementToDependencies, type Snapshot } from "../../src/resolver/snapshot-provider.ts";
import { InMemoryProvider, SolveFailure, solve } from "../../src/resolver/index.ts";
import { parseConstraint } from "../../src/standards/constraint.ts";
import { parseRequirement } from "../../src/standards/requirement.ts";
import { Version } from "../../src/standards/version.ts";
import { fmt, machine, summarize, writeSection } from "./lib.ts";

const SNAPSHOTS = resolve(import.meta.dir, "../../../shared/vectors/pypi-snapshots");

const ROWS = [
  { label: "chalice", case: "chalice.json" },
  { label: "pandas + pandas[test]", case: "with-without-extras.json" },
  { label: "dask[diagnostics] + dask[delayed] (unsatisfiable: explained)", case: "different-extras.json" },
  { label: "six<1.12 + virtualenv (backtracks)", case: "conflict-with-dependency.json" },
];

interface Case {
  index: string;
  requested: string[];
}

async function once(snapshot: Snapshot, requested: readonly string[]) {
  const provider = new SnapshotProvider(snapshot, SNAPSHOT_ENVIRONMENT, "extras-only");
  const dependencies = requested.flatMap((r) => requirementToDependencies(parseRequirement(r)));
  const start = Bun.nanoseconds();
  let outcome: string;
  try {
    const s = await solve({ name: "root", version: Version.parse("0"), dependencies }, provider);
    outcome = `${[...s.packages.keys()].filter((n) => !n.includes("[")).length} packages, ${s.attemptedSolutions} attempt(s)`;
  } catch (e) {
    if (!(e instanceof SolveFailure)) throw e;
    outcome = `no solution, ${e.message.split("\n").length}-line explanation`;
  }
  return { ms: (Bun.nanoseconds() - start) / 1e6, outcome, visited: provider.visited.size };
}

const lines = [
  "Solving the resolvelib PyPI snapshots of 2020 (`bun scripts/bench/resolve.ts`): every version's metadata",
  "already in memory, so this times the solver alone (propagation, conflict resolution, candidate",
  "filtering, marker evaluation of each visited version), median of 5 runs after a warm-up.",
  `Machine: ${machine()}; load average ${loadavg()[0]!.toFixed(1)} when run (the machine is shared: minima show the unloaded cost).`,
  "Target: well under a second each.",
  "",
  "| snapshot, request | median ms | min–max ms | versions visited | outcome |",
  "|---|---:|---:|---:|---|",
];
const medians: number[] = [];
for (const row of ROWS) {
  const c = JSON.parse(readFileSync(join(SNAPSHOTS, "cases", row.case), "utf8")) as Case;
  const snapshot = JSON.parse(readFileSync(join(SNAPSHOTS, `${c.index}.json`), "utf8")) as Snapshot;
  await once(snapshot, c.requested);
  const samples: number[] = [];
  let last = await once(snapshot, c.requested);
  for (let i = 0; i < 5; i++) {
    last = await once(snapshot, c.requested);
    samples.push(last.ms);
  }
  const t = summarize(samples);
  medians.push(t.median);
  lines.push(`| ${row.label} (${c.index}) | ${fmt(t.median)} | ${fmt(t.min)}–${fmt(t.max)} | ${last.visited} | ${last.outcome} |`);
  console.log(lines[lines.length - 1]);
}
// Poetry's backtracking-performance scenarios: B depends on an older A than the newest (boto3/urllib3 in small).
interface Scenario {
  test: string;
  root: { dependencies: { name: string; constraint: string }[] };
  packages: { name: string; version: string; deps: Record<string, string> }[];
}
const mixology = JSON.parse(readFileSync(resolve(import.meta.dir, "../../../shared/vectors/poetry/mixology_scenarios.json"), "utf8")) as { scenarios: Scenario[] };
for (const sc of mixology.scenarios.filter((x) => x.test.startsWith("test_backtracking_performance"))) {
  const dep = (name: string, text: string) => ({ name, constraint: parseConstraint(text), pretty: text });
  const run = async () => {
    const p = new InMemoryProvider();
    for (const pkg of sc.packages) p.add(pkg.name, { version: Version.parse(pkg.version), dependencies: Object.entries(pkg.deps).map(([n, c]) => dep(n, c)) });
    const start = Bun.nanoseconds();
    const s = await solve({ name: "myapp", version: Version.parse("0"), dependencies: sc.root.dependencies.map((d) => dep(d.name, d.constraint)) }, p);
    return { ms: (Bun.nanoseconds() - start) / 1e6, visited: p.visited.size, outcome: `${[...s.packages].map(([n, v]) => `${n} ${v}`).join(", ")}` };
  };
  await run();
  const samples: number[] = [];
  let last = await run();
  for (let i = 0; i < 5; i++) {
    last = await run();
    samples.push(last.ms);
  }
  const t = summarize(samples);
  medians.push(t.median);
  lines.push(`| Poetry's ${sc.test.replace("test_", "")} (${sc.packages.length} versions) | ${fmt(t.median)} | ${fmt(t.min)}–${fmt(t.max)} | ${last.visited} | ${last.outcome} |`);
  console.log(lines[lines.length - 1]);
}
const slowest = Math.max(...medians);
lines.splice(lines.indexOf("Target: well under a second each."), 1, `Target: well under a second each. ${slowest < 1000 ? "Met" : "Missed"}: slowest median ${fmt(slowest)} ms.`);
writeSection("Resolver (in-memory)", lines.join("\n"));
