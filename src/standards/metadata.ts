/**
 * Core metadata (METADATA / PKG-INFO, versions 1.0 to 2.5): the email-header format read the
 * way Python's email parser and packaging read it, a typed model, and a writer with a stable
 * field order and the description in the body. Pure.
 */
import { InvalidInputError } from "../errors.ts";
import { isValidName } from "./names.ts";
import { tryParseVersion } from "./version.ts";

export class InvalidMetadata extends InvalidInputError {
  /** The field at fault (as written in the spec, e.g. "Metadata-Version"), or null. */
  readonly field: string | null;
  constructor(field: string | null, message: string, hint?: string) {
    super(field === null ? message : `invalid metadata field ${field}: ${message}`, hint);
    this.field = field;
  }
}

/** The metadata versions this module knows (packaging 26 accepts exactly these). */
export const KNOWN_METADATA_VERSIONS = ["1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"] as const;
/** What `emitMetadata` writes when the model does not say. */
export const DEFAULT_METADATA_VERSION = "2.4";

/** The headers as written (name case kept, in order) and the body (null when absent). */
export interface RawMetadata {
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly body: string | null;
}

/** Every value of a header, matched case-insensitively. */
export function rawValues(raw: RawMetadata, name: string): string[] {
  const key = name.toLowerCase();
  return raw.headers.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
}

const HEADER = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/s;

/**
 * Split metadata text into headers and body as Python's email parser does: a line starting
 * with a space or tab continues the previous header (joined with "\n", indentation kept); the
 * first blank line ends the headers; a line that is not a header starts the body.
 */
export function parseRawMetadata(text: string): RawMetadata {
  if (text.startsWith("\ufeff")) text = text.slice(1);
  const headers: [string, string][] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, end).replace(/\r$/, "");
    if (line === "") return { headers, body: text.slice(next) };
    const last = headers[headers.length - 1];
    if ((line[0] === " " || line[0] === "\t") && last !== undefined) {
      last[1] += "\n" + line;
    } else {
      const m = HEADER.exec(line);
      if (m === null) return { headers, body: text.slice(pos) };
      headers.push([m[1] as string, m[2] as string]);
    }
    pos = next;
  }
  return { headers, body: null };
}

// --------------------------------------------------------------------------- typed model

export interface ProjectUrl {
  readonly label: string;
  readonly url: string;
}

/** The fields of core metadata. Optional single fields are null when absent. */
export interface CoreMetadata {
  readonly metadataVersion: string;
  readonly name: string;
  readonly version: string;
  readonly dynamic: readonly string[];
  readonly platforms: readonly string[];
  readonly supportedPlatforms: readonly string[];
  readonly summary: string | null;
  /** The long description, from the body or (decoded) from the Description header. */
  readonly description: string | null;
  readonly descriptionContentType: string | null;
  readonly keywords: readonly string[];
  readonly homePage: string | null;
  readonly downloadUrl: string | null;
  readonly author: string | null;
  readonly authorEmail: string | null;
  readonly maintainer: string | null;
  readonly maintainerEmail: string | null;
  readonly license: string | null;
  readonly licenseExpression: string | null;
  readonly licenseFiles: readonly string[];
  readonly classifiers: readonly string[];
  /** PEP 508 strings, unparsed (parse them with requirement.ts when needed). */
  readonly requiresDist: readonly string[];
  readonly requiresPython: string | null;
  readonly requiresExternal: readonly string[];
  readonly projectUrls: readonly ProjectUrl[];
  readonly providesExtra: readonly string[];
  readonly providesDist: readonly string[];
  readonly obsoletesDist: readonly string[];
  /** Metadata 1.1 fields, deprecated since 1.2. */
  readonly requires: readonly string[];
  readonly provides: readonly string[];
  readonly obsoletes: readonly string[];
  readonly importNames: readonly string[];
  readonly importNamespaces: readonly string[];
  /** Fields this module does not know, as written (emitted back after the known ones). */
  readonly otherFields: readonly (readonly [name: string, value: string])[];
}

