import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VenvCreationError } from "../../../src/python/errors.ts";
import { InterpreterCache, type ResolvedInterpreter } from "../../../src/python/interpreter-cache.ts";
import { createVenv, pyStrRepr, pyvenvCfg } from "../../../src/python/venv.ts";
import { inspectVenv } from "../../../src/python/envs.ts";
import { ensureEnvironment, type EnvContext } from "../../../src/python/environment.ts";
import { defaultVenvSettings } from "../../../src/python/settings.ts";
import { readZip, CorruptArchive } from "../../../src/python/zip-read.ts";

const PY312 = "/root/.pyenv/versions/3.12.1/bin/python";
const PY311 = "/root/.pyenv/versions/3.11.7/bin/python";
const have = existsSync(PY312) && existsSync(PY311);

let root: string;
let cache: InterpreterCache;
let py: ResolvedInterpreter;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-venv-"));
  cache = new InterpreterCache(join(root, "cache"));
  if (have) py = await cache.resolve(PY312);
});
afterAll(() => rmSync(root, { recursive: true, force: true }), 30_000);

const opts = (target: string, over: Partial<Parameters<typeof createVenv>[0]> = {}) => ({
  basePython: PY312,
  info: py.info,
  target,
  prompt: null,
  alwaysCopy: false,
  withPip: true,
  systemSitePackages: false,
  cacheDir: join(root, "cache"),
  replace: false,
  ...over,
});

describe("pyvenv.cfg", () => {
  test("Python's repr of the prompt", () => {
    expect(pyStrRepr("my app")).toBe("'my app'");
    expect(pyStrRepr("it's")).toBe(`"it's"`);
    expect(pyStrRepr(`a'b"c\\`)).toBe(`'a\\'b"c\\\\'`);
  });
});

