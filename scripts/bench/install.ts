/**
 * The install benchmark alone: the install rows of `npm run bench`, i.e. scripts/bench/run.ts
 * `--only install`, which measures verse, Poetry, PDM and pip side by side in one run on the same
 * lock (about 55 packages of the dask snapshot) and the same local test index: cold (empty cache),
 * warm (warm cache, fresh venv) and no-op. This script only runs it and writes those rows, the
 * tool versions and the install targets as the "Install" section of RESULTS.md; the projects,
 * locks and commands live in run.ts alone.
 *
 *   bun scripts/bench/install.ts [--runs N] [--peer-runs N] [--no-write]
 *
 * For profiling one verse install, run it by hand in a project that run.ts would set up, e.g.
 * `BUN_OPTIONS=--cpu-prof dist/verse install` (with VERSE_TRACE=1 for phase timings).
 */
import { resolve } from "node:path";
import { writeSection } from "./lib.ts";

const argv = process.argv.slice(2);
const passed: string[] = [];
for (const flag of ["--runs", "--peer-runs"]) {
  const i = argv.indexOf(flag);
  if (i >= 0 && argv[i + 1] !== undefined) passed.push(flag, argv[i + 1]!);
}
if (process.env.BENCH_RUNS !== undefined && !passed.includes("--runs")) passed.push("--runs", process.env.BENCH_RUNS);

const child = Bun.spawn([process.execPath, resolve(import.meta.dir, "run.ts"), "--only", "install", "--no-write", ...passed], { stdout: "pipe", stderr: "inherit" });
let text = "";
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  const s = decoder.decode(chunk, { stream: true });
  text += s;
  process.stdout.write(s); // progress as it comes
}
const code = await child.exited;
if (code !== 0) {
  console.error(`run.ts --only install exited with ${code}`);
  process.exit(code);
}

const lines = text.split("\n");
const pick = (test: (l: string) => boolean): string[] => lines.filter(test);
const rows = pick((l) => /^\| (cold|warm|no-op) install /.test(l));
const header = lines.findIndex((l) => l.startsWith("| scenario | tool |"));
const tools = pick((l) => l.startsWith("Tools: "))[0] ?? "";
const written = pick((l) => l.startsWith("Written by `npm run bench`"))[0] ?? "";
const scenarios = pick((l) => l.startsWith("Scenarios: "))[0] ?? "";
const installScenario = /Install: (.*?)(?= Add: |$)/.exec(scenarios)?.[1] ?? "";
const targets = pick((l) => /^- (warm install|cold install|no-op install)/.test(l));
if (rows.length === 0 || header < 0) {
  console.error("no install rows in run.ts's output");
  process.exit(1);
}
const measured = new Set(rows.map((r) => r.split("|")[2]?.trim()));
for (const tool of ["verse", "Poetry", "pip"]) {
  if (!measured.has(tool)) console.error(`warning: no ${tool} rows`);
}
const machine = /Machine: (.*?)(?= \(the 2 cores|$)/.exec(written)?.[1] ?? "";
const body = [
  `Written by \`bun scripts/bench/install.ts\` from its last run: the install rows of \`npm run bench\` (scripts/bench/run.ts --only install), verse, Poetry, PDM and pip side by side in one run, each from its own lock of the same project against the same local test index. Machine: ${machine}.`,
  tools,
  "",
  `Install: ${installScenario}`,
  "",
  lines[header],
  lines[header + 1],
  ...rows,
  "",
  "Targets (issue 7):",
  ...targets,
].join("\n");
console.log(`\n${body}`);
if (!argv.includes("--no-write")) {
  writeSection("Install", body);
  console.log("\nwrote the Install section of scripts/bench/RESULTS.md");
}
