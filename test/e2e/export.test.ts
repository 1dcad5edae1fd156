/**
 * `verse export` end to end, with real pip as the oracle: a small project whose wheels the test
 * index serves, its poetry.lock written with writeLock (real sha256 of the served files), then
 * `verse export` (the compiled binary) and `pip install -r requirements.txt` into a fresh venv
 * (pip isolated from every configuration). `pip freeze` must equal the locked set for that
 * interpreter (markers filtered); pip enforces the hashes (`--require-hashes` is implied by them),
 * so a tampered hash makes it fail. pylock.toml is checked against the PEP 751 schema and the
 * index's real file URLs and hashes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { binaryBuilt, cleanEnv, spawnVerse } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel, type BuiltDist, type DistSpec } from "../helpers/make-wheel.ts";
import { contentHash, writeLock, type Lock, type LockedPackage, type PackageMarkers } from "../../src/lock/index.ts";
import { pylockSchema } from "../../src/lock/export-pylock-schema.ts";
import { loadProject } from "../../src/project/index.ts";

const PYTHON = ["/root/.pyenv/versions/3.11.7/bin/python", "/usr/bin/python3"].find((p) => existsSync(p)) ?? "python3";

let root: string;
let index: IndexServer;
let env: Record<string, string>;
let project: string;
const dists = new Map<string, BuiltDist>();

interface Spec extends DistSpec {
  groups: string[];
  markers?: PackageMarkers;
  optional?: boolean;
}

const SPECS: Spec[] = [
  { name: "alpha", version: "1.0", deps: ["gamma>=3"], groups: ["main"] },
  { name: "gamma", version: "3.0", groups: ["main", "dev"] },
  { name: "Winonly", version: "1.0", groups: ["main"], markers: { kind: "all", marker: 'sys_platform == "win32"' } },
  { name: "fastlib", version: "2.0", groups: ["main"], optional: true, markers: { kind: "all", marker: 'extra == "fast"' } },
  { name: "delta", version: "4.0", groups: ["dev"], markers: { kind: "per-group", markers: { dev: 'python_version >= "3.9"' } } },
  { name: "oldpy", version: "0.1", groups: ["dev"], markers: { kind: "per-group", markers: { dev: 'python_version < "3.9"' } } },
  { name: "docsy", version: "5.0", groups: ["docs"] },
];

async function verse(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return spawnVerse(args, cwd, env);
}

/** pip and friends, with every PIP_* variable dropped and no configuration file. */
async function sh(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("PIP_")) clean[k] = v;
  const p = Bun.spawn(argv, { cwd, env: { ...clean, PIP_CONFIG_FILE: "/dev/null" }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function lockedPackage(spec: Spec, dist: BuiltDist): LockedPackage {
  return {
    name: spec.name.toLowerCase(),
    version: spec.version,
    description: "",
    optional: spec.optional ?? false,
    pythonVersions: "*",
    groups: spec.groups,
    markers: spec.markers ?? null,
    category: null,
    files: [{ file: dist.filename, hash: `sha256:${sha256(dist.bytes)}` }],
    dependencies: (spec.deps ?? []).map((d) => ({ name: d.replace(/[>=<].*$/, ""), constraints: [{ version: d.replace(/^[a-z]+/, "") }] })),
    extras: {},
    source: { type: "legacy", url: index.simpleUrl.replace(/\/$/, ""), reference: "local", resolvedReference: null, subdirectory: null },
    develop: null,
  };
}

/** pip freeze of a fresh venv after `pip install -r <file>` (the exit status and output too). */
async function pipInstall(dir: string, file: string): Promise<{ code: number; err: string; frozen: string[] }> {
  const venv = mkdtempSync(join(root, "venv-"));
  expect((await sh([PYTHON, "-m", "venv", venv], dir)).code).toBe(0);
  const py = join(venv, "bin/python");
  const r = await sh([py, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r", file, "--index-url", index.simpleUrl], dir);
  const frozen = (await sh([py, "-m", "pip", "freeze", "--all", "--disable-pip-version-check"], dir)).out
    .split("\n")
    .filter((l) => l !== "" && !/^(pip|setuptools|wheel)==/.test(l))
    .sort();
  return { code: r.code, err: r.err + r.out, frozen };
}

const canRun = binaryBuilt();

beforeAll(async () => {
  if (!canRun) return;
  root = mkdtempSync(join(tmpdir(), "verse-export-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"));
  index = await startIndexServer({ json: true });
  for (const s of SPECS) {
    const dist = makeWheel({ name: s.name, version: s.version, deps: s.deps });
    dists.set(s.name.toLowerCase(), dist);
    index.addDist(dist);
  }
  project = join(root, "demo");
  mkdirSync(project);
  writeFileSync(
    join(project, "pyproject.toml"),
    `[tool.poetry]
name = "demo"
version = "0.1.0"
description = ""
authors = []
package-mode = false

[tool.poetry.dependencies]
python = "^3.9"
alpha = "^1.0"
winonly = { version = "^1.0", platform = "win32" }
fastlib = { version = "^2.0", optional = true }

[tool.poetry.extras]
fast = ["fastlib"]

[tool.poetry.group.dev.dependencies]
delta = "^4.0"
gamma = "^3.0"
oldpy = { version = "*", python = "<3.9" }

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
docsy = "^5.0"

[[tool.poetry.source]]
name = "local"
url = "${index.simpleUrl}"
priority = "primary"
`,
  );
  const loaded = loadProject(project);
  const packages = SPECS.map((s) => lockedPackage(s, dists.get(s.name.toLowerCase()) as BuiltDist)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const lock: Lock = { packages, extras: { fast: ["fastlib"] }, metadata: { lockVersion: "2.1", pythonVersions: "^3.9", contentHash: contentHash(loaded) } };
  writeLock(join(project, "poetry.lock"), lock);
});

afterAll(async () => {
  if (!canRun) return;
  await index.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!canRun)("verse export (compiled binary, pip as the oracle)", () => {
  test("requirements.txt: the exact text, then pip reproduces the locked set", async () => {
    const r = await verse(["export", "-f", "requirements.txt", "-o", "requirements.txt"], project);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const text = readFileSync(join(project, "requirements.txt"), "utf8");
    const host = new URL(index.simpleUrl).host;
    const py = 'python_version >= "3.9" and python_version < "4.0"';
    const hashOf = (n: string) => sha256((dists.get(n) as BuiltDist).bytes);
    expect(text).toBe(
      [
        `--trusted-host ${host}`,
        `--index-url ${index.simpleUrl.replace(/\/$/, "")}`,
        "",
        `alpha==1.0 ; ${py} \\`,
        `    --hash=sha256:${hashOf("alpha")}`,
        `delta==4.0 ; ${py} \\`,
        `    --hash=sha256:${hashOf("delta")}`,
        `gamma==3.0 ; ${py} \\`,
        `    --hash=sha256:${hashOf("gamma")}`,
        `winonly==1.0 ; ${py} and sys_platform == "win32" \\`,
        `    --hash=sha256:${hashOf("winonly")}`,
        "",
      ].join("\n"),
    );
    const pip = await pipInstall(project, "requirements.txt");
    expect(pip.code).toBe(0);
    // winonly is filtered by its marker, oldpy by its python marker (dev group, python < 3.9)
    expect(pip.frozen).toEqual(["alpha==1.0", "delta==4.0", "gamma==3.0"]);
  }, 120_000);

  test("--only main -E fast and --with docs: pip installs exactly that selection", async () => {
    const main = await verse(["export", "--only", "main", "-E", "fast", "-o", "main.txt"], project);
    expect(main.code).toBe(0);
    const pipMain = await pipInstall(project, "main.txt");
    expect(pipMain.code).toBe(0);
    expect(pipMain.frozen).toEqual(["alpha==1.0", "fastlib==2.0", "gamma==3.0"]);
    const docs = await verse(["export", "--with", "docs", "--without", "dev", "--without-hashes"], project);
    expect(docs.code).toBe(0);
    expect(docs.out).not.toContain("--hash");
    expect(docs.out.split("\n").filter((l) => /^[a-z]/.test(l)).map((l) => l.split(" ")[0])).toEqual(["alpha==1.0", "docsy==5.0", "gamma==3.0", "winonly==1.0"]);
  }, 120_000);

  test("a tampered hash makes pip refuse to install", async () => {
    const text = readFileSync(join(project, "requirements.txt"), "utf8");
    const good = sha256((dists.get("gamma") as BuiltDist).bytes);
    writeFileSync(join(project, "tampered.txt"), text.replace(good, "0".repeat(64)));
    const pip = await pipInstall(project, "tampered.txt");
    expect(pip.code).not.toBe(0);
    expect(pip.err).toContain("DO NOT MATCH THE HASHES");
  }, 120_000);

  test("--dev is accepted as --with dev, with a notice; constraints.txt", async () => {
    const dev = await verse(["export", "--dev", "--without-urls", "--without-hashes"], project);
    expect(dev.code).toBe(0);
    expect(dev.err).toContain("--with dev");
    expect(dev.out).toContain("delta==4.0");
    expect(dev.out).not.toContain("--index-url");
    const c = await verse(["export", "-f", "constraints.txt", "--without-hashes", "--only", "dev"], project);
    expect(c.code).toBe(0);
    expect(c.out.trim().split("\n").slice(-2)).toEqual([
      'delta==4.0 ; python_version >= "3.9" and python_version < "4.0"',
      'gamma==3.0 ; python_version >= "3.9" and python_version < "4.0"',
    ]);
  }, 60_000);

  test("pylock.toml: PEP 751 structure with the index's real URLs and hashes", async () => {
    const r = await verse(["export", "-f", "pylock.toml", "-o", "pylock.toml", "-E", "fast"], project);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = parse(readFileSync(join(project, "pylock.toml"), "utf8"));
    const checked = pylockSchema.safeParse(doc);
    expect(checked.error?.issues ?? []).toEqual([]);
    const data = checked.data as NonNullable<typeof checked.data>;
    expect(data["requires-python"]).toBe(">=3.9,<4.0");
    expect(data.packages.map((p) => p.name)).toEqual(["alpha", "delta", "fastlib", "gamma", "oldpy", "winonly"]);
    for (const p of data.packages) {
      const dist = dists.get(p.name) as BuiltDist;
      expect(p.index).toBe(index.simpleUrl.replace(/\/$/, ""));
      expect(p.wheels?.length).toBe(1);
      const w = p.wheels![0]!;
      expect(w.hashes).toEqual({ sha256: sha256(dist.bytes) });
      const served = new Uint8Array(await (await fetch(w.url as string)).arrayBuffer());
      expect(sha256(served)).toBe(sha256(dist.bytes));
    }
    expect(data.packages.find((p) => p.name === "oldpy")?.marker).toBe('python_version < "3.9"');
  }, 60_000);

  test("bad input: unknown format, group or extra; a stale lock", async () => {
    const f = await verse(["export", "-f", "pipfile"], project);
    expect(f.code).toBe(2);
    expect(f.err).toContain("Invalid export format: pipfile");
    const g = await verse(["export", "--with", "nope"], project);
    expect(g.code).not.toBe(0);
    expect(g.err).toContain("nope");
    const e = await verse(["export", "-E", "nope"], project);
    expect(e.code).not.toBe(0);
    expect(e.err).toContain("Extra [nope] is not specified");
    const stale = join(root, "stale");
    mkdirSync(stale);
    writeFileSync(join(stale, "pyproject.toml"), readFileSync(join(project, "pyproject.toml"), "utf8").replace('alpha = "^1.0"', 'alpha = "^1.1"'));
    writeFileSync(join(stale, "poetry.lock"), readFileSync(join(project, "poetry.lock"), "utf8"));
    const s = await verse(["export"], stale);
    expect(s.code).toBe(1);
    expect(s.err).toContain("pyproject.toml changed significantly");
  }, 60_000);
});
