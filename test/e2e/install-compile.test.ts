/**
 * `verse install --compile` end to end: every .py file a wheel installs (modules, and .py scripts of .data/scripts as pip does) gets its
 * `__pycache__/<stem>.<cache tag>.pyc` from the environment's own interpreter, RECORD lists each
 * .pyc with its hash (as pip does when it compiles: the oracle is pip's RECORD for the same
 * wheels), a module with a syntax error is skipped without failing the install, and removing the
 * package (sync) removes its bytecode too. Poetry has no config key for this: `--compile` only.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";
import { type FixturePackage, pickWheel, writeProject } from "../unit/installer/fixture.ts";

// the oldest and the newest Python the project supports, when present
const PYTHONS = ["3.8.18", "3.13.0"].map((v) => `/root/.pyenv/versions/${v}/bin/python`).filter((p) => existsSync(p));

let root: string;
let index: IndexServer;
let env: Record<string, string>;
let packages: FixturePackage[] = [];

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("PIP_")) clean[k] = v;
  const p = Bun.spawn(argv, { cwd, env: { ...clean, PIP_CONFIG_FILE: "/dev/null" }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}
const verse = (args: string[], cwd: string) => run([VERSE_BIN, ...args], cwd);

function sitePackages(venv: string): string {
  const lib = join(venv, "lib");
  return join(lib, readdirSync(lib).find((d) => d.startsWith("python"))!, "site-packages");
}

function recordOf(site: string, distInfo: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(join(site, distInfo, "RECORD"), "utf8").split("\n").filter(Boolean)) {
    const [path, hash] = line.split(",");
    out.set(path!, hash ?? "");
  }
  return out;
}

const b64 = (data: Uint8Array) => `sha256=${createHash("sha256").update(data).digest("base64url")}`;
const OURS_ONLY = /(INSTALLER|REQUESTED|direct_url\.json)$/;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-compile-e2e-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { VERSE_CACHE_DIR: join(root, "cache") });
  index = await startIndexServer({});
  index.addDist(
    makeWheel({
      name: "comp-a",
      version: "1.0",
      entryPoints: { console_scripts: { "comp-a": "comp_a.cli:main" } },
      files: {
        "comp_a/cli.py": "def main():\n    print('comp ran')\n",
        "comp_a/sub/__init__.py": "",
        "comp_a/sub/deep.py": "VALUE = 42\n",
        "comp_a/broken.py": "def (:\n", // a syntax error: skipped, as pip does
        "comp_a/notes.txt": "not python\n",
        "comp_a-1.0.data/scripts/helper.py": "#!python\nprint('helper')\n", // a script: not compiled
        "comp_a-1.0.data/purelib/comp_a_extra.py": "EXTRA = 1\n", // purelib through .data: compiled
      },
    }),
  );
  index.addDist(makeWheel({ name: "comp-b", version: "2.0", files: { "comp_b/m.py": "M = 'b'\n" } }));
  packages = [];
  for (const name of ["comp-a", "comp-b"]) {
    const w = await pickWheel(index.simpleUrl, name);
    packages.push({ name, version: w.version, files: [{ filename: w.filename, sha256: w.sha256 }] });
  }
}, 60_000);

afterAll(async () => {
  await index?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const maybe = binaryBuilt() && PYTHONS.length > 0 ? describe : describe.skip;

maybe("install --compile", () => {
  for (const python of PYTHONS) {
    const minor = /versions\/(\d+)\.(\d+)/.exec(python)!;
    const tag = `cpython-${minor[1]}${minor[2]}`;
    test(`Python ${minor[1]}.${minor[2]}: .pyc for every module, listed in RECORD as pip lists them; sync removes them`, async () => {
      const dir = mkdtempSync(join(root, "p-"));
      writeProject(dir, packages, { simpleUrl: index.simpleUrl });
      writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
      expect((await verse(["env", "use", python], dir)).code).toBe(0);
      const r = await verse(["install", "--compile"], dir);
      expect(r.code, r.out + r.err).toBe(0);
      const venv = join(dir, ".venv");
      const site = sitePackages(venv);

      const expected = ["comp_a/__init__.py", "comp_a/cli.py", "comp_a/sub/__init__.py", "comp_a/sub/deep.py", "comp_a_extra.py"];
      const record = recordOf(site, "comp_a-1.0.dist-info");
      for (const mod of expected) {
        const slash = mod.lastIndexOf("/");
        const pyc = `${mod.slice(0, slash + 1)}__pycache__/${mod.slice(slash + 1, -3)}.${tag}.pyc`;
        expect(existsSync(join(site, pyc)), pyc).toBe(true);
        expect(record.get(pyc), `RECORD lists ${pyc}`).toBe(b64(new Uint8Array(readFileSync(join(site, pyc)))));
      }
      expect(existsSync(join(site, "comp_a", "__pycache__", `broken.${tag}.pyc`))).toBe(false);
      // pip compiles a .py script of .data/scripts too (bin/__pycache__), not the generated entry points
      expect(record.has(`../../../bin/__pycache__/helper.${tag}.pyc`)).toBe(true);
      expect([...record.keys()].filter((p) => p.endsWith(".pyc") && p.includes("comp-a"))).toEqual([]);
      expect(recordOf(site, "comp_b-2.0.dist-info").has(`comp_b/__pycache__/m.${tag}.pyc`)).toBe(true);
      // the interpreter uses the bytecode verse wrote (a stale or foreign .pyc would be rewritten)
      const imp = await run([join(venv, "bin", "python"), "-c", "import comp_a.cli, comp_a.sub.deep, comp_a_extra, comp_b.m, importlib.util as u; print(u.cache_from_source(comp_a.sub.deep.__file__) == comp_a.sub.deep.__cached__)"], dir);
      expect(imp.out.trim(), imp.err).toBe("True");
      expect((await run([join(venv, "bin", "comp-a")], dir)).out).toBe("comp ran\n");

      // the oracle: pip --compile from the same wheels lists the same paths in RECORD
      const pipVenv = join(dir, "pipenv");
      expect((await run([python, "-m", "venv", pipVenv], dir)).code).toBe(0);
      const wheelFiles: string[] = [];
      for (const p of packages) {
        const f = p.files[0]!;
        const path = join(dir, f.filename);
        writeFileSync(path, new Uint8Array(await (await fetch(`${index.simpleUrl.replace(/simple\/$/, "")}files/${f.filename}`)).arrayBuffer()));
        wheelFiles.push(path);
      }
      const pip = await run([join(pipVenv, "bin", "python"), "-m", "pip", "install", "-q", "--compile", "--no-index", "--no-deps", "--disable-pip-version-check", ...wheelFiles], dir);
      expect(pip.code, pip.err).toBe(0);
      const pipSite = sitePackages(pipVenv);
      for (const d of ["comp_a-1.0.dist-info", "comp_b-2.0.dist-info"]) {
        const ours = [...recordOf(site, d).keys()].filter((p) => !OURS_ONLY.test(p)).sort();
        const theirs = [...recordOf(pipSite, d).keys()].filter((p) => !OURS_ONLY.test(p)).sort();
        expect(ours).toEqual(theirs);
      }

      // removing the package removes its bytecode (and the directories it leaves empty)
      writeProject(dir, packages.slice(1), { simpleUrl: index.simpleUrl });
      const s = await verse(["sync"], dir);
      expect(s.code, s.out + s.err).toBe(0);
      expect(existsSync(join(site, "comp_a"))).toBe(false);
      expect(existsSync(join(site, "__pycache__", `comp_a_extra.${tag}.pyc`))).toBe(false);
      expect(existsSync(join(site, "comp_b", "__pycache__", `m.${tag}.pyc`))).toBe(true);
    }, 120_000);
  }

  test("without --compile nothing is compiled", async () => {
    const dir = mkdtempSync(join(root, "p-"));
    writeProject(dir, packages, { simpleUrl: index.simpleUrl });
    writeFileSync(join(dir, "poetry.toml"), "[virtualenvs]\nin-project = true\n");
    expect((await verse(["env", "use", PYTHONS[0]!], dir)).code).toBe(0);
    expect((await verse(["install"], dir)).code).toBe(0);
    const site = sitePackages(join(dir, ".venv"));
    expect(existsSync(join(site, "comp_a", "__pycache__"))).toBe(false);
    expect([...recordOf(site, "comp_a-1.0.dist-info").keys()].some((p) => p.endsWith(".pyc"))).toBe(false);
  }, 60_000);
});
