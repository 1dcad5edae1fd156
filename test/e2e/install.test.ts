/**
 * `verse install` end to end: the compiled binary against the test index.
 *  - ORACLE: the same 30+ wheels (synthesized from the dask PyPI snapshot, plus the real wheels
 *    of the vectors and one with console scripts and .data/scripts) installed by verse and by pip
 *    (`pip install --no-index --no-deps`, pip isolated from any configuration) give the same
 *    files — ignoring INSTALLER, REQUESTED, direct_url.json, __pycache__, RECORD order and the
 *    scripts' text — and the imports and console scripts work, for Python 3.8 to 3.13.
 *  - no-op, sync, dry-run, groups; bad input: hash mismatch, broken RECORD, `../` paths,
 *    kill -9 midway (the next install repairs).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { zipSync } from "fflate";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel, type BuiltDist } from "../helpers/make-wheel.ts";
import { type FixturePackage, pickWheel, writeProject } from "../unit/installer/fixture.ts";

const PYTHONS = ["3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"].map((v) => `/root/.pyenv/versions/${v}/bin/python`).filter((p) => existsSync(p));
const SNAPSHOT_NAMES = [
  "cloudpickle", "toolz", "dill", "fsspec", "pyyaml", "partd", "sortedcollections", "locket", "click", "tblib", "zict",
  "sortedcontainers", "six", "urllib3", "jmespath", "python-dateutil", "docutils", "s3transfer", "packaging", "certifi", "heapdict",
  "appdirs", "simplejson", "tornado", "msgpack", "botocore", "boto3", "pytest", "mock", "coverage", "toolz", "attrs", "pluggy",
];

let root: string;
let index: IndexServer;
let env: Record<string, string>;
let packages: FixturePackage[] = [];

function rawWheel(name: string, version: string, files: Record<string, string>, record: string): BuiltDist {
  const dist = `${name}-${version}.dist-info`;
  const metadata = `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`;
  const all: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) all[k] = new TextEncoder().encode(v);
  all[`${dist}/METADATA`] = new TextEncoder().encode(metadata);
  all[`${dist}/WHEEL`] = new TextEncoder().encode("Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
  all[`${dist}/RECORD`] = new TextEncoder().encode(record);
  return { filename: `${name}-${version}-py3-none-any.whl`, bytes: zipSync(all), metadata };
}

async function verse(args: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn([VERSE_BIN, ...args], { cwd, env: { ...env, ...extra }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

async function sh(argv: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const pipEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("PIP_")) pipEnv[k] = v;
  const p = Bun.spawn(argv, { cwd, env: { ...pipEnv, PIP_CONFIG_FILE: "/dev/null", ...extra }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

function newProject(pkgs: FixturePackage[], extra?: string): string {
  const dir = mkdtempSync(join(root, "p-"));
  writeProject(dir, pkgs, { simpleUrl: index.simpleUrl, extra });
  return dir;
}

async function lockEntry(name: string, version?: string): Promise<FixturePackage> {
  const w = await pickWheel(index.simpleUrl, name, version);
  return { name, version: w.version, files: [{ filename: w.filename, sha256: w.sha256 }] };
}

const IGNORED_TOP = /^(pip|setuptools|_distutils_hack|pkg_resources|distutils-precedence\.pth|wheel)([-_.].*)?$/;

/** site-packages as path → content digest (RECORD as its sorted paths). */
function snapshot(site: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      const rel = relative(site, abs);
      if (e.name === "__pycache__") continue;
      if (rel === e.name && IGNORED_TOP.test(e.name)) continue;
      if (e.isDirectory()) {
        walk(abs);
        continue;
      }
      if (/\.dist-info\/(INSTALLER|REQUESTED|direct_url\.json)$/.test(rel)) continue;
      if (rel.endsWith(".dist-info/RECORD")) {
        const paths = readFileSync(abs, "utf8").split("\n").filter(Boolean).map((l) => l.split(",")[0]).filter((p) => !/(__pycache__|INSTALLER|REQUESTED|direct_url\.json)/.test(p!));
        out.set(rel, paths.sort().join("\n"));
        continue;
      }
      out.set(rel, createHash("sha256").update(readFileSync(abs)).digest("hex"));
    }
  };
  walk(site);
  return out;
}

function sitePackages(venv: string): string {
  const lib = join(venv, "lib");
  const py = readdirSync(lib).find((d) => d.startsWith("python"))!;
  return join(lib, py, "site-packages");
}

