/**
 * Install benchmark: verse against pip on the same wheels, served by the test index.
 *   cold   empty verse cache, existing empty venv: pages, downloads, unpack, link
 *          (pip: `pip install --no-cache-dir --no-deps -i <index> name==version...`)
 *   warm   fresh venv, warm cache (pip: `--no-index --no-deps` from the wheel files on disk)
 *   no-op  everything installed already
 * Medians of N runs (BENCH_RUNS, default 5). Run: node_modules/.bin/bun scripts/bench/install.ts
 * Profiling: BENCH_PREPARE=<dir> only sets the project up there (cache warm, venv installed) and
 * keeps it; then e.g. `VERSE_TRACE=1 dist/verse install` in <dir>/project with HOME=<dir>/home
 * and VERSE_CACHE_DIR=<dir>/cache prints phase timings.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startIndexServer } from "../../test/helpers/index-server.ts";
import { cleanEnv, VERSE_BIN } from "../../test/helpers/binary.ts";
import { type FixturePackage, pickWheel, writeProject } from "../../test/unit/installer/fixture.ts";
import { fmt, machine, summarize, type Timing, which, writeSection } from "./lib.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PYTHON = "/root/.pyenv/versions/3.12.1/bin/python";
const NAMES = [
  "cloudpickle", "toolz", "dill", "fsspec", "pyyaml", "partd", "sortedcollections", "click", "tblib", "zict", "sortedcontainers", "six",
  "urllib3", "jmespath", "python-dateutil", "docutils", "s3transfer", "packaging", "certifi", "heapdict", "appdirs", "simplejson", "tornado",
  "msgpack", "botocore", "boto3", "pytest", "mock", "coverage", "attrs", "pluggy", "numpy", "pandas", "bokeh", "distributed", "dask", "psutil",
  "pyzmq", "jinja2", "markupsafe", "pillow", "requests", "idna", "chardet", "py", "more-itertools", "wcwidth", "zipp", "importlib-metadata",
  "pyparsing", "pytz", "typing-extensions", "futures", "blosc",
];

// BENCH_PREPARE=<dir>: only set up the project there (warm cache, installed venv) and keep it, for profiling
const PREPARE = process.env.BENCH_PREPARE ?? null;
const root = PREPARE ?? mkdtempSync(join(tmpdir(), "verse-bench-install-"));
mkdirSync(root, { recursive: true });
const index = await startIndexServer({ snapshots: ["pypi-2020-02-13-dask"] });
const packages: FixturePackage[] = [];
for (const n of NAMES) {
  try {
    const w = await pickWheel(index.simpleUrl, n);
    packages.push({ name: n, version: w.version, files: [{ filename: w.filename, sha256: w.sha256 }] });
  } catch {
    // not in the snapshot
  }
}
const project = join(root, "project");
mkdirSync(project);
mkdirSync(join(root, "home"));
writeProject(project, packages, { simpleUrl: index.simpleUrl });
writeFileSync(join(project, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
const cache = join(root, "cache");
const env = cleanEnv(join(root, "home"), { VERSE_CACHE_DIR: cache });
const wheelDir = join(root, "wheels");
mkdirSync(wheelDir);
for (const p of packages) {
  const f = p.files[0]!;
  writeFileSync(join(wheelDir, f.filename), new Uint8Array(await (await fetch(`${index.simpleUrl.replace(/simple\/$/, "")}files/${f.filename}`)).arrayBuffer()));
}

async function run(argv: string[], cwd: string, extra: Record<string, string> = {}): Promise<number> {
  const start = Bun.nanoseconds();
  const p = Bun.spawn(argv, { cwd, env: { ...env, ...extra }, stdout: "ignore", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${argv.join(" ")} failed: ${err}`);
  return (Bun.nanoseconds() - start) / 1e6;
}

interface Step {
  readonly prepare: () => Promise<void>;
  readonly argv: string[];
  readonly cwd: string;
}

/**
 * verse and pip alternately, run after run, so that both see the same machine: on a shared
 * machine the load changes within minutes, and timing all of one tool first skews the ratio.
 */
