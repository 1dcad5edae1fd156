/**
 * Fetching from a release server in the installers' layout:
 *   <base>/latest/download/VERSION   the newest version
 *   <base>/download/v<version>/<file>
 * GITHUB_TOKEN is sent as a bearer token over https only, as install.sh does.
 */
import { DownloadError, UpdateError } from "./errors.ts";
import type { Env } from "./receipt.ts";

export function releaseFileUrl(base: string, version: string, file: string): string {
  return `${base.replace(/\/+$/, "")}/download/v${version}/${file}`;
}

export function latestVersionUrl(base: string): string {
  return `${base.replace(/\/+$/, "")}/latest/download/VERSION`;
}

async function get(url: string, env: Env): Promise<Uint8Array> {
  const headers: Record<string, string> = { "user-agent": "verse-self-update" };
  if (env.GITHUB_TOKEN && url.startsWith("https://")) headers.authorization = `Bearer ${env.GITHUB_TOKEN}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: "follow" });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DownloadError(`Could not download ${url}: ${why}.`, "Check the network connection (or VERSE_DOWNLOAD_URL) and try again.");
  }
  if (!response.ok) {
    throw new DownloadError(`Could not download ${url}: HTTP ${response.status}.`, response.status === 404 ? "Is that a released version? See the releases page." : "Try again later.");
  }
  return new Uint8Array(await response.arrayBuffer());
}

export async function fetchText(url: string, env: Env): Promise<string> {
  return new TextDecoder().decode(await get(url, env));
}

export async function fetchBytes(url: string, env: Env): Promise<Uint8Array> {
  return get(url, env);
}

/** `<sha256>  <file>` lines (a `*` before the name marks binary mode) into a map. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64}) [ *]?(\S+)\s*$/.exec(line);
    if (m) sums.set(m[2]!, m[1]!.toLowerCase());
  }
  return sums;
}

export function sha256Hex(bytes: Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}

/** Throws unless `bytes` hash to the SHA256SUMS entry for `file`. */
export function verifySha256(bytes: Uint8Array, file: string, sums: Map<string, string>, current: string): void {
  const expected = sums.get(file);
  if (!expected) throw new UpdateError(`${file} is not listed in SHA256SUMS: refusing to install it. verse stays at ${current}.`);
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new UpdateError(
      `Checksum mismatch for ${file}: expected ${expected}, got ${actual}. verse stays at ${current}.`,
      "The download was corrupted or tampered with; nothing was changed. Try again, and report it if it persists.",
    );
  }
}
