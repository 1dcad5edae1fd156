/**
 * PEP 427/491 install of a wheel already unpacked in the cache. Every file is first checked
 * (paths inside the environment, known schemes), then linked straight to its final place; the
 * generated files (scripts are written, never linked) follow, and the `.dist-info` directory is
 * built in a staging directory inside the environment (same file system) and renamed into place
 * last. A package therefore counts as installed (its dist-info exists, with a RECORD) only once
 * all its files are in place; an interrupted install leaves at most unlisted files, which the
 * next install overwrites. Linking in place rather than staging the whole tree and moving it
 * halves the directory operations, the main cost of installing from a warm cache.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName } from "../standards/names.ts";
import { hashEntry, type RecordEntry } from "../standards/record.ts";
import { InstallError, InvalidWheelError } from "./errors.ts";
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
}

export interface InstalledWheel {
  readonly name: string;
  readonly version: string;
  readonly distInfo: string;
  readonly files: number;
  /** Absolute paths of the installed .py files (for --compile). */
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
  const stagedDistInfo = join(dest.staging, `${distInfo}-${randomBytes(4).toString("hex")}`);
  let committed = false;
  const distInfoPrefix = `${distInfo}/`;
  const out: RecordEntry[] = [];
  const recordPath = (scheme: SchemeName, rel: string): string => {
    const abs = join(schemeDir(scheme), rel);
    return scheme === rootScheme ? rel : relative(siteDir, abs).split("\\").join("/");
  };
  try {
    makeStagedDir(dest.staging, stagedDistInfo);
    const made = new Set<string>([stagedDistInfo]);
    const ensureDir = (d: string) => {
      if (!made.has(d)) {
        mkdirSync(d, { recursive: true });
        made.add(d);
      }
    };
    // a file about to be written (not linked) may be a hard link into the cache: unlink it first
    const writeFresh = (target: string, data: Uint8Array | string): void => {
      try {
        unlinkSync(target);
      } catch {
        // not there yet
      }
      writeFileSync(target, data, { mode: 0o755 });
      chmodSync(target, 0o755);
    };
    for (const { src, scheme, rel, path } of plan) {
      const inDistInfo = scheme === rootScheme && path.startsWith(distInfoPrefix);
      const target = inDistInfo ? join(stagedDistInfo, path.slice(distInfoPrefix.length)) : join(schemeDir(scheme), rel);
      ensureDir(dirname(target));
      if (scheme === "scripts") {
        const data = new Uint8Array(readFileSync(src));
        const rewritten = rewriteScript(data, dest.python);
        writeFresh(target, rewritten ?? data);
        out.push(rewritten ? hashEntry(recordPath(scheme, rel), rewritten) : { ...(known.get(path) ?? hashEntry(path, data)), path: recordPath(scheme, rel) });
        continue;
      }
      o.linker.link(src, target);
      const entry = known.get(path) ?? hashEntry(path, new Uint8Array(readFileSync(src)));
      out.push({ ...entry, path: recordPath(scheme, rel) });
    }
    if (eps.length > 0) ensureDir(dest.scripts);
    for (const ep of eps) {
      const text = entryPointScript(ep, dest.python);
      writeFresh(join(dest.scripts, ep.name), text);
      out.push(hashEntry(recordPath("scripts", ep.name), new TextEncoder().encode(text)));
    }
    const extra = (name: string, text: string): void => {
      writeFileSync(join(stagedDistInfo, name), text);
      out.push(hashEntry(`${distInfo}/${name}`, new TextEncoder().encode(text)));
    };
    extra("INSTALLER", "verse\n");
    if (o.requested) extra("REQUESTED", "");
    if (o.directUrl !== null) extra("direct_url.json", JSON.stringify(o.directUrl));
    out.push({ path: `${distInfo}/RECORD`, hash: null, size: null });
    writeFileSync(join(stagedDistInfo, "RECORD"), formatRecord(out));
    // commit: the dist-info that makes it "installed"
    const finalDistInfo = join(siteDir, distInfo);
    if (existsSync(finalDistInfo)) rmSync(finalDistInfo, { recursive: true, force: true });
    mergeMove(stagedDistInfo, finalDistInfo);
    committed = true;
    const pyFiles = out.filter((e) => e.path.endsWith(".py")).map((e) => resolve(siteDir, e.path));
    return { name: parsed.name, version: parsed.version.toString(), distInfo: finalDistInfo, files: out.length, pyFiles };
  } catch (e) {
    if (e instanceof InvalidWheelError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOSPC" || code === "EACCES" || code === "EROFS" || code === "EDQUOT" || code === "EPERM") {
      throw new InstallError(`Installing ${filename} failed: ${(e as Error).message}`, {
        hint: code === "ENOSPC" || code === "EDQUOT" ? "Free some disk space, then run `verse install` again." : "Check the environment's permissions, then run `verse install` again.",
      });
    }
    throw e;
  } finally {
    if (!committed) rmSync(stagedDistInfo, { recursive: true, force: true });
  }
}
