/**
 * The legacy upload API's multipart form (the one twine and Poetry send): the action and
 * protocol, every core-metadata field under its form name (repeated for multi-valued fields),
 * md5/sha256/blake2_256 digests, `filetype` and `pyversion`, then the file as `content`.
 */
import { fflate, zlib } from "../deferred.ts";
import { parseWheelFilename } from "../standards/filename.ts";
import { parseMetadata, type ParsedMetadata } from "../standards/metadata.ts";
import type { Artifact } from "./artifacts.ts";
import { PublishConfigError } from "./errors.ts";

export interface UploadForm {
  /** [name, value] pairs in order (a name repeats for multi-valued fields). */
  readonly fields: readonly (readonly [string, string])[];
  readonly filename: string;
  readonly content: Uint8Array;
}

/** The METADATA of a wheel or the PKG-INFO of an sdist. */
export function readArtifactMetadata(artifact: Artifact, bytes: Uint8Array): ParsedMetadata {
  let text: Uint8Array | undefined;
  try {
    if (artifact.kind === "wheel") {
      const found = fflate().unzipSync(bytes, { filter: (f) => /^[^/]+\.dist-info\/METADATA$/.test(f.name) });
      text = Object.values(found)[0];
    } else {
      text = tarMember(zlib().gunzipSync(bytes), /^[^/]+\/PKG-INFO$/);
    }
  } catch (e) {
    throw new PublishConfigError(`${artifact.filename} is not a readable ${artifact.kind}: ${(e as Error).message}`);
  }
  if (text === undefined) throw new PublishConfigError(`${artifact.filename} holds no ${artifact.kind === "wheel" ? "METADATA" : "PKG-INFO"} file`);
  return parseMetadata(text);
}

/** The first tar member whose path matches (ustar names, with pax `path` records honoured). */
function tarMember(tar: Uint8Array, pattern: RegExp): Uint8Array | undefined {
  const dec = new TextDecoder();
  let pos = 0;
  let paxPath: string | null = null;
  while (pos + 512 <= tar.length && tar[pos] !== 0) {
    const field = (at: number, len: number): string => dec.decode(tar.subarray(pos + at, pos + at + len)).replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = String.fromCharCode(tar[pos + 156] as number);
    const body = tar.subarray(pos + 512, pos + 512 + size);
    if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(dec.decode(body));
      paxPath = m ? (m[1] as string) : null;
    } else {
      const prefix = field(345, 155);
      const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      paxPath = null;
      if (pattern.test(name)) return body;
    }
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

const hex = (algorithm: Bun.SupportedCryptoAlgorithms, data: Uint8Array): string => new Bun.CryptoHasher(algorithm).update(data).digest("hex");

export function uploadForm(artifact: Artifact, bytes: Uint8Array): UploadForm {
  const m = readArtifactMetadata(artifact, bytes);
  const fields: [string, string][] = [];
  const one = (name: string, value: string | null): void => {
    if (value !== null && value !== "") fields.push([name, value]);
  };
  const many = (name: string, values: readonly string[]): void => {
    for (const v of values) fields.push([name, v]);
  };
  one(":action", "file_upload");
  one("protocol_version", "1");
  one("metadata_version", m.metadataVersion);
  one("name", m.name);
  one("version", m.version);
  one("filetype", artifact.kind === "wheel" ? "bdist_wheel" : "sdist");
  one("pyversion", artifact.kind === "wheel" ? pythonTag(artifact.filename) : "source");
  one("md5_digest", hex("md5", bytes));
  one("sha256_digest", hex("sha256", bytes));
  one("blake2_256_digest", hex("blake2b256", bytes));
  one("summary", m.summary);
  one("home_page", m.homePage);
  one("download_url", m.downloadUrl);
  one("author", m.author);
  one("author_email", m.authorEmail);
  one("maintainer", m.maintainer);
  one("maintainer_email", m.maintainerEmail);
  one("license", m.license);
  one("license_expression", m.licenseExpression);
  many("license_file", m.licenseFiles);
  one("description", m.description);
  one("description_content_type", m.descriptionContentType);
  one("keywords", m.keywords.join(","));
  many("platform", m.platforms);
  many("supported_platform", m.supportedPlatforms);
  many("classifiers", m.classifiers);
  one("requires_python", m.requiresPython);
  many("requires_dist", m.requiresDist);
  many("requires_external", m.requiresExternal);
  many("provides_dist", m.providesDist);
  many("obsoletes_dist", m.obsoletesDist);
  many("provides_extra", m.providesExtra);
  many("project_urls", m.projectUrls.map((u) => (u.label === "" ? u.url : `${u.label}, ${u.url}`)));
  many("dynamic", m.dynamic);
  return { fields, filename: artifact.filename, content: bytes };
}

/** The wheel's Python tag ("py3", "cp312"...), as twine sends it. */
function pythonTag(filename: string): string {
  const parsed = parseWheelFilename(filename);
  return [...new Set(parsed.tags.map((t) => t.interpreter))].join(".");
}
