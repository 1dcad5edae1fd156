/**
 * `npm run demo`: the README's first minute, end to end and offline.
 *
 * Builds dist/verse, starts a local package index on 127.0.0.1 (test/helpers/index-server.ts,
 * serving the 2020 PyPI snapshot of chalice's world as wheels with the real Requires-Dist),
 * copies the binary ALONE into a temporary directory and drives it as a user would:
 *
 *   verse new demo-app → source add (the local index; on PyPI this step does not exist) →
 *   add click, add requests[socks] (an extra), add -G dev pytest (a group) → lock → install →
 *   run a script that imports them → show --tree → build → publish to the local index →
 *   pip installs the published wheel (and its dependencies) into a fresh venv and imports it.
 *
 * Every command and its output is printed; the first step that misbehaves stops the demo with a
 * non-zero exit code. The server is stopped at the end in every case.
 *
 *   bun scripts/demo.ts            keeps the files (their location is printed)
 *   bun scripts/demo.ts --clean    removes them (the e2e test uses this)
 *   --no-build                     uses dist/verse as it is when it exists (the e2e test: other
 *                                  tests run the binary at the same time, so it is not rewritten)
 *
 * The index runs in this process, so every command is spawned asynchronously.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startIndexServer, type IndexServer } from "../test/helpers/index-server.ts";

const ROOT = resolve(import.meta.dir, "..");
const CLEAN = process.argv.includes("--clean");
const NO_BUILD = process.argv.includes("--no-build");
const COLOR = process.stdout.isTTY === true;
const bold = (s: string) => (COLOR ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (COLOR ? `\x1b[2m${s}\x1b[0m` : s);

class StepFailed extends Error {}

interface Ran {
  code: number;
  out: string;
}

/** A user's environment with nothing of this machine's Poetry, verse or pip settings in it. */
function userEnv(home: string, binDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(POETRY_|VERSE_|PIP_|VIRTUAL_ENV|CONDA_PREFIX|PYTHONHOME|PYTHONPATH|NO_COLOR|FORCE_COLOR|XDG_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, HOME: home, PATH: `${binDir}:${env.PATH ?? "/usr/bin:/bin"}`, PIP_CONFIG_FILE: "/dev/null", ...(COLOR ? { FORCE_COLOR: "1" } : {}) };
}

async function spawn(argv: string[], cwd: string, env: Record<string, string>): Promise<Ran> {
  const p = Bun.spawn(argv, { cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  // stdout and stderr interleaved as they arrive, as a terminal would show them
  let out = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of s) out += dec.decode(chunk, { stream: true });
  };
  await Promise.all([pump(p.stdout), pump(p.stderr)]);
  return { code: await p.exited, out };
}

