/**
 * `verse build` of projects verse does not package natively, through PEP 517 in an isolated
 * environment (the installer's build-env + hook runner), offline against the test index in this
 * process, which serves setuptools 67.6.1, wheel 0.38.4 and poetry-core 1.4 (pep517-fixtures.ts):
 *  - a setuptools project: an sdist and a wheel, both installed by pip into a fresh venv;
 *  - config settings reach the backend (an in-tree backend records them in its wheel);
 *  - a poetry-core project with a build script: the sdist native, the platform wheel from
 *    poetry-core's own backend (the script ran);
 *  - build requirements the sources cannot satisfy: a clear failure, nothing written.
 * The binary is spawned asynchronously: a blocking spawn would starve the index in this process.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { unzipSync } from "fflate";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { backendWheelsAvailable, buildBackendWheels, inTreeBackend, poetryCoreAvailable, writeTree } from "../unit/installer/pep517-fixtures.ts";

const FIXTURES = resolve(import.meta.dir, "../fixtures/build");
const PYTHON = "/root/.pyenv/versions/3.11.7/bin/python";
const TIMEOUT = 240_000;
const skip = !binaryBuilt() || !backendWheelsAvailable() || !existsSync(PYTHON);

let work: string;
let env: Record<string, string>;
let index: IndexServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "verse-build-backend-"));
  mkdirSync(join(work, "home"));
  // VERSE_PYTHON pins the interpreter builds run on (discovery would pick the same one on this machine)
  env = cleanEnv(join(work, "home"), { VERSE_CACHE_DIR: join(work, "cache"), VERSE_PYTHON: PYTHON });
  index = await startIndexServer({ dirs: backendWheelsAvailable() ? [buildBackendWheels(join(work, "backends"))] : [] });
});
afterAll(async () => {
  await index?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

async function spawn(cmd: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const p = Bun.spawn(cmd, { cwd, env: { ...env, ...extra }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { exitCode, stdout, stderr };
}
const verse = (args: string[], cwd: string, extra: Record<string, string> = {}) => spawn([VERSE_BIN, ...args], cwd, extra);

/** An in-tree backend project; [project] added so verse can read the project's name and version. */
function inTree(name: string, version: string, opts: { fail?: boolean } = {}): string {
  const files = inTreeBackend(name, version, opts);
  files["pyproject.toml"] = `[project]\nname = "${name}"\nversion = "${version}"\n\n${files["pyproject.toml"]}`;
  return writeTree(join(work, name), files);
}

/** The project's pyproject.toml with the test index as its only source. */
function withSource(dir: string): string {
  const file = join(dir, "pyproject.toml");
  writeFileSync(file, `${readFileSync(file, "utf8")}\n[[tool.poetry.source]]\nname = "local"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`);
  return dir;
}

function distFiles(dir: string): string[] {
  return readdirSync(join(dir, "dist")).sort();
}

async function freshVenv(name: string): Promise<string> {
  const dir = join(work, name);
  const r = await spawn([PYTHON, "-m", "venv", dir], work);
  expect(r.exitCode).toBe(0);
  return join(dir, "bin", "python");
}

const PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input", "install", "--no-index", "--no-deps"];

