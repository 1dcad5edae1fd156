/**
 * Start-up time of the compiled binary: what every command pays before doing its work, as whole
 * processes over repeated runs. Four command lines (`--version`, `--help`, `list`, and
 * `add --help`, which loads and parses one command), run round-robin so that a change in machine
 * load hits them all alike, next to the floor (a Bun hello world compiled with the same flags)
 * and to `poetry --version` when Poetry is installed (apt-get install python3-poetry).
 * Wall time is what users feel; CPU time (user + system of the process) is steadier on a busy
 * machine, so both are reported.
 * Run: bun scripts/bench/startup.ts   (builds dist/verse first if it is missing; BENCH_RUNS=40)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fmt, machine, summarize, timeCommand, which, writeSection, type Timing } from "./lib.ts";

const root = resolve(import.meta.dir, "../..");
const bin = join(root, "dist/verse");
if (!existsSync(bin)) Bun.spawnSync([process.execPath, "build.ts"], { cwd: root, stdout: "inherit" });

const runs = Number(process.env.BENCH_RUNS ?? 40);
const warmup = 3;
const scratch = mkdtempSync(join(tmpdir(), "verse-bench-startup-"));
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: scratch };

/** The runtime's own start-up: a hello world compiled as build.ts compiles verse. */
function compileFloor(): string | null {
  const source = join(scratch, "hello.ts");
  const out = join(scratch, "hello");
  writeFileSync(source, 'console.log("verse (version 0.0.0)");\n');
  const r = Bun.spawnSync([process.execPath, "build", source, "--compile", "--minify", "--bytecode", "--outfile", out], { stdout: "ignore", stderr: "pipe" });
  return r.exitCode === 0 ? out : null;
}

interface Subject {
  label: string;
  argv: string[];
  wall: number[];
  cpu: number[];
}

const floor = compileFloor();
const subjects: Subject[] = [
  ...(floor ? [{ label: "floor: Bun hello world (--compile --minify --bytecode)", argv: [floor] }] : []),
  { label: "verse --version", argv: [bin, "--version"] },
  { label: "verse --help", argv: [bin, "--help"] },
  { label: "verse list", argv: [bin, "list"] },
  { label: "verse add --help", argv: [bin, "add", "--help"] },
].map((s) => ({ ...s, wall: [], cpu: [] }));

for (let i = 0; i < warmup + runs; i++) {
  for (const s of subjects) {
    const start = Bun.nanoseconds();
    const r = Bun.spawnSync(s.argv, { cwd: scratch, env, stdout: "ignore", stderr: "ignore" });
    const ms = (Bun.nanoseconds() - start) / 1e6;
    if (r.exitCode !== 0) throw new Error(`${s.argv.join(" ")} exited with ${r.exitCode}`);
    if (i < warmup) continue;
    s.wall.push(ms);
    s.cpu.push(Number(r.resourceUsage?.cpuTime.total ?? 0) / 1000);
  }
}

const timings = new Map<Subject, { wall: Timing; cpu: Timing }>(subjects.map((s) => [s, { wall: summarize(s.wall), cpu: summarize(s.cpu) }]));
const version = timings.get(subjects.find((s) => s.label === "verse --version")!)!;
const rows = subjects.map((s) => {
  const { wall, cpu } = timings.get(s)!;
  return `| ${s.label} | ${fmt(wall.median)} | ${fmt(wall.min)}–${fmt(wall.max)} | ${fmt(cpu.median)} | ${(wall.median / version.wall.median).toFixed(2)} |`;
});

const poetryPath = which("poetry");
let poetryNote = "Poetry is not installed here (apt-get install python3-poetry): no ratio.";
if (poetryPath) {
  const poetryVersion = Bun.spawnSync([poetryPath, "--version"], { env, stdout: "pipe" }).stdout.toString().trim();
  const poetry = timeCommand([poetryPath, "--version"], { runs: Math.min(runs, 10), warmup: 1, env });
  rows.push(`| poetry --version (${poetryVersion}) | ${fmt(poetry.median)} | ${fmt(poetry.min)}–${fmt(poetry.max)} | – | ${(poetry.median / version.wall.median).toFixed(1)} |`);
  poetryNote = `Poetry is ${(poetry.median / version.wall.median).toFixed(1)}× slower to start.`;
}
rmSync(scratch, { recursive: true, force: true });

const table = ["| command | median ms | min–max ms | CPU median ms | ratio to verse --version |", "|---|---|---|---|---|", ...rows].join("\n");
const slowest = Math.max(...subjects.filter((s) => s.label.startsWith("verse")).map((s) => timings.get(s)!.wall.median));
console.log(table);
console.log(poetryNote);
writeSection(
  "Start-up",
  `Whole-process wall time, ${runs} runs of each command line round-robin after ${warmup} warm-ups (\`bun scripts/bench/startup.ts\`); CPU is user + system time of the process.\nMachine: ${machine()}.\nTarget: under 20 ms. ${version.wall.median < 20 ? "Met" : "Not met"}: median ${fmt(version.wall.median)} ms for \`--version\`, at most ${fmt(slowest)} ms for the others. ${poetryNote}\n\n${table}`,
);