export interface ParsedMetadata extends CoreMetadata {
  readonly raw: RawMetadata;
}

type SingleKey = {
  [K in keyof CoreMetadata]: CoreMetadata[K] extends string | null ? K : never;
}[keyof CoreMetadata];
type MultiKey = {
  [K in keyof CoreMetadata]: CoreMetadata[K] extends readonly string[] ? K : never;
}[keyof CoreMetadata];

interface FieldSpec {
  /** The canonical spelling written by emitMetadata. */
  readonly header: string;
  readonly key: SingleKey | MultiKey | "keywords" | "projectUrls";
  readonly multiple: boolean;
  /** The metadata version that introduced the field. */
  readonly added: string;
}

const f = (header: string, key: FieldSpec["key"], multiple: boolean, added: string): FieldSpec => ({
  header,
  key,
  multiple,
  added,
});

/** Every known field, in the order emitMetadata writes them (close to poetry-core's). */
const FIELDS: readonly FieldSpec[] = [
  f("Metadata-Version", "metadataVersion", false, "1.0"),
  f("Name", "name", false, "1.0"),
  f("Version", "version", false, "1.0"),
  f("Dynamic", "dynamic", true, "2.2"),
  f("Summary", "summary", false, "1.0"),
  f("Home-page", "homePage", false, "1.0"),
  f("Download-URL", "downloadUrl", false, "1.1"),
  f("License", "license", false, "1.0"),
  f("License-Expression", "licenseExpression", false, "2.4"),
  f("License-File", "licenseFiles", true, "2.4"),
  f("Keywords", "keywords", false, "1.0"),
  f("Author", "author", false, "1.0"),
  f("Author-email", "authorEmail", false, "1.0"),
  f("Maintainer", "maintainer", false, "1.2"),
  f("Maintainer-email", "maintainerEmail", false, "1.2"),
  f("Platform", "platforms", true, "1.0"),
  f("Supported-Platform", "supportedPlatforms", true, "1.1"),
  f("Requires-Python", "requiresPython", false, "1.2"),
  f("Classifier", "classifiers", true, "1.1"),
  f("Provides-Extra", "providesExtra", true, "2.1"),
  f("Requires-Dist", "requiresDist", true, "1.2"),
  f("Requires-External", "requiresExternal", true, "1.2"),
  f("Provides-Dist", "providesDist", true, "1.2"),
  f("Obsoletes-Dist", "obsoletesDist", true, "1.2"),
  f("Requires", "requires", true, "1.1"),
  f("Provides", "provides", true, "1.1"),
  f("Obsoletes", "obsoletes", true, "1.1"),
  f("Import-Name", "importNames", true, "2.5"),
  f("Import-Namespace", "importNamespaces", true, "2.5"),
  f("Project-URL", "projectUrls", true, "1.2"),
  f("Description-Content-Type", "descriptionContentType", false, "2.1"),
  f("Description", "description", false, "1.0"),
];
const BY_NAME = new Map(FIELDS.map((s) => [s.header.toLowerCase(), s]));

function compareMetadataVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am - bm || an - bn;
}

/**
 * Undo the Description header's folding: continuation lines carry the spec's "7 spaces + |"
 * prefix (or 8 spaces and '|', as some tools write), or, from setuptools, plain indentation.
 */
export function decodeDescriptionHeader(value: string): string {
  const [first = "", ...rest] = value.split("\n");
  if (rest.length === 0) return first;
  if (rest.every((l) => /^[ \t]*\|/.test(l))) {
    return [first, ...rest.map((l) => l.slice(l.indexOf("|") + 1))].join("\n");
  }
  const indents = rest.filter((l) => l.trim() !== "").map((l) => (/^[ \t]*/.exec(l) as RegExpExecArray)[0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return [first, ...rest.map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)))].join("\n");
}

