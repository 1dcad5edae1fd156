/**
 * Start-up time of the compiled binary (`verse --version`), as a whole process over repeated
 * runs, side by side with `poetry --version` when Poetry is installed (apt-get install python3-poetry).
 * Run: bun scripts/bench/startup.ts   (builds dist/verse first if it is missing)
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fmt, machine, timeCommand, which, writeSection } from "./lib.ts";

const bin = resolve(import.meta.dir, "../../dist/verse");
if (!existsSync(bin)) Bun.spawnSync([process.execPath, "build.ts"], { cwd: resolve(import.meta.dir, "../.."), stdout: "inherit" });

const runs = Number(process.env.BENCH_RUNS ?? 30);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" };
const verse = timeCommand([bin, "--version"], { runs, env });
const rows = [`| verse --version | ${fmt(verse.median)} | ${fmt(verse.min)}–${fmt(verse.max)} | 1.0 |`];
const poetryPath = which("poetry");
let poetryNote = "Poetry is not installed here (apt-get install python3-poetry): no ratio.";
if (poetryPath) {
  const poetryVersion = Bun.spawnSync([poetryPath, "--version"], { env, stdout: "pipe" }).stdout.toString().trim();
  const poetry = timeCommand([poetryPath, "--version"], { runs: Math.min(runs, 10), warmup: 1, env });
  rows.push(`| poetry --version (${poetryVersion}) | ${fmt(poetry.median)} | ${fmt(poetry.min)}–${fmt(poetry.max)} | ${(poetry.median / verse.median).toFixed(1)} |`);
  poetryNote = `Poetry is ${(poetry.median / verse.median).toFixed(1)}× slower to start.`;
}
const table = ["| command | median ms | min–max ms | ratio to verse |", "|---|---|---|---|", ...rows].join("\n");
console.log(table);
console.log(poetryNote);
writeSection(
  "Start-up",
  `Whole-process wall time of \`--version\`, ${runs} runs after 3 warm-ups (\`bun scripts/bench/startup.ts\`).\nMachine: ${machine()}.\nTarget: under 20 ms. ${verse.median < 20 ? "Met" : "Not met"}: median ${fmt(verse.median)} ms. ${poetryNote}\n\n${table}`,
);