function scriptNames(venv: string): string[] {
  return readdirSync(join(venv, "bin")).filter((n) => !/^(activate|Activate|python|pip|easy_install|distutils)/.test(n)).sort();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-install-e2e-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { VERSE_CACHE_DIR: join(root, "cache"), POETRY_VIRTUALENVS_IN_PROJECT: "true" });
  index = await startIndexServer({ vectorWheels: true, snapshots: ["pypi-2020-02-13-dask"] });
  index.addDist(
    makeWheel({
      name: "tool",
      version: "1.0",
      entryPoints: { console_scripts: { "tool-cli": "tool.cli:main" }, gui_scripts: { "tool-gui": "tool.cli:main" } },
      files: { "tool/cli.py": "def main():\n    print('tool ran')\n", "tool-1.0.data/scripts/hello": "#!python\nprint('hello from data')\n", "tool-1.0.data/data/share/tool/x.txt": "data\n", "tool-1.0.data/headers/tool.h": "int x;\n" },
    }),
  );
  index.addDist(rawWheel("badrecord", "1.0", { "badrecord/__init__.py": "x = 1\n" }, "badrecord/__init__.py,sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,6\nbadrecord-1.0.dist-info/RECORD,,\n"));
  index.addDist(rawWheel("escape", "1.0", { "escape/__init__.py": "", "../evil.py": "boom\n" }, "escape/__init__.py,,\n../evil.py,sha256=x,5\nescape-1.0.dist-info/RECORD,,\n"));
  const names = [...new Set(SNAPSHOT_NAMES)];
  packages = [];
  for (const n of names) {
    try {
      packages.push(await lockEntry(n));
    } catch {
      // a project whose snapshot has no wheel for it is left out
    }
  }
  for (const n of ["tool", "fancy", "simple-project", "demo"]) packages.push(await lockEntry(n));
}, 120_000);

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

const maybe = binaryBuilt() ? describe : describe.skip;

maybe("oracle: verse and pip make the same environment", () => {
  test("the lock has 30+ packages", () => {
    expect(packages.length).toBeGreaterThanOrEqual(30);
  });
  for (const python of PYTHONS) {
    const minor = /versions\/(\d+\.\d+)/.exec(python)![1];
    test(`Python ${minor}`, async () => {
      const dir = newProject(packages);
      writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
      const r1 = await verse(["env", "use", python], dir);
      expect(r1.code, r1.err).toBe(0);
      const r = await verse(["install"], dir);
      expect(r.code, r.err + r.out).toBe(0);
      // pip from the same wheels
      const wheelDir = join(dir, "wheels");
      mkdirSync(wheelDir);
      for (const p of packages) {
        const f = p.files[0]!;
        writeFileSync(join(wheelDir, f.filename), new Uint8Array(await (await fetch(`${index.simpleUrl.replace(/simple\/$/, "")}files/${f.filename}`)).arrayBuffer()));
      }
      const pipVenv = join(dir, "pipenv");
      expect((await sh([python, "-m", "venv", pipVenv], dir)).code).toBe(0);
      const files = readdirSync(wheelDir).map((f) => join(wheelDir, f));
      const pip = await sh([join(pipVenv, "bin", "python"), "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--disable-pip-version-check", ...files], dir);
      expect(pip.code, pip.err).toBe(0);
      const ours = snapshot(sitePackages(join(dir, ".venv")));
      const theirs = snapshot(sitePackages(pipVenv));
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
      for (const [k, v] of theirs) expect(`${k} ${ours.get(k)}`).toBe(`${k} ${v}`);
      expect(scriptNames(join(dir, ".venv"))).toEqual(scriptNames(pipVenv));
      expect(readFileSync(join(dir, ".venv", "share", "tool", "x.txt"), "utf8")).toBe("data\n");
      for (const venv of [join(dir, ".venv"), pipVenv]) {
        const imp = await sh([join(venv, "bin", "python"), "-c", "import cloudpickle, toolz, six, tool.cli, fancy; print('ok')"], dir);
        expect(imp.out.trim(), imp.err).toBe("ok");
        expect((await sh([join(venv, "bin", "tool-cli")], dir)).out).toBe("tool ran\n");
        expect((await sh([join(venv, "bin", "python"), join(venv, "bin", "hello")], dir)).out).toBe("hello from data\n"); // pip keeps the zip mode (no x bit here)
      }
      // a second install is a no-op
      const again = await verse(["install"], dir);
      expect(again.out).toContain("No dependencies to install or update");
    }, 180_000);
  }
});

