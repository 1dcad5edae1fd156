/**
 * `verse build` against `poetry build` (Debian's Poetry 1.3.2 at /usr/bin/poetry, which builds
 * through its bundled poetry-core) on the same project in the same run: whole-process wall time
 * of building the sdist and the wheel, medians over repeated runs. The project is the
 * poetry-flat build fixture copied to a temporary directory (both tools read [tool.poetry]).
 * Run: bun scripts/bench/build.ts   (builds dist/verse first if it is missing)
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fmt, machine, timeCommand, which, writeSection } from "./lib.ts";

const root = resolve(import.meta.dir, "../..");
const bin = join(root, "dist/verse");
if (!existsSync(bin)) Bun.spawnSync([process.execPath, "build.ts"], { cwd: root, stdout: "inherit" });

const runs = Number(process.env.BENCH_RUNS ?? 10);
const work = mkdtempSync(join(tmpdir(), "verse-bench-build-"));
try {
  const project = join(work, "project");
  cpSync(join(root, "test/fixtures/build/poetry-flat"), project, { recursive: true });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(work, "home"), POETRY_VIRTUALENVS_CREATE: "false" };
  const verse = timeCommand([bin, "build", "--clean", "-o", join(work, "out-verse")], { runs, cwd: project, env });
  const rows = [`| verse build | ${fmt(verse.median)} | ${fmt(verse.min)}–${fmt(verse.max)} | 1.0 |`];
  let note = "Poetry is not installed here (apt-get install python3-poetry): no ratio.";
  const poetryPath = which("poetry");
  if (poetryPath) {
    const version = Bun.spawnSync([poetryPath, "--version"], { env, stdout: "pipe" }).stdout.toString().trim();
    // poetry 1.3 has no --output: it always writes dist/, so each run starts from a clean one
    const poetry = timeCommand(["sh", "-c", `rm -rf dist && exec ${poetryPath} build -n`], { runs: Math.min(runs, 10), warmup: 1, cwd: project, env });
    rows.push(`| poetry build (${version}) | ${fmt(poetry.median)} | ${fmt(poetry.min)}–${fmt(poetry.max)} | ${(poetry.median / verse.median).toFixed(1)} |`);
    note = `\`poetry build\` takes ${(poetry.median / verse.median).toFixed(1)}× as long.`;
  }
  const table = ["| command | median ms | min–max ms | ratio to verse |", "|---|---|---|---|", ...rows].join("\n");
  console.log(table);
  console.log(note);
  writeSection(
    "Build",
    `Whole-process wall time of building the sdist and the wheel of test/fixtures/build/poetry-flat, ${runs} runs after warm-up, same machine and run (\`bun scripts/bench/build.ts\`).\nMachine: ${machine()}.\n${note}\n\n${table}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
