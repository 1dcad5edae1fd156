/**
 * Seeds pip into a new environment from the interpreter's own bundled ensurepip wheel, natively:
 * no Python start, no network. The wheel is unpacked once into the cache
 * (`<cache>/seed/v1/<wheel>-<key>/`) and then hard-linked into each environment (copied when
 * linking is not possible, e.g. across file systems), as verse does for every wheel.
 * The dist-info gets INSTALLER and a RECORD that lists the console scripts too, so that
 * `pip uninstall pip` and `pip install -U pip` work as in a venv made by ensurepip.
 */
import { chmodSync, copyFileSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { VenvCreationError } from "./errors.ts";
import { consoleScript } from "./scripts.ts";
import { readZip } from "./zip-read.ts";

interface Unpacked {
  readonly root: string;
  readonly files: readonly string[];
  readonly distInfo: string;
  readonly record: string;
}

const MANIFEST = ".verse-files.json";

function b64(digest: Buffer): string {
  return digest.toString("base64url");
}

function recordLine(path: string, bytes: Uint8Array): string {
  const name = /[",\n]/.test(path) ? `"${path.replace(/"/g, '""')}"` : path;
  return `${name},sha256=${b64(new Bun.CryptoHasher("sha256").update(bytes).digest())},${bytes.length}`;
}

function unpackInto(wheel: string, dest: string): { files: string[]; distInfo: string } {
  let data: Uint8Array;
  try {
    data = readFileSync(wheel);
  } catch (e) {
    throw new VenvCreationError(`Cannot read pip's bundled wheel ${wheel}: ${(e as Error).message}`, {
      hint: "Create the environment without pip (virtualenvs.options.no-pip = true), or repair this Python's ensurepip.",
    });
  }
  const files: string[] = [];
  const made = new Set<string>();
  let distInfo = "";
  for (const entry of readZip(data, wheel)) {
    const target = join(dest, entry.name);
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(target, entry.read());
    if (entry.mode !== null && (entry.mode & 0o111) !== 0) chmodSync(target, 0o755);
    files.push(entry.name);
    const top = entry.name.split("/")[0]!;
    if (top.endsWith(".dist-info")) distInfo = top;
  }
  if (!distInfo) throw new VenvCreationError(`${wheel} has no .dist-info directory: it is not a wheel.`);
  return { files, distInfo };
}

/** The unpacked wheel in the cache, unpacking it on first use (atomically: temp dir + rename). */
function unpacked(wheel: string, cacheDir: string | null, scratch: string): Unpacked {
  let key: string;
  try {
    const st = statSync(wheel);
    key = new Bun.CryptoHasher("sha256").update(`${wheel}\0${st.size}\0${st.mtimeMs}`).digest("hex").slice(0, 16);
  } catch {
    throw new VenvCreationError(`pip's bundled wheel ${wheel} has disappeared.`, { hint: "Run the command again: the interpreter will be queried afresh." });
  }
  const load = (root: string): Unpacked | null => {
    try {
      const m = JSON.parse(readFileSync(join(root, MANIFEST), "utf8")) as { files: string[]; distInfo: string };
      const record = readFileSync(join(root, m.distInfo, "RECORD"), "utf8");
      return { root, files: m.files, distInfo: m.distInfo, record };
    } catch {
      return null;
    }
  };
  if (cacheDir !== null) {
    const root = join(cacheDir, "seed", "v1", `${basename(wheel, ".whl")}-${key}`);
    const hit = load(root);
    if (hit) return hit;
    const tmp = `${root}.tmp-${crypto.randomUUID().slice(0, 8)}`;
    try {
      const { files, distInfo } = unpackInto(wheel, tmp);
      writeFileSync(join(tmp, MANIFEST), JSON.stringify({ files, distInfo }));
      try {
        renameSync(tmp, root);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another process won the race
      }
      const done = load(root);
      if (done) return done;
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (e instanceof VenvCreationError) throw e;
      // an unwritable cache: unpack into the scratch directory instead
    }
  }
  const { files, distInfo } = unpackInto(wheel, scratch);
  return { root: scratch, files, distInfo, record: readFileSync(join(scratch, distInfo, "RECORD"), "utf8") };
}

export interface SeedOptions {
  /** The ensurepip wheel to seed from. */
  readonly wheel: string;
  /** site-packages inside the directory being built. */
  readonly sitePackages: string;
  /** bin (Scripts) inside the directory being built. */
  readonly binDir: string;
  /** The environment's interpreter at its final location (for the scripts' shebang). */
  readonly finalPython: string;
  /** "3.12": pip installs pip, pip3 and pip3.12. */
  readonly minor: string;
  readonly cacheDir: string | null;
  readonly platform: NodeJS.Platform;
}

/** Links pip into site-packages and writes its console scripts. Returns pip's version. */
export function seedPip(options: SeedOptions): string {
  const scratch = join(dirname(options.sitePackages), `.verse-seed-${crypto.randomUUID().slice(0, 8)}`);
  try {
    const src = unpacked(options.wheel, options.cacheDir, scratch);
    let link = src.root !== scratch;
    const made = new Set<string>();
    for (const file of src.files) {
      const target = join(options.sitePackages, file);
      const dir = dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      if (file === `${src.distInfo}/RECORD`) continue; // rewritten below
      const from = join(src.root, file);
      if (link) {
        try {
          linkSync(from, target);
          continue;
        } catch {
          link = false; // EXDEV, EPERM...: copy from now on
        }
      }
      copyFileSync(from, target);
    }
    const distInfoDir = join(options.sitePackages, src.distInfo);
    const installer = new TextEncoder().encode("verse\n");
    writeFileSync(join(distInfoDir, "INSTALLER"), installer);
    const keep = src.record
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "" && !l.startsWith(`${src.distInfo}/RECORD,`) && !l.startsWith(`${src.distInfo}/INSTALLER,`));
    const lines = [...keep, recordLine(`${src.distInfo}/INSTALLER`, installer)];
    const binRel = relative(options.sitePackages, options.binDir).split("\\").join("/");
    for (const name of ["pip", "pip3", `pip${options.minor}`]) {
      const script = consoleScript(options.finalPython, "pip._internal.cli.main", "main");
      const path = join(options.binDir, name);
      writeFileSync(path, script, { mode: 0o755 });
      lines.push(recordLine(`${binRel}/${name}`, script));
    }
    lines.push(`${src.distInfo}/RECORD,,`);
    writeFileSync(join(distInfoDir, "RECORD"), lines.join("\n") + "\n");
    const version = /^pip-([^-]+)\.dist-info$/.exec(src.distInfo)?.[1] ?? "unknown";
    return version;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
