/**
 * A venv made by verse must be indistinguishable from one made by `python -m venv`, to the
 * interpreter itself (sys, site, sysconfig), and to pip. For every real Python here (pyenv 3.8
 * to 3.13 and Debian's python3) verse makes an in-project `.venv` through the compiled binary,
 * `python -m venv --without-pip` makes a reference beside it, and a probe compares what each
 * interpreter reports with the environment's root replaced by a marker.
 * pip: `python -m pip --version` must name the pip ensurepip bundles (what `python -m venv`
 * seeds) at the venv's site-packages. A full `python -m venv` with pip (slow: ~3 s each) is made
 * once, for 3.12, whose ensurepip seeds pip alone, so `pip list` must be identical there; older
 * ensurepips also seed setuptools, which Poetry (and verse) do not.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv, runBinary } from "../helpers/binary.ts";

const PYTHONS = [
  "/root/.pyenv/versions/3.8.18/bin/python",
  "/root/.pyenv/versions/3.9.18/bin/python",
  "/root/.pyenv/versions/3.10.13/bin/python",
  "/root/.pyenv/versions/3.11.7/bin/python",
  "/root/.pyenv/versions/3.12.1/bin/python",
  "/root/.pyenv/versions/3.13.0/bin/python",
  "/usr/bin/python3",
].filter((p) => existsSync(p));

const PROBE = `
import json, site, sys, sysconfig
root = sys.argv[1]
def norm(v):
    if isinstance(v, str): return v.replace(root, "<ROOT>")
    if isinstance(v, (list, tuple)): return [norm(x) for x in v]
    if isinstance(v, dict): return {k: norm(x) for k, x in v.items()}
    return v
print(json.dumps(norm({
  "prefix": sys.prefix, "exec_prefix": sys.exec_prefix,
  "base_prefix": sys.base_prefix, "base_exec_prefix": sys.base_exec_prefix,
  "executable": sys.executable, "path": sys.path,
  "site_packages": site.getsitepackages(), "user_site": site.ENABLE_USER_SITE,
  "paths": sysconfig.get_paths(), "scheme": sysconfig.get_default_scheme() if hasattr(sysconfig, "get_default_scheme") else None,
  "flags": list(sys.flags), "version": sys.version,
}), sort_keys=True))
`;

let root: string;
let env: Record<string, string>;

function pipEnv(): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("PIP_") && v !== undefined) e[k] = v;
  return { ...e, PIP_CONFIG_FILE: "/dev/null", PIP_DISABLE_PIP_VERSION_CHECK: "1" };
}

function run(cmd: string[], cwd = root): { code: number; out: string; err: string } {
  const r = Bun.spawnSync(cmd, { cwd, env: pipEnv(), stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString(), err: r.stderr.toString() };
}

function probe(venv: string): unknown {
  const r = run([join(venv, "bin", "python"), "-c", PROBE, venv]);
  expect(r.err).toBe("");
  return JSON.parse(r.out);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-cmp-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { POETRY_VIRTUALENVS_IN_PROJECT: "true" });
});
afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

describe.skipIf(!binaryBuilt())("verse venv vs python -m venv", () => {
  for (const python of PYTHONS) {
    test(`looks the same to sys, site, sysconfig and pip: ${python}`, () => {
      const tag = python.split("/").slice(-3, -2)[0] === "usr" ? "debian" : python.split("/").slice(-3, -2)[0]!;
      const project = join(root, `proj-${tag}`);
      mkdirSync(project);
      writeFileSync(join(project, "pyproject.toml"), `[project]\nname = "cmp"\nversion = "0"\n`);
      const made = runBinary(VERSE_BIN, ["env", "use", python], { cwd: project, env });
      expect(made.stderr).toBe("");
      expect(made.exitCode).toBe(0);
      const ours = join(project, ".venv");
      const ref = join(root, `ref-${tag}`);
      expect(run([python, "-m", "venv", "--without-pip", ref]).code).toBe(0);
      expect(probe(ours)).toEqual(probe(ref));
      const pip = run([join(ours, "bin", "python"), "-m", "pip", "--version"]);
      expect(pip.code).toBe(0);
      const wheel = run([python, "-I", "-c", "import ensurepip,sysconfig,os; print(ensurepip.version() if hasattr(ensurepip,'version') else '')"]).out.trim();
      expect(pip.out).toContain(`pip ${wheel} from ${ours}/lib/python`);
      const script = run([join(ours, "bin", "pip"), "--version"]);
      expect(script.out).toBe(pip.out);
    }, 30_000);
  }

  test.skipIf(!existsSync("/root/.pyenv/versions/3.12.1/bin/python"))("pip list and pip check agree with a full python -m venv (3.12)", () => {
    const python = "/root/.pyenv/versions/3.12.1/bin/python";
    const ours = join(root, "proj-3.12.1", ".venv");
    const ref = join(root, "ref-full-3.12");
    expect(run([python, "-m", "venv", ref]).code).toBe(0);
    // (not `show -f`: ensurepip compiles bytecode, verse by design does not unless asked)
    for (const args of [["list", "--format=json"], ["check"], ["show", "pip"]]) {
      const a = run([join(ours, "bin", "python"), "-m", "pip", ...args]);
      const b = run([join(ref, "bin", "python"), "-m", "pip", ...args]);
      expect(a.code).toBe(b.code);
      expect(a.out.replaceAll(ours, "<ROOT>")).toBe(b.out.replaceAll(ref, "<ROOT>"));
    }
  }, 60_000);
});
