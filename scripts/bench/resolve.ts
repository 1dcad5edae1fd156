/**
 * The PubGrub solver on the PyPI snapshots, all metadata in memory (no index, no cache): the
 * cost of resolving itself. Each row is the median of 5 solves (after one warm-up), each with a
 * fresh provider so no parsed requirement is reused between runs. Writes the "Resolver
 * (in-memory)" section of RESULTS.md.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SNAPSHOT_ENVIRONMENT, SnapshotProvider, requirementToDependencies, type Snapshot } from "../../src/resolver/snapshot-provider.ts";
import { SolveFailure, solve } from "../../src/resolver/index.ts";
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
  `Machine: ${machine()}.`,
  "Target: well under a second each.",
  "",
  "| snapshot, request | median ms | min–max ms | versions visited | outcome |",
  "|---|---:|---:|---:|---|",
];
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
  lines.push(`| ${row.label} (${c.index}) | ${fmt(t.median)} | ${fmt(t.min)}–${fmt(t.max)} | ${last.visited} | ${last.outcome} |`);
  console.log(lines[lines.length - 1]);
}
writeSection("Resolver (in-memory)", lines.join("\n"));
