/**
 * PEP 427/491 install of a wheel already unpacked in the cache. Every file is first checked
 * (paths inside the environment, known schemes), then linked straight to its final place; the
 * generated files follow (scripts, INSTALLER, RECORD: never links to the wheel's own files, but
 * hard links to content-addressed copies in the cache in hardlink mode, see generated-files.ts,
 * since creating an inode costs ~17× a link), and the `.dist-info` directory is
 * built in a staging directory inside the environment (same file system) and renamed into place
 * last. A package therefore counts as installed (its dist-info exists, with a RECORD) only once
 * all its files are in place; an interrupted install leaves at most unlisted files, which the
 * next install overwrites. Linking in place rather than staging the whole tree and moving it
 * halves the directory operations, the main cost of installing from a warm cache.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName } from "../standards/names.ts";
import { hashEntry, type RecordEntry, type RecordHash } from "../standards/record.ts";
import { InstallError, InvalidWheelError } from "./errors.ts";
import { fsInstallError } from "./fs-errors.ts";
import { placeGenerated } from "./generated-files.ts";
import type { Linker } from "./link.ts";
import { escapes, formatRecord, readWheelRecord, verifyWheelFiles } from "./record.ts";
import { entryPointScript, rewriteScript, scriptEntryPoints } from "./scripts.ts";

/** Where each scheme of the environment lives. */
export interface Destination {
  readonly purelib: string;
  readonly platlib: string;
  readonly scripts: string;
  /** `headers` of this distribution (pip: <prefix>/include/site/pythonX.Y/<name>). */
  readonly headers: (distName: string) => string;
  readonly data: string;
  /** The interpreter scripts run with. */
  readonly python: string;
  /** A directory on the same file system for staging (created as needed). */
  readonly staging: string;
}

export type SchemeName = "purelib" | "platlib" | "scripts" | "headers" | "data";
const SCHEMES: readonly SchemeName[] = ["purelib", "platlib", "scripts", "headers", "data"];

export interface WheelInstallOptions {
  readonly wheelDir: string;
  readonly filename: string;
  readonly dest: Destination;
  readonly linker: Linker;
  readonly requested: boolean;
  /** PEP 610 content, or null for a package from an index. */
  readonly directUrl: Readonly<Record<string, unknown>> | null;
  /** A file that marks this unpacked wheel as verified (skip re-hashing), or null to always verify. */
  readonly verifiedMarker: string | null;
  /** The cache directory of generated files shared by hard link (generated-files.ts), or null/absent: always write them. */
  readonly generatedDir?: string | null;
}

export interface InstalledWheel {
  readonly name: string;
  readonly version: string;
  readonly distInfo: string;
  readonly files: number;
  /** Absolute paths of the installed .py files of the wheel, in any scheme (what --compile compiles, as pip). */
  readonly pyFiles: readonly string[];
}

function readWheelMeta(wheelDir: string, distInfo: string, filename: string): { purelib: boolean } {
  let text: string;
  try {
    text = readFileSync(join(wheelDir, distInfo, "WHEEL"), "utf8");
  } catch {
    throw new InvalidWheelError(`${filename} has no ${distInfo}/WHEEL file`);
  }
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const c = line.indexOf(":");
    if (c > 0) fields.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  const version = fields.get("wheel-version") ?? "1.0";
  if (!version.startsWith("1.")) throw new InvalidWheelError(`${filename} has Wheel-Version ${version}; verse installs version 1 wheels`);
  return { purelib: (fields.get("root-is-purelib") ?? "true").toLowerCase() === "true" };
}

function findDistInfo(wheelDir: string, filename: string): string {
  const parsed = parseWheelFilename(filename);
  const want = canonicalizeName(parsed.name);
  const candidates = readdirSync(wheelDir).filter((d) => d.endsWith(".dist-info"));
  const match = candidates.find((d) => {
    const stem = d.slice(0, -".dist-info".length);
    return canonicalizeName(stem.slice(0, stem.lastIndexOf("-"))) === want;
  });
  if (match === undefined) throw new InvalidWheelError(`${filename} has no .dist-info directory for ${parsed.name} (in ${wheelDir}: ${candidates.join(", ")})`);
  return match;
}

