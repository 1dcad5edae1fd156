/**
 * Benchmark: creating a virtual environment natively (verse, with and without pip) against
 * `python -m venv` and `virtualenv` in the same run, plus a second interpreter discovery with
 * the cache warm. Repeated runs, medians. Prints a table and rewrites the "Virtual environments"
 * section of scripts/bench/RESULTS.md (only that section).
 *
 *   bun scripts/bench/venv.ts [--runs N] [--python /path/to/python3.X] [--no-write]
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { machine, summarize, writeSection } from "./lib.ts";
import { findInterpreter } from "../../src/python/discover.ts";
import { InterpreterCache } from "../../src/python/interpreter-cache.ts";
import { createVenv } from "../../src/python/venv.ts";

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Number(opt("--runs") ?? 7);
const SLOW_RUNS = Math.max(1, Math.min(RUNS, 3));
// Debian's python3 by default: Debian's virtualenv carries seed wheels only for it, so every tool
// gets the same interpreter.
const PYTHON = opt("--python") ?? "/usr/bin/python3";
const VIRTUALENV = "/usr/bin/virtualenv";
const VERSE = resolve(import.meta.dir, "..", "..", "dist", "verse");

if (!existsSync(PYTHON)) {
  console.error(`${PYTHON} does not exist; pass --python`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "verse-bench-venv-"));
const cacheDir = join(work, "cache");

const median = (xs: number[]) => summarize(xs).median;

async function time(runs: number, once: (i: number) => void | Promise<void>, cleanup?: (i: number) => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once(i);
    out.push(performance.now() - t);
    cleanup?.(i);
  }
  return out;
}

function spawn(cmd: string[]): void {
  const r = Bun.spawnSync(cmd, { stdout: "ignore", stderr: "pipe", env: { ...process.env, PIP_CONFIG_FILE: "/dev/null", VIRTUALENV_OVERRIDE_APP_DATA: join(work, "venv-app-data") } });
  if (r.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr.toString()}`);
}

interface Row {
  what: string;
  runs: number[];
  note?: string;
}

const rows: Row[] = [];
const cache = new InterpreterCache(cacheDir);
const py = await cache.resolve(PYTHON);
const target = (name: string, i: number) => join(work, `${name}-${i}`);
const rm = (name: string) => (i: number) => rmSync(target(name, i), { recursive: true, force: true });

// Warm the pip seed cache once, as any second venv on a machine would find it.
createVenv({ basePython: PYTHON, info: py.info, target: join(work, "warmup"), prompt: null, alwaysCopy: false, withPip: true, systemSitePackages: false, cacheDir, replace: false });

for (const withPip of [true, false]) {
  const name = withPip ? "verse-pip" : "verse-nopip";
  rows.push({
    what: `verse (native${withPip ? ", pip seeded" : ", no pip"})`,
    runs: await time(
      RUNS,
      (i) => void createVenv({ basePython: PYTHON, info: py.info, target: target(name, i), prompt: null, alwaysCopy: false, withPip, systemSitePackages: false, cacheDir, replace: false }),
      rm(name),
    ),
  });
}
rows.push({
  what: "verse, pip seeded, first time (cold seed cache)",
  runs: await time(
    SLOW_RUNS,
    (i) => void createVenv({ basePython: PYTHON, info: py.info, target: target("verse-cold", i), prompt: null, alwaysCopy: false, withPip: true, systemSitePackages: false, cacheDir: join(work, `cold-${i}`), replace: false }),
    rm("verse-cold"),
  ),
});
rows.push({ what: "python -m venv (pip)", runs: await time(SLOW_RUNS, (i) => spawn([PYTHON, "-m", "venv", target("pyvenv", i)]), rm("pyvenv")) });
rows.push({ what: "python -m venv --without-pip", runs: await time(RUNS, (i) => spawn([PYTHON, "-m", "venv", "--without-pip", target("pyvenv-nopip", i)]), rm("pyvenv-nopip")) });
if (existsSync(VIRTUALENV)) {
  const ve = [VIRTUALENV, "-q", "--no-periodic-update", "-p", PYTHON];
  spawn([...ve, join(work, "virtualenv-warmup")]); // fill its app-data cache
  rows.push({ what: "virtualenv (pip, setuptools, wheel)", runs: await time(SLOW_RUNS, (i) => spawn([...ve, target("virtualenv", i)]), rm("virtualenv")) });
  rows.push({ what: "virtualenv --no-setuptools --no-wheel (pip only)", runs: await time(SLOW_RUNS, (i) => spawn([...ve, "--no-setuptools", "--no-wheel", target("virtualenv-pip", i)]), rm("virtualenv-pip")) });
  rows.push({ what: "virtualenv --no-seed", runs: await time(SLOW_RUNS, (i) => spawn([...ve, "--no-seed", target("virtualenv-noseed", i)]), rm("virtualenv-noseed")) });
} else {
  rows.push({ what: "virtualenv", runs: [], note: `not installed (${VIRTUALENV} absent: apt-get install python3-virtualenv)` });
}

// The same through the compiled binary, as a user runs it: process start, project and config
// reading, discovery (warm cache), creation with pip.
if (existsSync(VERSE)) {
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "pyproject.toml"), `[project]\nname = "bench"\nversion = "0"\n`);
  const env = { ...process.env, VERSE_CACHE_DIR: cacheDir, POETRY_VIRTUALENVS_PATH: join(work, "cli-venvs") } as Record<string, string>;
  const once = () => {
    const r = Bun.spawnSync([VERSE, "env", "use", PYTHON], { cwd: project, env, stdout: "ignore", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(r.stderr.toString());
  };
  once();
  rmSync(join(work, "cli-venvs"), { recursive: true, force: true });
  rows.push({ what: "`verse env use` (whole process, pip seeded)", runs: await time(RUNS, once, () => rmSync(join(work, "cli-venvs"), { recursive: true, force: true })) });
} else {
  rows.push({ what: "`verse env use` (whole process)", runs: [], note: "dist/verse not built (bun build.ts)" });
}

// Discovery with a warm cache: the whole discovery, in process, no Python started.
const env = { ...process.env, VERSE_PYTHON: undefined };
await findInterpreter({ env, cwd: work, projectDir: null, cache: new InterpreterCache(cacheDir) });
rows.push({
  what: "discovery, second run (warm cache)",
  runs: await time(RUNS, async () => void (await findInterpreter({ env, cwd: work, projectDir: null, cache: new InterpreterCache(cacheDir) }))),
});

rmSync(work, { recursive: true, force: true });

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const header = ["What", "Median", "Min", "Max", "Runs"];
const table = rows.map((r) => (r.runs.length ? [r.what, fmt(median(r.runs)), fmt(Math.min(...r.runs)), fmt(Math.max(...r.runs)), String(r.runs.length)] : [r.what, r.note ?? "n/a", "", "", "0"]));
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
console.log([header, ...table].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n"));

if (!argv.includes("--no-write")) {
  const pip = rows[0]!.runs.length ? median(rows[0]!.runs) : NaN;
  const disc = rows[rows.length - 1]!.runs.length ? median(rows[rows.length - 1]!.runs) : NaN;
  writeSection(
    "Virtual environments",
    [
      `Creating a venv from Python ${py.info.version} (${PYTHON}), medians of ${RUNS} runs (${SLOW_RUNS} for the slow tools) in one run (\`bun scripts/bench/venv.ts\`).`,
      `Machine: ${machine()}; load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")} during the run (other jobs share the CPUs: compare rows with each other, not with quiet-machine figures).`,
      "verse builds the environment in process (no Python started); pip is hard-linked from the cache, where the interpreter's",
      "bundled ensurepip wheel is unpacked on first use (the \"first time\" row includes the unpacking). virtualenv seeds from its app-data cache, warmed first.",
      `Targets: under 60 ms with pip seeded (${pip < 60 ? "met" : "NOT met"}: ${fmt(pip)}); a second discovery under 10 ms (${disc < 10 ? "met" : "NOT met"}: ${fmt(disc)}).`,
      "",
      `| ${header.join(" | ")} |`,
      `| ${header.map(() => "---").join(" | ")} |`,
      ...table.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n"),
  );
  console.log(`\nwrote the "Virtual environments" section of scripts/bench/RESULTS.md`);
}