maybe("install behaviour", () => {
  test("sync removes what the lock does not list; dry-run changes nothing", async () => {
    const dir = newProject(packages.slice(0, 3));
    expect((await verse(["install"], dir)).code).toBe(0);
    const site = sitePackages(join(dir, ".venv"));
    writeProject(dir, packages.slice(0, 2), { simpleUrl: index.simpleUrl });
    const dry = await verse(["sync", "--dry-run"], dir);
    expect(dry.out).toContain(`Removing ${packages[2]!.name}`);
    expect(readdirSync(site).some((d) => d.startsWith(`${packages[2]!.files[0]!.filename.split("-")[0]}-`))).toBe(true);
    const s = await verse(["sync"], dir);
    expect(s.code, s.err).toBe(0);
    expect(readdirSync(site).some((d) => d.startsWith(`${packages[2]!.files[0]!.filename.split("-")[0]}-`) && d.endsWith(".dist-info"))).toBe(false);
  }, 60_000);

  test("groups: optional groups only with --with; --no-dev is --without dev", async () => {
    const main = packages[0]!;
    const dev = { ...packages[1]!, groups: ["dev"] };
    const docs = { ...packages[3]!, groups: ["docs"] };
    const dir = newProject([main, dev, docs], `[tool.poetry.group.dev.dependencies]\n${dev.name} = "*"\n\n[tool.poetry.group.docs]\noptional = true\n\n[tool.poetry.group.docs.dependencies]\n${docs.name} = "*"\n`);
    const r = await verse(["install", "--no-dev", "--dry-run"], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("--without dev");
    expect(r.out).toContain(main.name);
    expect(r.out).not.toContain(dev.name);
    expect(r.out).not.toContain(docs.name);
    const w = await verse(["install", "--with", "docs", "--dry-run"], dir);
    expect(w.out).toContain(docs.name);
    const bad = await verse(["install", "--with", "nope"], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Group(s) not found: nope");
  }, 60_000);

  test("a stale lock with --locked gets Poetry's message (without it, install re-locks: install-relock.test.ts)", async () => {
    const dir = newProject(packages.slice(0, 1));
    writeFileSync(join(dir, "pyproject.toml"), readFileSync(join(dir, "pyproject.toml"), "utf8").replace('dependencies = [', 'dependencies = ["extra-thing", '));
    const r = await verse(["install", "--locked"], dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("pyproject.toml changed significantly since poetry.lock was last generated. Run `verse lock` to fix the lock file.");
  });
});

maybe("bad input", () => {
  test("a hash mismatch names the file and the source", async () => {
    const p = await lockEntry("partd");
    const dir = newProject([{ ...p, files: [{ ...p.files[0]!, sha256: "0".repeat(64) }] }]);
    const r = await verse(["install"], dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(p.files[0]!.filename);
    expect(r.err).toContain("source 'local'");
  });

  test("a wheel with a broken RECORD is refused; the environment is left usable", async () => {
    const good = packages[0]!;
    const dir = newProject([good, await lockEntry("badrecord")]);
    const r = await verse(["install"], dir);
    expect(r.code).toBe(3);
    expect(r.err).toContain("broken RECORD");
    expect(existsSync(join(sitePackages(join(dir, ".venv")), "badrecord"))).toBe(false);
  });

  test("a path escaping the environment is refused", async () => {
    const dir = newProject([await lockEntry("escape")]);
    const r = await verse(["install"], dir);
    expect(r.code).toBe(3);
    expect(r.err).toContain("escapes the environment");
    expect(existsSync(join(dir, ".venv", "lib", "evil.py"))).toBe(false);
  });

  test("kill -9 midway: the next install repairs everything", async () => {
    const dir = newProject(packages);
    expect((await verse(["install", "--only-root"], dir)).code).toBe(0); // venv exists
    for (const delay of [40, 90, 160]) {
      const venvSite = sitePackages(join(dir, ".venv"));
      for (const d of readdirSync(venvSite)) if (!IGNORED_TOP.test(d) && d !== "_virtualenv.py" && d !== "_virtualenv.pth") rmSync(join(venvSite, d), { recursive: true, force: true });
      const p = Bun.spawn([VERSE_BIN, "install"], { cwd: dir, env, stdout: "ignore", stderr: "ignore" });
      await Bun.sleep(delay);
      p.kill(9);
      await p.exited;
      const r = await verse(["install"], dir);
      expect(r.code, r.err).toBe(0);
      // every installed distribution has all of its RECORD files
      for (const d of readdirSync(venvSite).filter((x) => x.endsWith(".dist-info") && !IGNORED_TOP.test(x))) {
        for (const line of readFileSync(join(venvSite, d, "RECORD"), "utf8").split("\n").filter(Boolean)) {
          const path = line.split(",")[0]!;
          expect(existsSync(join(venvSite, path)), `${d}: ${path}`).toBe(true);
        }
      }
      const imp = await sh([join(dir, ".venv", "bin", "python"), "-c", "import cloudpickle, toolz, six, tool.cli; print('ok')"], dir);
      expect(imp.out.trim(), imp.err).toBe("ok");
    }
    expect(statSync(join(dir, ".venv")).isDirectory()).toBe(true);
  }, 120_000);
});