async function sideBySide(verse: Step, pip: Step): Promise<[Timing, Timing]> {
  const v: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await verse.prepare();
    v.push(await run(verse.argv, verse.cwd));
    await pip.prepare();
    p.push(await run(pip.argv, pip.cwd));
  }
  return [summarize(v), summarize(p)];
}

const venv = join(project, ".venv");
if (PREPARE !== null) {
  rmSync(venv, { recursive: true, force: true });
  await run([VERSE_BIN, "env", "use", PYTHON], project);
  await run([VERSE_BIN, "install"], project);
  await index.stop();
  console.log(`prepared ${project} (cache ${cache}, HOME ${join(root, "home")}), ${packages.length} wheels`);
  process.exit(0);
}
const freshVerseVenv = async () => {
  rmSync(venv, { recursive: true, force: true });
  await run([VERSE_BIN, "env", "use", PYTHON], project);
};
const pipVenv = join(root, "pipvenv");
const pipPy = join(pipVenv, "bin", "python");
const freshPipVenv = async () => {
  rmSync(pipVenv, { recursive: true, force: true });
  await run([PYTHON, "-m", "venv", pipVenv], root);
};
const files = readdirSync(wheelDir).map((f) => join(wheelDir, f));
const pipBase = [pipPy, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps"];
const loadBefore = loadavg()[0]!;
const [verseCold, pipCold] = await sideBySide(
  {
    prepare: async () => {
      rmSync(cache, { recursive: true, force: true });
      await freshVerseVenv();
    },
    argv: [VERSE_BIN, "install"],
    cwd: project,
  },
  { prepare: freshPipVenv, argv: [...pipBase, "--no-cache-dir", "-i", index.simpleUrl, ...packages.map((p) => `${p.name}==${p.version}`)], cwd: root },
);
const [verseWarm, pipWarm] = await sideBySide({ prepare: freshVerseVenv, argv: [VERSE_BIN, "install"], cwd: project }, { prepare: freshPipVenv, argv: [...pipBase, "--no-index", ...files], cwd: root });
// both environments are complete after the warm runs
const [verseNoop, pipNoop] = await sideBySide({ prepare: async () => {}, argv: [VERSE_BIN, "install"], cwd: project }, { prepare: async () => {}, argv: [...pipBase, "--no-index", ...files], cwd: root });
const loadAfter = loadavg()[0]!;
await index.stop();
rmSync(root, { recursive: true, force: true });

const row = (what: string, v: Timing, p: Timing) => `| ${what} | ${fmt(v.median)} ms (${fmt(v.min)}–${fmt(v.max)}) | ${fmt(p.median)} ms (${fmt(p.min)}–${fmt(p.max)}) | ${(p.median / v.median).toFixed(1)}× |`;
const poetry = which("poetry");
writeSection(
  "Install",
  `${packages.length} wheels (synthesized from the dask PyPI snapshot by the test index on 127.0.0.1), Python 3.12, medians (min–max) of ${RUNS} runs, whole processes, verse and pip run alternately. Machine: ${machine()}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (other work shares the machine: compare the ratios).
verse installs into an existing empty venv (made by \`verse env use\`, not timed), pip into a fresh \`python -m venv\` (not timed). pip runs with --no-deps (no resolution), so it is pip's best case.

| scenario | verse | pip | pip / verse |
|---|---|---|---|
${row("cold (empty cache, from the index)", verseCold, pipCold)}
${row("warm (fresh venv, warm cache / local wheel files)", verseWarm, pipWarm)}
${row("no-op", verseNoop, pipNoop)}

Poetry: ${poetry ? `found at ${poetry} but not measured by this script yet` : "not installed on this machine (python3-poetry absent), not measured"}.`,
);
console.log({ verseCold: verseCold.median, verseWarm: verseWarm.median, verseNoop: verseNoop.median, pipCold: pipCold.median, pipWarm: pipWarm.median, pipNoop: pipNoop.median, packages: packages.length });
