/**
 * Fixtures for the PEP 517 tests (unit and e2e), all offline:
 *  - buildBackendWheels(): a directory with the build backends this machine carries as wheels —
 *    setuptools 67.6.1 (CPython 3.12's test data; works on 3.8-3.13, unlike the ensurepip
 *    setuptools 56-65, which break on 3.12, and Debian's 66.1.1, patched for Debian's own
 *    distutils), wheel 0.38.4 (Debian's python3-wheel-whl: old setuptools asks for it), and a
 *    poetry-core 1.4.0 wheel zipped from Debian's python3-poetry-core (vendored dependencies).
 *  - setuptoolsSdist(): an sdist built by the setuptools backend.
 *  - poetrySdist(): an sdist for the poetry-core backend.
 *  - inTreeBackend(): a source tree with its own tiny backend (backend-path), no requirements:
 *    records config_settings in the wheel and fails on demand after printing 80 lines.
 *  - writeLockedProject(): pyproject.toml + poetry.lock with arbitrary locked packages.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { zipSync } from "fflate";
import { contentHash, renderLock, type Lock, type LockedPackage } from "../../../src/lock/index.ts";
import { loadProject } from "../../../src/project/index.ts";
import { makeTarGz, type BuiltDist } from "../../helpers/make-wheel.ts";

const enc = new TextEncoder();
const SETUPTOOLS = "/root/.pyenv/versions/3.12.1/lib/python3.12/test/setuptools-67.6.1-py3-none-any.whl";
const WHEEL = "/usr/share/python-wheels/wheel-0.38.4-py3-none-any.whl";
const POETRY_CORE_SITE = "/usr/lib/python3/dist-packages";

export function backendWheelsAvailable(): boolean {
  return existsSync(SETUPTOOLS) && existsSync(WHEEL);
}

export function poetryCoreAvailable(): boolean {
  return existsSync(join(POETRY_CORE_SITE, "poetry", "core", "masonry", "api.py")) && existsSync(join(POETRY_CORE_SITE, "poetry_core-1.4.0.dist-info"));
}

function b64(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("base64url");
}

/** A wheel zipped from an installed package tree (RECORD regenerated). */
function wheelFrom(files: Record<string, Uint8Array>, distInfo: string): Uint8Array {
  const lines = Object.entries(files).map(([p, d]) => `${p},sha256=${b64(d)},${d.length}`);
  lines.push(`${distInfo}/RECORD,,`);
  return zipSync({ ...files, [`${distInfo}/RECORD`]: enc.encode(lines.join("\n") + "\n") });
}

export function poetryCoreWheel(): BuiltDist {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "__pycache__") continue;
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else files[relative(POETRY_CORE_SITE, abs)] = new Uint8Array(readFileSync(abs));
    }
  };
  walk(join(POETRY_CORE_SITE, "poetry", "core"));
  const di = "poetry_core-1.4.0.dist-info";
  const metadata = "Metadata-Version: 2.1\nName: poetry-core\nVersion: 1.4.0\nSummary: Poetry PEP 517 Build Backend\nRequires-Python: >=3.7,<4.0\n";
  files[`${di}/METADATA`] = enc.encode(metadata);
  files[`${di}/WHEEL`] = enc.encode("Wheel-Version: 1.0\nGenerator: verse-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
  return { filename: "poetry_core-1.4.0-py3-none-any.whl", bytes: wheelFrom(files, di), metadata };
}

/** A directory holding setuptools, wheel (and poetry-core when available) wheels. */
export function buildBackendWheels(dir: string): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(SETUPTOOLS, join(dir, "setuptools-67.6.1-py3-none-any.whl"));
  copyFileSync(WHEEL, join(dir, "wheel-0.38.4-py3-none-any.whl"));
  if (poetryCoreAvailable()) {
    const w = poetryCoreWheel();
    writeFileSync(join(dir, w.filename), w.bytes);
  }
  return dir;
}

/** Source files of a setuptools project `name` (module = name with - → _). */
export function setuptoolsTree(name: string, version: string, extra: Record<string, string> = {}): Record<string, string> {
  const mod = name.replace(/-/g, "_");
  return {
    "pyproject.toml": `[build-system]\nrequires = ["setuptools>=40.8"]\nbuild-backend = "setuptools.build_meta"\n`,
    "setup.cfg": `[metadata]\nname = ${name}\nversion = ${version}\n\n[options]\npackages = ${mod}\n`,
    [`${mod}/__init__.py`]: `VALUE = "${name} ${version} built"\n`,
    ...extra,
  };
}

