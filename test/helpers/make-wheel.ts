/**
 * Small, real, reproducible distributions for tests.
 *
 *   makeWheel(spec)  -> { filename, bytes, metadata }   a PEP 427 wheel (zip) with
 *                       {pkg}/__init__.py, the spec's files, and {dist-info}/METADATA, WHEEL,
 *                       entry_points.txt (when given) and RECORD (sha256 of every member).
 *   makeSdist(spec)  -> { filename, bytes, metadata }   a PEP 625 `.tar.gz` with PKG-INFO,
 *                       pyproject.toml and the package.
 *   metadataText(spec)                                  the METADATA / PKG-INFO text alone.
 *
 * Every timestamp is fixed (1980-01-02 in zips, 0 in tar/gzip), members are written in a fixed
 * order, so the same spec always gives the same bytes and therefore the same sha256 — the test
 * index relies on that to cache synthesized wheels between runs.
 */
import { createHash } from "node:crypto";
import { gzipSync, zipSync, type Zippable } from "fflate";

export interface DistSpec {
  name: string;
  version: string;
  /** Requires-Dist lines, as PEP 508 strings (written verbatim). */
  deps?: string[];
  /** Extras: each becomes Provides-Extra and Requires-Dist lines with `extra == "..."`. */
  extras?: Record<string, string[]>;
  requiresPython?: string;
  summary?: string;
  /** Extra files inside the archive (path relative to the wheel root / sdist root). */
  files?: Record<string, string | Uint8Array>;
  /** entry_points.txt: { console_scripts: { tool: "pkg.cli:main" } }. */
  entryPoints?: Record<string, Record<string, string>>;
  /** Wheel tag set, default "py3-none-any". */
  tag?: string;
  /** Provides-Extra lines for extras already named in `deps` markers. */
  providesExtra?: string[];
  /** Default "2.1" for wheels, "2.2" for sdists. */
  metadataVersion?: string;
  /** Dynamic fields (sdist PKG-INFO, metadata >= 2.2). */
  dynamic?: string[];
}

export interface BuiltDist {
  filename: string;
  bytes: Uint8Array;
  /** The METADATA (wheel) or PKG-INFO (sdist) text inside the archive. */
  metadata: string;
}

const ZIP_TIME = new Date(1980, 0, 2, 0, 0, 0);
const enc = new TextEncoder();

/** The escaped name used in file names and dist-info directories. */
export function escapedName(name: string): string {
  return name.replace(/[-_.]+/g, "_").toLowerCase();
}

export function metadataText(spec: DistSpec, defaultVersion = "2.1"): string {
  const lines = [`Metadata-Version: ${spec.metadataVersion ?? defaultVersion}`, `Name: ${spec.name}`, `Version: ${spec.version}`];
  for (const d of spec.dynamic ?? []) lines.push(`Dynamic: ${d}`);
  lines.push(`Summary: ${spec.summary ?? `The ${spec.name} test package`}`);
  if (spec.requiresPython !== undefined) lines.push(`Requires-Python: ${spec.requiresPython}`);
  for (const e of spec.providesExtra ?? []) lines.push(`Provides-Extra: ${e}`);
  for (const d of spec.deps ?? []) lines.push(`Requires-Dist: ${d}`);
  for (const [extra, deps] of Object.entries(spec.extras ?? {})) {
    lines.push(`Provides-Extra: ${extra}`);
    for (const d of deps) {
      const semi = d.indexOf(";");
      lines.push(semi < 0 ? `Requires-Dist: ${d}; extra == "${extra}"` : `Requires-Dist: ${d.slice(0, semi).trim()}; (${d.slice(semi + 1).trim()}) and extra == "${extra}"`);
    }
  }
  return lines.join("\n") + "\n\n";
}

function b64url(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("base64url");
}

function asBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? enc.encode(v) : v;
}

export function makeWheel(spec: DistSpec): BuiltDist {
  const esc = escapedName(spec.name);
  const tag = spec.tag ?? "py3-none-any";
  const distInfo = `${esc}-${spec.version}.dist-info`;
  const metadata = metadataText(spec);
  const members: [string, Uint8Array][] = [[`${esc}/__init__.py`, enc.encode(`__version__ = "${spec.version}"\n`)]];
  for (const [path, content] of Object.entries(spec.files ?? {})) members.push([path, asBytes(content)]);
  members.push([`${distInfo}/METADATA`, enc.encode(metadata)]);
  const [py, , plat] = tag.split("-");
  const wheelTags = (py ?? "py3").split(".").flatMap((p) => (plat ?? "any").split(".").map((pl) => `Tag: ${p}-${tag.split("-")[1]}-${pl}`));
  members.push([`${distInfo}/WHEEL`, enc.encode(`Wheel-Version: 1.0\nGenerator: verse-tests\nRoot-Is-Purelib: ${plat === "any" ? "true" : "false"}\n${wheelTags.join("\n")}\n\n`)]);
  if (spec.entryPoints !== undefined) {
    const text = Object.entries(spec.entryPoints)
      .map(([group, eps]) => `[${group}]\n${Object.entries(eps).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`)
      .join("\n");
    members.push([`${distInfo}/entry_points.txt`, enc.encode(text)]);
  }
  const record = members.map(([p, d]) => `${p},sha256=${b64url(d)},${d.length}`).concat(`${distInfo}/RECORD,,`).join("\n") + "\n";
  members.push([`${distInfo}/RECORD`, enc.encode(record)]);
  const zippable: Zippable = {};
  for (const [p, d] of members) zippable[p] = [d, { mtime: ZIP_TIME, level: 6 }];
  const bytes = zipSync(zippable, { mtime: ZIP_TIME });
  return { filename: `${esc}-${spec.version}-${tag}.whl`, bytes, metadata };
}

// ------------------------------------------------------------------------------ tar (ustar)

function tarHeader(path: string, size: number, mode: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number): void => h.set(enc.encode(text), at);
  const octal = (n: number, width: number): string => n.toString(8).padStart(width - 1, "0") + "\0";
  if (path.length > 100) throw new Error(`tar path too long for this helper: ${path}`);
  put(path, 0);
  put(octal(mode, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(0, 12), 136);
  put("        ", 148);
  put("0", 156);
  put("ustar\0", 257);
  put("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}

export function makeTarGz(members: [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [path, data] of members) {
    parts.push(tarHeader(path, data.length, 0o644), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024));
  return gzipSync(Buffer.concat(parts), { mtime: 0, level: 6 });
}

export function makeSdist(spec: DistSpec): BuiltDist {
  const esc = escapedName(spec.name);
  const root = `${esc}-${spec.version}`;
  const metadata = metadataText(spec, "2.2");
  const pyproject = `[project]\nname = "${spec.name}"\nversion = "${spec.version}"\ndependencies = ${JSON.stringify(spec.deps ?? [])}\n\n[build-system]\nrequires = ["poetry-core>=1.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n`;
  const members: [string, Uint8Array][] = [
    [`${root}/PKG-INFO`, enc.encode(metadata)],
    [`${root}/pyproject.toml`, enc.encode(pyproject)],
    [`${root}/${esc}/__init__.py`, enc.encode(`__version__ = "${spec.version}"\n`)],
  ];
  for (const [path, content] of Object.entries(spec.files ?? {})) members.push([`${root}/${path}`, asBytes(content)]);
  return { filename: `${root}.tar.gz`, bytes: makeTarGz(members), metadata };
}