describe.skipIf(skip)("verse build through a PEP 517 backend", () => {
  let setuptoolsDir = "";

  test("a setuptools project: an sdist and a wheel from setuptools.build_meta in an isolated environment", async () => {
    setuptoolsDir = join(work, "setuptools-backend");
    cpSync(join(FIXTURES, "setuptools-backend"), setuptoolsDir, { recursive: true });
    writeTree(setuptoolsDir, { "setuptools_thing/__init__.py": 'VALUE = "built by setuptools"\n' });
    withSource(setuptoolsDir);
    const r = await verse(["build", "-v"], setuptoolsDir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Building setuptools-thing (1.0)");
    expect(r.stdout).toContain("Building sdist");
    expect(r.stdout).toContain("Building wheel");
    expect(r.stdout).toContain("Built dist/setuptools-thing-1.0.tar.gz");
    expect(r.stdout).toContain("Built dist/setuptools_thing-1.0-py3-none-any.whl");
    expect(r.stderr).toContain("setuptools.build_meta");
    expect(r.stderr).toContain("setuptools 67.6.1");
    expect(distFiles(setuptoolsDir)).toEqual(["setuptools-thing-1.0.tar.gz", "setuptools_thing-1.0-py3-none-any.whl"]); // setuptools 67 does not normalize the sdist name
    // the isolated environment was made from the build requirements only: setuptools asked for wheel
    expect(index.requests.some((q) => q.path === "/files/wheel-0.38.4-py3-none-any.whl")).toBe(true);
    const whl = unzipSync(new Uint8Array(readFileSync(join(setuptoolsDir, "dist", "setuptools_thing-1.0-py3-none-any.whl"))));
    expect(Object.keys(whl)).toContain("setuptools_thing/__init__.py");
    const tar = gunzipSync(readFileSync(join(setuptoolsDir, "dist", "setuptools-thing-1.0.tar.gz"))).toString("latin1");
    expect(tar).toContain("setuptools-thing-1.0/PKG-INFO");
  }, TIMEOUT);

  test("pip installs the wheel and the sdist", async () => {
    const py = await freshVenv("venv-setuptools");
    const w = await spawn([py, ...PIP, join(setuptoolsDir, "dist", "setuptools_thing-1.0-py3-none-any.whl")], work);
    expect(w.stdout + w.stderr).toContain("Successfully installed setuptools-thing-1.0");
    expect((await spawn([py, "-c", "import setuptools_thing; print(setuptools_thing.VALUE)"], work)).stdout.trim()).toBe("built by setuptools");
    // the sdist, built by pip in its own isolated environment (setuptools and wheel from the test index)
    expect((await spawn([py, "-m", "pip", "uninstall", "-y", "setuptools-thing"], work)).exitCode).toBe(0);
    const s = await spawn([py, "-m", "pip", "--disable-pip-version-check", "--no-input", "install", "--no-deps", "--index-url", index.simpleUrl, join(setuptoolsDir, "dist", "setuptools-thing-1.0.tar.gz")], work);
    expect(s.stdout + s.stderr).toContain("Successfully installed setuptools-thing-1.0");
    expect((await spawn([py, "-c", "import setuptools_thing; print(setuptools_thing.VALUE)"], work)).stdout.trim()).toBe("built by setuptools");
  }, TIMEOUT);

  test("-f wheel, --clean, and -c settings passed to the backend as config_settings", async () => {
    const dir = inTree("intree", "0.2");
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "stale.txt"), "");
    const r = await verse(["build", "-f", "wheel", "--clean", "-c", "color=blue", "-c", "level=1", "-c", "level=2"], dir);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(distFiles(dir)).toEqual(["intree-0.2-py3-none-any.whl"]);
    const whl = unzipSync(new Uint8Array(readFileSync(join(dir, "dist", "intree-0.2-py3-none-any.whl"))));
    expect(new TextDecoder().decode(whl["intree/__init__.py"])).toBe("SETTINGS = {'color': 'blue', 'level': ['1', '2']}\n");
  }, TIMEOUT);

  test("a failing backend shows its output and writes nothing", async () => {
    const dir = inTree("broken", "0.1", { fail: true });
    const r = await verse(["build", "-f", "wheel"], dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("the compiler exploded");
    expect(r.stderr).toContain("log line 79");
    expect(r.stderr).toContain("passes config settings to the backend");
    expect(existsSync(join(dir, "dist"))).toBe(false);
  }, TIMEOUT);

  test("build requirements the sources do not have: a clear failure naming them", async () => {
    const dir = join(work, "hatch");
    writeTree(dir, {
      "pyproject.toml": '[project]\nname = "hatched"\nversion = "1.0"\n\n[build-system]\nrequires = ["hatchling>=1.20"]\nbuild-backend = "hatchling.build"\n',
      "hatched/__init__.py": "",
    });
    withSource(dir);
    const r = await verse(["build"], dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("hatchling>=1.20");
    expect(r.stderr).toContain("configured sources");
    expect(readdirSync(dir)).not.toContain("dist");
  }, TIMEOUT);

  test.skipIf(!poetryCoreAvailable())("a poetry-core project with a build script: native sdist, platform wheel from poetry-core's backend", async () => {
    const dir = join(work, "scripted");
    writeTree(dir, {
      "pyproject.toml": [
        "[tool.poetry]",
        'name = "scripted"',
        'version = "0.4.0"',
        'description = "A project with a build script"',
        'authors = ["T <t@example.com>"]',
        "",
        "[tool.poetry.dependencies]",
        'python = "^3.8"',
        "",
        "[tool.poetry.build]",
        'script = "build.py"',
        "generate-setup-file = false",
        "",
        "[build-system]",
        'requires = ["poetry-core>=1.0.0"]',
        'build-backend = "poetry.core.masonry.api"',
        "",
      ].join("\n"),
      "scripted/__init__.py": "",
      "build.py": 'import pathlib\npathlib.Path("scripted/_generated.py").write_text("GENERATED = 42\\n")\nprint("build script ran")\n',
    });
    withSource(dir);
    const r = await verse(["build"], dir);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const files = distFiles(dir);
    expect(files).toContain("scripted-0.4.0.tar.gz");
    const wheel = files.find((f) => f.endsWith(".whl"));
    expect(wheel).toMatch(/^scripted-0\.4\.0-cp311-cp311-[a-z0-9_]+\.whl$/);
    const tar = gunzipSync(readFileSync(join(dir, "dist", "scripted-0.4.0.tar.gz"))).toString("latin1");
    expect(tar).toContain("scripted-0.4.0/build.py");
    const py = await freshVenv("venv-scripted");
    const w = await spawn([py, ...PIP, join(dir, "dist", wheel as string)], work);
    expect(w.stdout + w.stderr).toContain("Successfully installed scripted-0.4.0");
    expect((await spawn([py, "-c", "from scripted._generated import GENERATED; print(GENERATED)"], work)).stdout.trim()).toBe("42");
  }, TIMEOUT);
});