export function writeTree(dir: string, files: Record<string, string>): string {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

function sdistOf(name: string, version: string, files: Record<string, string>): BuiltDist {
  const root = `${name.replace(/-/g, "_")}-${version}`;
  const metadata = `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`;
  const members: [string, Uint8Array][] = [[`${root}/PKG-INFO`, enc.encode(metadata)]];
  for (const [p, t] of Object.entries(files)) members.push([`${root}/${p}`, enc.encode(t)]);
  return { filename: `${root}.tar.gz`, bytes: makeTarGz(members), metadata };
}

export function setuptoolsSdist(name: string, version: string, extra: Record<string, string> = {}): BuiltDist {
  return sdistOf(name, version, setuptoolsTree(name, version, extra));
}

/** An sdist whose setup.py fails after printing lines (a broken build). */
export function failingSdist(name: string, version: string): BuiltDist {
  const lines = Array.from({ length: 70 }, (_, i) => `print("compiling step ${i}")`).join("\n");
  return sdistOf(name, version, {
    "pyproject.toml": `[build-system]\nrequires = ["setuptools>=40.8"]\nbuild-backend = "setuptools.build_meta"\n`,
    "setup.py": `${lines}\nraise SystemExit("error: the C compiler 'cc-does-not-exist' failed")\n`,
  });
}

export function poetrySdist(name: string, version: string): BuiltDist {
  const mod = name.replace(/-/g, "_");
  return sdistOf(name, version, {
    "pyproject.toml": `[tool.poetry]\nname = "${name}"\nversion = "${version}"\ndescription = ""\nauthors = ["T <t@example.com>"]\npackages = [{ include = "${mod}" }]\n\n[tool.poetry.dependencies]\npython = "^3.7"\n\n[build-system]\nrequires = ["poetry-core>=1.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n`,
    [`${mod}/__init__.py`]: `VALUE = "${name} ${version} built by poetry-core"\n`,
  });
}

const IN_TREE_BACKEND = `
import base64, hashlib, json, os, zipfile

def _meta():
    with open("meta.json") as f:
        return json.load(f)

def get_requires_for_build_wheel(config_settings=None):
    return []

def _write(wheel_directory, files, name, version):
    dist = "%s-%s.dist-info" % (name, version)
    files["%s/METADATA" % dist] = "Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\n" % (name, version)
    files["%s/WHEEL" % dist] = "Wheel-Version: 1.0\\nGenerator: in-tree\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = []
    for path, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    record.append("%s/RECORD,," % dist)
    files["%s/RECORD" % dist] = "\\n".join(record) + "\\n"
    filename = "%s-%s-py3-none-any.whl" % (name, version)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as z:
        for path, text in files.items():
            z.writestr(path, text)
    return filename

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    m = _meta()
    print("in-tree backend building %s with %s" % (m["name"], json.dumps(config_settings, sort_keys=True)))
    if m.get("fail") or (config_settings or {}).get("fail") == "yes":
        for i in range(80):
            print("log line %d" % i)
        raise RuntimeError("the compiler exploded")
    mod = m["name"].replace("-", "_")
    files = {"%s/__init__.py" % mod: "SETTINGS = %r\\n" % (config_settings,)}
    return _write(wheel_directory, files, mod, m["version"])

def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    m = _meta()
    mod = m["name"].replace("-", "_")
    files = {"_%s_editable.pth" % mod: os.path.abspath("src") + "\\n"}
    return _write(wheel_directory, files, mod, m["version"])
`;

/** A source tree with an in-tree backend (build-system.backend-path), needing nothing installed. */
export function inTreeBackend(name: string, version: string, opts: { fail?: boolean } = {}): Record<string, string> {
  const mod = name.replace(/-/g, "_");
  return {
    "pyproject.toml": `[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_build"]\n`,
    "meta.json": JSON.stringify({ name, version, fail: opts.fail === true }),
    "_build/backend.py": IN_TREE_BACKEND,
    [`src/${mod}/__init__.py`]: `EDITABLE = True\n`,
  };
}

/** pyproject.toml and a poetry.lock (2.1) with exactly these packages. */
export function writeLockedProject(dir: string, packages: LockedPackage[], o: { simpleUrl: string; extra?: string; deps?: string[] }): void {
  const deps = o.deps ?? packages.map((p) => p.name);
  const pyproject = [
    "[project]",
    'name = "app"',
    'version = "0.1.0"',
    'requires-python = ">=3.8"',
    `dependencies = [${deps.map((d) => JSON.stringify(d)).join(", ")}]`,
    "",
    "[tool.poetry]",
    "package-mode = false",
    "",
    "[[tool.poetry.source]]",
    'name = "local"',
    `url = "${o.simpleUrl}"`,
    'priority = "primary"',
    "",
    o.extra ?? "",
  ].join("\n");
  writeFileSync(join(dir, "pyproject.toml"), pyproject);
  const project = loadProject(dir);
  const lock: Lock = { packages, extras: {}, metadata: { lockVersion: "2.1", pythonVersions: ">=3.8", contentHash: contentHash(project) } };
  writeFileSync(join(dir, "poetry.lock"), renderLock(lock));
}

/** A locked package with defaults. */
export function locked(p: Partial<LockedPackage> & Pick<LockedPackage, "name" | "version">): LockedPackage {
  return { description: "", optional: false, pythonVersions: "*", groups: ["main"], markers: null, category: null, files: [], dependencies: [], extras: {}, source: null, develop: null, ...p };
}

export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}
