/**
 * Distribution file names: wheels (PEP 427/491, `{name}-{version}(-{build})?-{tags}.whl`) and
 * sdists (PEP 625, `{name}-{version}.tar.gz`, plus legacy `.zip`), parsed and built. Pure.
 */
import { InvalidInputError } from "../errors.ts";
import { canonicalizeName, escapeName, type NormalizedName } from "./names.ts";
import { compressTags, InvalidTag, parseTag, Tag } from "./tags.ts";
import { Version } from "./version.ts";

export class InvalidWheelFilename extends InvalidInputError {}
export class InvalidSdistFilename extends InvalidInputError {}

/** A wheel build tag: the leading number and the rest, compared as a tuple. */
export type BuildTag = readonly [number, string];

export interface WheelFilename {
  /** The project name, normalized (PEP 503). */
  readonly name: NormalizedName;
  readonly version: Version;
  /** Null when the file name has no build tag. */
  readonly build: BuildTag | null;
  /** Every tag of the (possibly compressed) tag set, in written order. */
  readonly tags: readonly Tag[];
}

export interface SdistFilename {
  readonly name: NormalizedName;
  readonly version: Version;
}

const WHEEL_HINT = "A wheel file is named {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl.";
const SDIST_HINT = "A source distribution is named {name}-{version}.tar.gz (or .zip).";
// The escaped name: letters, digits, '_' and '.' (Unicode letters are tolerated, as pip does).
const WHEEL_NAME = /^[\p{L}\p{N}_.]+$/u;
const BUILD = /^([0-9]+)(.*)$/s;

function parseVersion<E extends InvalidInputError>(
  text: string,
  fail: (message: string, cause: unknown) => E,
  filename: string,
): Version {
  try {
    return Version.parse(text);
  } catch (e) {
    throw fail(`Invalid ${filename.endsWith(".whl") ? "wheel" : "sdist"} filename (invalid version): '${filename}'`, e);
  }
}

function wheelError(message: string, cause?: unknown): InvalidWheelFilename {
  const err = new InvalidWheelFilename(message, WHEEL_HINT);
  if (cause !== undefined) Object.defineProperty(err, "cause", { value: cause });
  return err;
}

/** Parse a wheel file name. With `validateOrder`, a compressed tag set must be sorted. */
export function parseWheelFilename(filename: string, options: { validateOrder?: boolean } = {}): WheelFilename {
  if (!filename.endsWith(".whl")) {
    throw wheelError(`Invalid wheel filename (extension must be '.whl'): '${filename}'`);
  }
  const stem = filename.slice(0, -4);
  const parts = stem.split("-");
  if (parts.length !== 5 && parts.length !== 6) {
    throw wheelError(`Invalid wheel filename (wrong number of parts): '${filename}'`);
  }
  const namePart = parts[0] as string;
  if (namePart.includes("__") || !WHEEL_NAME.test(namePart)) {
    throw wheelError(`Invalid project name: '${filename}'`);
  }
  const version = parseVersion(parts[1] as string, wheelError, filename);
  let build: BuildTag | null = null;
  if (parts.length === 6) {
    const m = BUILD.exec(parts[2] as string);
    if (m === null) throw wheelError(`Invalid build number: ${parts[2]} in '${filename}'`);
    build = [Number(m[1]), m[2] as string];
  }
  const tagSet = parts.slice(-3).join("-");
  let tags: Tag[];
  try {
    tags = parseTag(tagSet, { validateOrder: options.validateOrder });
  } catch (e) {
    if (!(e instanceof InvalidTag)) throw e;
    throw wheelError(`Invalid wheel filename (${e.message}): '${filename}'`, e);
  }
  return { name: canonicalizeName(namePart), version, build, tags };
}

/** Parse an sdist file name (`.tar.gz` or `.zip`); the version follows the last '-'. */
export function parseSdistFilename(filename: string): SdistFilename {
  const fail = (message: string, cause?: unknown): InvalidSdistFilename => {
    const err = new InvalidSdistFilename(message, SDIST_HINT);
    if (cause !== undefined) Object.defineProperty(err, "cause", { value: cause });
    return err;
  };
  let stem: string;
  if (filename.endsWith(".tar.gz")) stem = filename.slice(0, -".tar.gz".length);
  else if (filename.endsWith(".zip")) stem = filename.slice(0, -".zip".length);
  else throw fail(`Invalid sdist filename (extension must be '.tar.gz' or '.zip'): '${filename}'`);
  // A PEP 440 version holds no '-', so the last one separates name and version.
  const dash = stem.lastIndexOf("-");
  if (dash < 0) throw fail(`Invalid sdist filename: '${filename}'`);
  const namePart = stem.slice(0, dash);
  // Like packaging, only an empty name is refused: legacy sdists carry all sorts of names.
  if (namePart === "") throw fail(`Invalid sdist filename (empty project name): '${filename}'`);
  const version = parseVersion(stem.slice(dash + 1), fail, filename);
  return { name: canonicalizeName(namePart), version };
}

/** The version as it appears in file names: normalized, '-' (never produced, but PEP 427) → '_'. */
function fileVersion(version: Version | string): string {
  const v = typeof version === "string" ? Version.parse(version) : version;
  return v.toString().replace(/-/g, "_");
}

/**
 * The file name of a wheel. `tags` is a compressed tag set ("py2.py3-none-any") or the list of
 * tags it stands for. Throws InvalidName, InvalidVersion or InvalidTag on bad parts.
 */
export function wheelFilename(
  name: string,
  version: Version | string,
  tags: string | readonly Tag[],
  build: BuildTag | null = null,
): string {
  canonicalizeName(name, true);
  const tagSet = typeof tags === "string" ? compressTags(parseTag(tags)) : compressTags(tags);
  if (build !== null && !(Number.isSafeInteger(build[0]) && build[0] >= 0 && !build[1].includes("-"))) {
    throw new InvalidWheelFilename(`invalid build tag: ${build[0]}${build[1]}`, "A build tag is a number, optionally followed by letters.");
  }
  const buildPart = build === null ? "" : `-${build[0]}${build[1]}`;
  return `${escapeName(name)}-${fileVersion(version)}${buildPart}-${tagSet}.whl`;
}

/** The PEP 625 file name of an sdist: `{escaped name}-{normalized version}.tar.gz`. */
export function sdistFilename(name: string, version: Version | string): string {
  canonicalizeName(name, true);
  return `${escapeName(name)}-${fileVersion(version)}.tar.gz`;
}

/** Compare build tags as packaging does: a missing tag sorts before any present one. */
export function compareBuildTags(a: BuildTag | null, b: BuildTag | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (a[0] !== b[0]) return a[0] - b[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}