export interface ParseMetadataOptions {
  /**
   * Strict checking as packaging's `Metadata.from_raw` does: a known Metadata-Version, a valid
   * name and PEP 440 version, single-use fields used once, no field newer than the declared
   * version, and no description both in a header and in the body. Off by default: installers
   * must accept what real wheels contain.
   */
  readonly validate?: boolean;
}

/** Parse METADATA / PKG-INFO text (or UTF-8 bytes) into the typed model. */
export function parseMetadata(input: string | Uint8Array, options: ParseMetadataOptions = {}): ParsedMetadata {
  const strict = options.validate === true;
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: strict }).decode(input);
    } catch {
      throw new InvalidMetadata(null, "the metadata file is not valid UTF-8");
    }
  }
  const raw = parseRawMetadata(text);
  const singles = new Map<string, string>();
  const multis = new Map<string, string[]>();
  const otherFields: [string, string][] = [];
  for (const [name, value] of raw.headers) {
    const spec = BY_NAME.get(name.toLowerCase());
    if (spec === undefined) {
      otherFields.push([name, value]);
    } else if (spec.multiple) {
      const list = multis.get(spec.header) ?? [];
      list.push(value);
      multis.set(spec.header, list);
    } else if (singles.has(spec.header)) {
      // Python's email parser keeps the first; packaging refuses the field.
      if (strict) throw new InvalidMetadata(spec.header, "the field may appear only once");
    } else {
      singles.set(spec.header, value);
    }
  }

  const metadataVersion = singles.get("Metadata-Version");
  if (metadataVersion === undefined) throw new InvalidMetadata("Metadata-Version", "the field is missing");
  checkMetadataVersion(metadataVersion, strict);
  const name = singles.get("Name");
  const version = singles.get("Version");
  if (name === undefined) throw new InvalidMetadata("Name", "the field is missing");
  if (version === undefined) throw new InvalidMetadata("Version", "the field is missing");

  const header = singles.get("Description");
  const body = raw.body === null || raw.body === "" ? null : raw.body;
  if (strict) {
    if (!isValidName(name)) throw new InvalidMetadata("Name", `${JSON.stringify(name)} is not a valid project name`);
    if (tryParseVersion(version) === null) {
      throw new InvalidMetadata("Version", `${JSON.stringify(version)} is not a valid PEP 440 version`);
    }
    if (header !== undefined && body !== null) {
      throw new InvalidMetadata("Description", "the description is given both as a header and as the body");
    }
    const present = [...singles.keys(), ...multis.keys()];
    for (const spec of FIELDS.filter((s) => present.includes(s.header))) {
      if (KNOWN_METADATA_VERSIONS.includes(metadataVersion as never) && compareMetadataVersions(spec.added, metadataVersion) > 0) {
        throw new InvalidMetadata(spec.header, `introduced in metadata version ${spec.added}, not ${metadataVersion}`);
      }
    }
  }

  const single = (h: string): string | null => singles.get(h) ?? null;
  const multi = (h: string): string[] => multis.get(h) ?? [];
  const keywords = singles.get("Keywords");
  return {
    raw,
    metadataVersion,
    name,
    version,
    dynamic: multi("Dynamic"),
    platforms: multi("Platform"),
    supportedPlatforms: multi("Supported-Platform"),
    summary: single("Summary"),
    description: body ?? (header === undefined ? null : decodeDescriptionHeader(header)),
    descriptionContentType: single("Description-Content-Type"),
    keywords: keywords === undefined ? [] : splitKeywords(keywords),
    homePage: single("Home-page"),
    downloadUrl: single("Download-URL"),
    author: single("Author"),
    authorEmail: single("Author-email"),
    maintainer: single("Maintainer"),
    maintainerEmail: single("Maintainer-email"),
    license: single("License"),
    licenseExpression: single("License-Expression"),
    licenseFiles: multi("License-File"),
    classifiers: multi("Classifier"),
    requiresDist: multi("Requires-Dist"),
    requiresPython: single("Requires-Python"),
    requiresExternal: multi("Requires-External"),
    projectUrls: multi("Project-URL").map((v) => parseProjectUrl(v, strict)),
    providesExtra: multi("Provides-Extra"),
    providesDist: multi("Provides-Dist"),
    obsoletesDist: multi("Obsoletes-Dist"),
    requires: multi("Requires"),
    provides: multi("Provides"),
    obsoletes: multi("Obsoletes"),
    importNames: multi("Import-Name"),
    importNamespaces: multi("Import-Namespace"),
    otherFields,
  };
}