describe.skipIf(!have)("native venv creation", () => {
  test("the layout python -m venv makes, pip seeded with a full RECORD", () => {
    const made = createVenv(opts(join(root, "a")));
    const a = made.root;
    expect(readFileSync(join(a, "pyvenv.cfg"), "utf8")).toBe(
      `home = /root/.pyenv/versions/3.12.1/bin\ninclude-system-site-packages = false\nversion = 3.12.1\nexecutable = /root/.pyenv/versions/3.12.1/bin/python3.12\ncommand = ${PY312} -m venv ${a}\n`,
    );
    expect(readlinkSync(join(a, "bin", "python"))).toBe(PY312);
    expect(readlinkSync(join(a, "bin", "python3"))).toBe("python");
    expect(readlinkSync(join(a, "bin", "python3.12"))).toBe("python");
    expect(readlinkSync(join(a, "lib64"))).toBe("lib");
    expect(existsSync(join(a, "include", "python3.12"))).toBe(true);
    expect(made.pip).toBe("23.2.1");
    const distInfo = join(a, "lib", "python3.12", "site-packages", "pip-23.2.1.dist-info");
    expect(readFileSync(join(distInfo, "INSTALLER"), "utf8")).toBe("verse\n");
    const record = readFileSync(join(distInfo, "RECORD"), "utf8");
    expect(record).toContain("../../../bin/pip3.12,sha256=");
    expect(record).toContain("pip-23.2.1.dist-info/INSTALLER,sha256=");
    expect(record.trimEnd().endsWith("pip-23.2.1.dist-info/RECORD,,")).toBe(true);
    expect(readFileSync(join(a, "bin", "pip"), "utf8").startsWith(`#!${a}/bin/python\n`)).toBe(true);
    for (const f of ["activate", "activate.fish", "activate.csh", "activate.nu", "Activate.ps1"]) expect(existsSync(join(a, "bin", f))).toBe(true);
    // nothing left beside it
    expect(readdirSync(root).filter((n) => n.includes("verse-tmp"))).toEqual([]);
  });

  test("options: prompt, no pip, copies, system site packages", () => {
    const made = createVenv(opts(join(root, "b"), { prompt: "my app", withPip: false, alwaysCopy: true, systemSitePackages: true }));
    const cfg = readFileSync(join(made.root, "pyvenv.cfg"), "utf8");
    expect(cfg).toContain("include-system-site-packages = true\n");
    expect(cfg).toContain("prompt = 'my app'\n");
    expect(cfg).toContain(`command = ${PY312} -m venv --system-site-packages --copies --without-pip --prompt="my app" ${made.root}\n`);
    expect(lstatSync(join(made.root, "bin", "python")).isSymbolicLink()).toBe(false);
    expect(existsSync(join(made.root, "bin", "pip"))).toBe(false);
    expect(readFileSync(join(made.root, "bin", "activate"), "utf8")).toContain("VIRTUAL_ENV_PROMPT='my app'");
    const r = Bun.spawnSync([made.python, "-c", "import sys, site; print(sys.prefix, site.ENABLE_USER_SITE, any('site-packages' in p and p.startswith(sys.base_prefix) for p in sys.path))"]);
    // with system site packages Python also enables the user site, as in a python -m venv one
    expect(r.stdout.toString().trim()).toBe(`${made.root} True True`);
  });

  test("the bash activate script sets and restores the environment", () => {
    const made = createVenv(opts(join(root, "it's here"), { withPip: false }));
    const script = `PS1='$ '; OLD="$PATH"; source '${made.root.replace(/'/g, `'\\''`)}/bin/activate'; echo "$VIRTUAL_ENV"; echo "$PS1"; command -v python; deactivate; [ "$PATH" = "$OLD" ] && echo restored; echo "[$VIRTUAL_ENV]"; type deactivate >/dev/null 2>&1 || echo gone`;
    const r = Bun.spawnSync(["bash", "-c", script], { env: { PATH: "/usr/bin:/bin" } });
    expect(r.stdout.toString().split("\n")).toEqual([made.root, "(it's here) $ ", `${made.root}/bin/python`, "restored", "[]", "gone", ""]);
  });

  test("an existing target is refused; replace swaps atomically", () => {
    const target = join(root, "a");
    expect(() => createVenv(opts(target))).toThrow(VenvCreationError);
    writeFileSync(join(target, "marker"), "");
    createVenv(opts(target, { replace: true, withPip: false }));
    expect(existsSync(join(target, "marker"))).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes("verse-old") || n.includes("verse-tmp"))).toEqual([]);
  });

  test("an unwritable location: clear message, nothing made", () => {
    writeFileSync(join(root, "a-file"), "");
    const err = (() => {
      try {
        createVenv(opts(join(root, "a-file", "venvs", "x")));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VenvCreationError);
    expect((err as Error).message).toContain("a part of the path is a file, not a directory");
    expect((err as VenvCreationError).hint).toContain("virtualenvs.path");
  });

  test("a failure half-way (corrupt pip wheel) leaves nothing behind", () => {
    const bad = join(root, "pip-99-py3-none-any.whl");
    writeFileSync(bad, "not a zip at all");
    expect(() => createVenv(opts(join(root, "c"), { info: { ...py.info, ensurepip_wheel: bad } }))).toThrow(CorruptArchive);
    expect(existsSync(join(root, "c"))).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes("verse-tmp"))).toEqual([]);
    expect(() => readZip(new Uint8Array(10), "x")).toThrow(CorruptArchive);
  });

  test("pyvenv.cfg before 3.11 has no executable/command", async () => {
    const info = (await cache.resolve("/root/.pyenv/versions/3.10.13/bin/python").catch(() => null))?.info;
    if (!info) return;
    const text = pyvenvCfg({ basePython: "/x/bin/python", info, target: "/t", prompt: null, alwaysCopy: false, withPip: true, systemSitePackages: false }, "/x/bin/python3.10");
    expect(text).toBe("home = /x/bin\ninclude-system-site-packages = false\nversion = 3.10.13\n");
  });
});

describe.skipIf(!have)("surviving upgrades", () => {
  /** A stand-in install: bin/python3 and lib linked to a real pyenv version, swappable. */
  function farm(dir: string, real: string): string {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "bin"), { recursive: true });
    const minor = real.match(/versions\/(\d+\.\d+)/)![1];
    symlinkSync(`${real}${minor}`, join(dir, "bin", "python3"));
    symlinkSync(join(real, "..", "..", "lib"), join(dir, "lib"));
    return join(dir, "bin", "python3");
  }

  test("a base that vanished or changed minor version is detected without running it, and ensureEnvironment recreates", async () => {
    const install = join(root, "install");
    farm(install, PY311);
    const project = join(root, "proj");
    mkdirSync(project, { recursive: true });
    const warnings: string[] = [];
    const ctx: EnvContext = {
      project: { name: "proj", root: project, python: ">=3.11,<3.13" },
      settings: { ...defaultVenvSettings(join(root, "cache")), inProject: true, noPip: true },
      env: { HOME: root, PATH: join(install, "bin"), PYENV_ROOT: join(root, "no-pyenv") },
      cwd: project,
      cache,
      cacheDir: join(root, "cache"),
      warn: (l) => warnings.push(l),
    };
    const first = await ensureEnvironment(ctx);
    expect(first.created).toBe(true);
    expect(first.info.version).toBe("3.11.7");
    expect((await ensureEnvironment(ctx)).created).toBe(false);

    // "brew upgrade": the same path now holds 3.12
    farm(install, PY312);
    const changed = await inspectVenv(first.root, new InterpreterCache(null));
    expect(changed).toMatchObject({ kind: "broken" });
    expect((changed as { reason: string }).reason).toContain("made with Python 3.11.7, but its interpreter is now Python 3.12.1");
    const second = await ensureEnvironment(ctx);
    expect(second.created).toBe(true);
    expect(second.info.version).toBe("3.12.1");
    expect(warnings.join("\n")).toContain("is broken");

    // removed entirely: never run, reported plainly, recreated from another Python
    rmSync(install, { recursive: true });
    const gone = await inspectVenv(first.root, new InterpreterCache(null));
    expect(gone).toMatchObject({ kind: "broken" });
    expect((gone as { reason: string }).reason).toContain("no longer exists");
    const third = await ensureEnvironment({ ...ctx, env: { ...ctx.env, PATH: "/root/.pyenv/versions/3.12.1/bin" } });
    expect(third.created).toBe(true);
    expect(readFileSync(join(third.root, "pyvenv.cfg"), "utf8")).toContain("home = /root/.pyenv/versions/3.12.1/bin");
  }, 30_000);

  test("virtualenvs.create = false uses the discovered interpreter's own environment, or the active venv", async () => {
    const project = join(root, "proj-nocreate");
    mkdirSync(project, { recursive: true });
    const ctx: EnvContext = {
      project: { name: "nocreate", root: project, python: "^3.12" },
      settings: { ...defaultVenvSettings(join(root, "cache")), create: false },
      env: { HOME: root, PATH: "/root/.pyenv/versions/3.12.1/bin", PYENV_ROOT: join(root, "no-pyenv") },
      cwd: project,
      cache,
      cacheDir: join(root, "cache"),
    };
    const sys = await ensureEnvironment(ctx);
    expect(sys.kind).toBe("system");
    expect(sys.root).toBe("/root/.pyenv/versions/3.12.1");
    expect(sys.layout.purelib).toBe("/root/.pyenv/versions/3.12.1/lib/python3.12/site-packages");
    const active = createVenv(opts(join(root, "active-venv"), { withPip: false }));
    const inVenv = await ensureEnvironment({ ...ctx, env: { ...ctx.env, VIRTUAL_ENV: active.root } });
    expect(inVenv.kind).toBe("venv");
    expect(inVenv.root).toBe(active.root);
    expect(inVenv.base.path).toBe("/root/.pyenv/versions/3.12.1/bin/python3.12");
    expect(existsSync(join(root, "cache", "virtualenvs"))).toBe(false);
  });
});
