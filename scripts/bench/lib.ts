/** Shared benchmark helpers: whole-process timing, medians, and RESULTS.md sections. */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";

export const RESULTS = resolve(import.meta.dir, "RESULTS.md");

export interface Timing {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}

/** Runs a command `runs` times (after `warmup` runs) and times each whole process in ms. */
export function timeCommand(argv: string[], options: { runs?: number; warmup?: number; cwd?: string; env?: Record<string, string> } = {}): Timing {
  const runs = options.runs ?? 20;
  const samples: number[] = [];
  for (let i = 0; i < (options.warmup ?? 3) + runs; i++) {
    const start = Bun.nanoseconds();
    const r = Bun.spawnSync(argv, { cwd: options.cwd, env: options.env, stdout: "ignore", stderr: "ignore" });
    const ms = (Bun.nanoseconds() - start) / 1e6;
    if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited with ${r.exitCode}`);
    if (i >= (options.warmup ?? 3)) samples.push(ms);
  }
  return summarize(samples);
}

/** Wall time and peak resident memory (KiB; 0 when not measured) of the last process run by `spawnTimed`. */
export interface ProcessRun {
  ms: number;
  peakKiB: number;
}
let last: ProcessRun = { ms: 0, peakKiB: 0 };
export const lastProcess = (): ProcessRun => last;

const TIME = "/usr/bin/time";
let memoryRuns = false;
/**
 * Runs `f` with every `spawnTimed` process wrapped in `/usr/bin/time -f %M` (peak RSS of the
 * process and the children it waited for). Kept apart from the timed runs: the wrapper costs a few
 * milliseconds, which matters for a 15 ms start-up. (Bun's resourceUsage() reports the maximum
 * over all children so far, not one process's.)
 */
export async function withMemory<T>(f: () => Promise<T>): Promise<T> {
  memoryRuns = existsSync(TIME);
  try {
    return await f();
  } finally {
    memoryRuns = false;
  }
}

/** Runs one process asynchronously (a test index may run in this process) and returns its wall time in ms. Throws on a non-zero exit. */
export async function spawnTimed(argv: string[], cwd: string | undefined, env: Record<string, string>): Promise<number> {
  const memFile = memoryRuns ? join(tmpdir(), `verse-bench-mem-${process.pid}-${Math.random().toString(36).slice(2)}`) : null;
  const full = memFile === null ? argv : [TIME, "-f", "%M", "-o", memFile, ...argv];
  const start = Bun.nanoseconds();
  const p = Bun.spawn(full, { cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  const ms = (Bun.nanoseconds() - start) / 1e6;
  let peakKiB = 0;
  if (memFile !== null && existsSync(memFile)) {
    // the last line: time writes "Command exited with non-zero status N" first on failure
    peakKiB = Number(readFileSync(memFile, "utf8").trim().split("\n").pop()) || 0;
    rmSync(memFile, { force: true });
  }
  last = { ms, peakKiB };
  if (code !== 0) throw new Error(`${argv.join(" ")} exited with ${code}\n${out.slice(-3000)}\n${err.slice(-3000)}`);
  return ms;
}

export function which(name: string): string | null {
  const r = Bun.spawnSync(["sh", "-c", `command -v ${name}`], { stdout: "pipe" });
  const path = r.stdout.toString().trim();
  return r.exitCode === 0 && path ? path : null;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}-${process.arch}, Bun ${Bun.version}`;
}

export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** Replaces (or appends) the `## <title>` section of RESULTS.md, leaving the others alone. */
export function writeSection(title: string, body: string): void {
  const heading = `## ${title}`;
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Benchmark results\n\nEach section is written by its script under scripts/bench/ from its last run.\n";
  const start = text.indexOf(`${heading}\n`);
  const section = `${heading}\n\n${body.trim()}\n`;
  if (start < 0) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf("\n## ", start + heading.length);
    text = text.slice(0, start) + section + (next < 0 ? "" : text.slice(next + 1).replace(/^/, "\n"));
  }
  writeFileSync(RESULTS, text.replace(/\n{3,}/g, "\n\n"));
}

export { join };