function checkMetadataVersion(value: string, strict: boolean): void {
  const known = KNOWN_METADATA_VERSIONS.join(", ");
  if (strict && !KNOWN_METADATA_VERSIONS.includes(value as never)) {
    throw new InvalidMetadata("Metadata-Version", `'${value}' is not a valid metadata version`, `Known versions: ${known}.`);
  }
  const m = /^(\d+)\.(\d+)$/.exec(value.trim());
  if (m === null) {
    throw new InvalidMetadata("Metadata-Version", `'${value}' is not a metadata version`, `Known versions: ${known}.`);
  }
  // The spec: tools must fail on a newer major version (a newer minor one is readable).
  if (Number(m[1]) > 2) {
    throw new InvalidMetadata(
      "Metadata-Version",
      `version ${value} is newer than this tool understands (2.x)`,
      "Upgrade verse to read this distribution.",
    );
  }
}

/** "dog,puppy, voting" → ["dog", "puppy", "voting"]; a single space-separated value stays one. */
function splitKeywords(value: string): string[] {
  return value
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
}

function parseProjectUrl(value: string, strict: boolean): ProjectUrl {
  const comma = value.indexOf(",");
  if (comma < 0) {
    if (strict) throw new InvalidMetadata("Project-URL", `${JSON.stringify(value)} is not 'label, url'`);
    return { label: "", url: value.trim() };
  }
  return { label: value.slice(0, comma).trim(), url: value.slice(comma + 1).trim() };
}

// ------------------------------------------------------------------------------- writing

/** A header value folded so every line after the first is a continuation line. */
function foldValue(value: string): string {
  return value
    .split(/\r?\n/)
    .map((line, i) => (i === 0 || line.startsWith(" ") || line.startsWith("\t") ? line : `        ${line}`))
    .join("\n");
}

/** Input for emitMetadata: the typed model, where every field but name and version is optional. */
export type MetadataInput = Partial<CoreMetadata> & Pick<CoreMetadata, "name" | "version">;

/**
 * Write METADATA text: known fields in a fixed order, unknown fields after them, then a blank
 * line and the description as the body. Lines end with "\n"; the text is meant to be UTF-8.
 */
export function emitMetadata(model: MetadataInput): string {
  const lines: string[] = [];
  const put = (header: string, value: string): void => {
    lines.push(`${header}: ${foldValue(value)}`);
  };
  for (const spec of FIELDS) {
    if (spec.key === "description") continue;
    if (spec.key === "metadataVersion") {
      put(spec.header, model.metadataVersion ?? DEFAULT_METADATA_VERSION);
    } else if (spec.key === "keywords") {
      if (model.keywords !== undefined && model.keywords.length > 0) put(spec.header, model.keywords.join(","));
    } else if (spec.key === "projectUrls") {
      for (const u of model.projectUrls ?? []) put(spec.header, u.label === "" ? u.url : `${u.label}, ${u.url}`);
    } else if (spec.multiple) {
      for (const v of (model[spec.key as MultiKey] ?? []) as readonly string[]) put(spec.header, v);
    } else {
      const v = model[spec.key as SingleKey];
      if (v !== undefined && v !== null) put(spec.header, v);
    }
  }
  for (const [name, value] of model.otherFields ?? []) put(name, value);
  const description = model.description ?? null;
  return `${lines.join("\n")}\n\n${description ?? ""}`;
}