async function main(): Promise<number> {
  if (!NO_BUILD || !existsSync(join(ROOT, "dist", "verse"))) {
    console.log(bold("$ bun build.ts") + dim("   # compile dist/verse"));
    const build = Bun.spawnSync([process.execPath, "build.ts"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
    if (build.exitCode !== 0) return build.exitCode ?? 1;
  }

  const work = mkdtempSync(join(tmpdir(), "verse-demo-"));
  const binDir = join(work, "bin");
  const home = join(work, "home");
  mkdirSync(binDir);
  mkdirSync(home);
  const bin = join(binDir, "verse");
  copyFileSync(join(ROOT, "dist", "verse"), bin);
  chmodSync(bin, 0o755);
  const env = userEnv(home, binDir);
  const project = join(work, "demo-app");
  let index: IndexServer | null = null;

  const show = async (argv: string[], cwd: string, note: string, want: { code?: number; contains?: string[] } = {}): Promise<Ran> => {
    const shown = argv.map((a) => (a.startsWith(work) ? a.replace(work, "$DEMO") : /[\s[\]]/.test(a) ? `'${a}'` : a)).join(" ");
    console.log(`\n${bold(`$ ${shown}`)}${dim(`   # ${note}`)}`);
    const r = await spawn(argv, cwd, env);
    process.stdout.write(r.out.endsWith("\n") || r.out === "" ? r.out : `${r.out}\n`);
    const code = want.code ?? 0;
    if (r.code !== code) throw new StepFailed(`\`${shown}\` exited with ${r.code} (expected ${code})`);
    for (const text of want.contains ?? []) if (!r.out.includes(text)) throw new StepFailed(`\`${shown}\` did not print ${JSON.stringify(text)}`);
    return r;
  };
  const verse = (args: string[], note: string, want: { code?: number; contains?: string[] } = {}, cwd = project) => show(["verse", ...args], cwd, note, want);

  try {
    index = await startIndexServer({ snapshots: ["pypi-2020-02-13-chalice"] });
    console.log(`\nA local package index is serving ${index.projectNames().length} projects (the PyPI of 13 Feb 2020 around chalice) at ${index.simpleUrl}`);
    console.log(`$DEMO = ${work}: the verse binary alone in $DEMO/bin, HOME=$DEMO/home (nothing of this machine's configuration).`);

    await verse(["--version"], "the binary stands alone", { contains: ["verse (version"] }, work);
    await verse(["new", "demo-app"], "a new project: pyproject.toml, src/demo_app, tests, README.md", { contains: ["demo_app"] }, work);
    await verse(["source", "add", "local", index.simpleUrl], "only because we are offline: with PyPI there is nothing to configure");
    await verse(["add", "click@^7.0"], "a dependency (resolves, locks and installs it)", { contains: ["click"] });
    await verse(["add", "requests[socks]"], "a dependency with an extra", { contains: ["pysocks"] });
    await verse(["add", "-G", "dev", "pytest"], "a development dependency, in the dev group", { contains: ["pytest"] });

    // The project's own code, and a script that imports every dependency.
    writeFileSync(
      join(project, "src", "demo_app", "__init__.py"),
      [
        '"""demo-app: prints the versions of what it depends on."""',
        "import click",
        "import requests",
        "",
        "",
        "def main() -> None:",
        '    print(f"demo-app says hello, with click {click.__version__} and requests {requests.__version__}")',
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(project, "hello.py"),
      [
        "import sys",
        "import click, requests, pysocks  # dependencies (pysocks through the socks extra)",
        "import pytest  # the dev group",
        "import demo_app  # the project itself, installed editable",
        "",
        "demo_app.main()",
        'print(f"pysocks {pysocks.__version__}, pytest {pytest.__version__}, on Python {sys.version.split()[0]} in {sys.prefix}")',
        "",
      ].join("\n"),
    );
    console.log(`\n${dim("(wrote src/demo_app/__init__.py, which imports click and requests, and hello.py, which imports everything)")}`);

    await verse(["lock"], "the lock is already up to date: nothing to resolve");
    await verse(["install"], "already installed: a no-op, then the project itself");
    await verse(["run", "python", "hello.py"], "run a script in the project's environment", { contains: ["demo-app says hello, with click 7.", "pytest 5."] });
    await verse(["show", "--tree"], "the dependency tree", { contains: ["requests", "pytest"] });
    await verse(["build"], "an sdist and a wheel in dist/", { contains: ["demo_app-0.1.0-py3-none-any.whl"] });
    await verse(["config", "repositories.local", `${index.url}/legacy/`], "the local upload endpoint (on PyPI: not needed)");
    await verse(["config", "pypi-token.local", "pypi-demo-token"], "an API token for it");
    await verse(["publish", "-r", "local"], "upload both files", { contains: ["Uploading demo_app-0.1.0-py3-none-any.whl"] });
    const uploaded = index.uploads.filter((u) => u.status === 200).map((u) => u.filename);
    if (!uploaded.includes("demo_app-0.1.0-py3-none-any.whl")) throw new StepFailed(`the index did not receive the wheel (got ${uploaded.join(", ") || "nothing"})`);

    // A stranger installs it with pip, from the same index, into a fresh venv.
    const python = Bun.which("python3", { PATH: env.PATH }) ?? "python3";
    const venv = join(work, "pip-venv");
    await show([python, "-m", "venv", venv], work, "a fresh venv for pip, outside verse");
    const vpy = join(venv, "bin", "python");
    await show([vpy, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--index-url", index.simpleUrl, "demo-app"], work, "pip installs what we published, and its dependencies", {
      contains: ["Successfully installed"],
    });
    await show([vpy, "-c", "import demo_app; demo_app.main()"], work, "and it imports", { contains: ["demo-app says hello"] });

    const venvPath = (await spawn([bin, "env", "info", "--path"], project, env)).out.trim();
    console.log(`\n${bold("Where the files are")}${CLEAN ? " (removed at the end: --clean)" : ""}`);
    console.log(`  project             ${project}`);
    console.log(`  its environment     ${venvPath}`);
    console.log(`  built files         ${join(project, "dist")}: ${existsSync(join(project, "dist")) ? readdirSync(join(project, "dist")).join(", ") : "?"}`);
    console.log(`  pip's venv          ${venv}`);
    console.log(`  verse's cache       ${join(home, ".cache", "verse")}`);
    console.log(`\n${bold("demo finished: every step behaved as expected")}`);
    return 0;
  } catch (e) {
    console.log(`\n${bold("demo FAILED")}: ${e instanceof StepFailed ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (!CLEAN) console.log(`the files are left in ${work} to look at`);
    return 1;
  } finally {
    await index?.stop();
    if (CLEAN) rmSync(work, { recursive: true, force: true });
    else console.log(dim(`(kept ${work}; \`bun scripts/demo.ts --clean\` removes it at the end)`));
  }
}

process.exit(await main());