/** Every file under `dir`, as '/'-separated paths relative to it. */
function walk(dir: string, prefix = "", out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) walk(join(dir, e.name), rel, out);
    else out.push(rel);
  }
  return out;
}

/** Move `src` into `dst`, merging into directories that already exist. */
export function mergeMove(src: string, dst: string): void {
  try {
    renameSync(src, dst);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      mkdirSync(dirname(dst), { recursive: true });
      renameSync(src, dst);
      return;
    }
    if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "EISDIR" && code !== "ENOTDIR") throw e;
  }
  if (!existsSync(dst)) throw new InstallError(`cannot move ${src} to ${dst}`);
  for (const name of readdirSync(src)) mergeMove(join(src, name), join(dst, name));
  try {
    rmdirSync(src); // emptied above: no recursive walk needed
  } catch {
    rmSync(src, { recursive: true, force: true });
  }
}

/** mkdir of a directory inside `staging`, creating `staging` itself only the first time it is missing. */
function makeStagedDir(staging: string, dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    mkdirSync(staging, { recursive: true });
    mkdirSync(dir);
  }
}

/** Install the unpacked wheel; returns what was installed. */
export function installWheel(o: WheelInstallOptions): InstalledWheel {
  const { wheelDir, filename, dest } = o;
  const parsed = parseWheelFilename(filename);
  const distInfo = findDistInfo(wheelDir, filename);
  const { purelib } = readWheelMeta(wheelDir, distInfo, filename);
  const record = readWheelRecord(wheelDir, distInfo, filename);
  if (o.verifiedMarker === null || !existsSync(o.verifiedMarker)) {
    verifyWheelFiles(wheelDir, record, filename);
    if (o.verifiedMarker !== null) {
      mkdirSync(dirname(o.verifiedMarker), { recursive: true });
      writeFileSync(o.verifiedMarker, "");
    }
  }
  const known = new Map(record.map((e) => [e.path, e]));
  const rootScheme: SchemeName = purelib ? "purelib" : "platlib";
  const dataPrefix = `${distInfo.slice(0, -".dist-info".length)}.data/`;
  const distName = parsed.name;
  const schemeDir = (s: SchemeName): string => (s === "headers" ? dest.headers(distName) : dest[s]);
  const siteDir = dest[rootScheme];

  // check every path before touching the environment: a bad wheel leaves nothing behind
  const plan: { src: string; scheme: SchemeName; rel: string; path: string }[] = [];
  for (const path of walk(wheelDir)) {
    if (path === `${distInfo}/RECORD` || path === `${distInfo}/INSTALLER` || path === `${distInfo}/REQUESTED` || path === `${distInfo}/direct_url.json`) continue;
    if (escapes(path)) throw new InvalidWheelError(`${filename} has a file whose path escapes the environment: ${JSON.stringify(path)}`);
    if (path.startsWith(dataPrefix)) {
      const rest = path.slice(dataPrefix.length);
      const slash = rest.indexOf("/");
      const name = rest.slice(0, slash) as SchemeName;
      if (slash <= 0 || !SCHEMES.includes(name)) throw new InvalidWheelError(`${filename} has a file in an unknown scheme: ${path}`, "Wheel .data/ directories may hold purelib, platlib, scripts, headers and data.");
      plan.push({ src: join(wheelDir, path), scheme: name, rel: rest.slice(slash + 1), path });
    } else {
      plan.push({ src: join(wheelDir, path), scheme: rootScheme, rel: path, path });
    }
  }
  const eps = existsSync(join(wheelDir, distInfo, "entry_points.txt")) ? scriptEntryPoints(readFileSync(join(wheelDir, distInfo, "entry_points.txt"), "utf8"), filename) : [];

  // the dist-info is built under a unique name in the staging directory, then renamed into place
  const stagedDistInfo = join(dest.staging, `${distInfo}-${crypto.randomUUID().slice(0, 8)}`);
  let committed = false;
  const distInfoPrefix = `${distInfo}/`;
  const out: RecordEntry[] = [];
  const recordPath = (scheme: SchemeName, rel: string): string => {
    const abs = join(schemeDir(scheme), rel);
    return scheme === rootScheme ? rel : relative(siteDir, abs).split("\\").join("/");
  };
  const pyFiles: string[] = [];
  /** The path being written, for the message when the file system refuses (the errno error often has none). */
  let writing: string | null = stagedDistInfo;
  try {
    makeStagedDir(dest.staging, stagedDistInfo);
    const made = new Set<string>([stagedDistInfo]);
    // a plain mkdir costs half of a recursive one (which probes first); the tree is walked parents
    // first, so the recursive form is only needed for a parent that holds no file of its own
    const ensureDir = (d: string) => {
      if (made.has(d)) return;
      writing = d;
      try {
        mkdirSync(d);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") mkdirSync(d, { recursive: true });
        else if (code !== "EEXIST") throw e;
      }
      made.add(d);
    };
    // generated files: a hard link to the cache's copy when the environment shares inodes with the cache
    const generate = (target: string, data: Uint8Array, executable: boolean): RecordHash => {
      const hash = hashEntry("", data).hash as RecordHash; // always set for a file's content
      writing = target;
      placeGenerated({ target, data, digest: hash.value, executable, share: o.linker.used === "hardlink", dir: o.generatedDir ?? null });
      return hash;
    };
    for (const { src, scheme, rel, path } of plan) {
      const inDistInfo = scheme === rootScheme && path.startsWith(distInfoPrefix);
      const target = inDistInfo ? join(stagedDistInfo, path.slice(distInfoPrefix.length)) : join(schemeDir(scheme), rel);
      ensureDir(dirname(target));
      writing = target;
      if (!inDistInfo && rel.endsWith(".py")) pyFiles.push(target); // pip compiles every .py the wheel installs, scripts included
      if (scheme === "scripts") {
        const data = new Uint8Array(readFileSync(src));
        const rewritten = rewriteScript(data, dest.python);
        const hash = generate(target, rewritten ?? data, true);
        out.push({ path: recordPath(scheme, rel), hash, size: (rewritten ?? data).length });
        continue;
      }
      o.linker.link(src, target);
      const entry = known.get(path) ?? hashEntry(path, new Uint8Array(readFileSync(src)));
      out.push({ ...entry, path: recordPath(scheme, rel) });
    }
    if (eps.length > 0) ensureDir(dest.scripts);
    const encoder = new TextEncoder();
    for (const ep of eps) {
      const data = encoder.encode(entryPointScript(ep, dest.python));
      out.push({ path: recordPath("scripts", ep.name), hash: generate(join(dest.scripts, ep.name), data, true), size: data.length });
    }
    const extra = (name: string, text: string): void => {
      const data = encoder.encode(text);
      out.push({ path: `${distInfo}/${name}`, hash: generate(join(stagedDistInfo, name), data, false), size: data.length });
    };
    extra("INSTALLER", "verse\n");
    if (o.requested) extra("REQUESTED", "");
    if (o.directUrl !== null) extra("direct_url.json", JSON.stringify(o.directUrl));
    out.push({ path: `${distInfo}/RECORD`, hash: null, size: null });
    const recordText = encoder.encode(formatRecord(out));
    generate(join(stagedDistInfo, "RECORD"), recordText, false);
    // commit: the dist-info that makes it "installed"
    const finalDistInfo = join(siteDir, distInfo);
    writing = finalDistInfo;
    if (existsSync(finalDistInfo)) rmSync(finalDistInfo, { recursive: true, force: true });
    mergeMove(stagedDistInfo, finalDistInfo);
    committed = true;
    return { name: parsed.name, version: parsed.version.toString(), distInfo: finalDistInfo, files: out.length, pyFiles };
  } catch (e) {
    // a full disk, a read-only mount...: say which file and what to do (the writes all go into the environment)
    throw fsInstallError(e, { doing: `Installing ${filename}`, path: writing, where: "env" }) ?? e;
  } finally {
    if (!committed) rmSync(stagedDistInfo, { recursive: true, force: true });
  }
}
