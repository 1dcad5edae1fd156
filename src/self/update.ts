/**
 * `verse self update [version] [--dry-run]`: find the wanted version, download this target's
 * binary next to the running one, check its sha256 against SHA256SUMS, smoke-test it with
 * `--version`, then swap it in by rename. Any failure before the swap leaves verse as it was.
 */
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { clean, compare, valid } from "semver";
import { DEFAULT_DOWNLOAD_URL } from "./constants.ts";
import { fetchBytes, fetchText, latestVersionUrl, parseSha256Sums, releaseFileUrl, verifySha256 } from "./download.ts";
import { BadVersionError, UpdateError } from "./errors.ts";
import { refuse, resolveOwnership } from "./ownership.ts";
import { writeReceipt, type Env } from "./receipt.ts";
import { removeLeftover, swapIn, swapPaths } from "./swap.ts";
import { chooseAsset } from "./target.ts";

export interface UpdateRequest {
  /** A pinned version (a leading v is accepted), or undefined for the latest. */
  readonly version: string | undefined;
  readonly dryRun: boolean;
  /** The running binary (process.execPath). */
  readonly binary: string;
  readonly currentVersion: string;
  readonly env: Env;
  readonly platform?: NodeJS.Platform;
  /** Progress lines (verbose detail). */
  readonly progress?: (text: string) => void;
}

export type UpdateOutcome =
  | { readonly kind: "up-to-date"; readonly current: string; readonly latest: string; readonly pinned: boolean }
  | { readonly kind: "would-update"; readonly from: string; readonly to: string; readonly url: string; readonly binary: string }
  | { readonly kind: "updated"; readonly from: string; readonly to: string; readonly binary: string };

export function normaliseVersion(text: string): string {
  const v = valid(clean(text.trim()) ?? text.trim());
  if (!v) throw new BadVersionError(text);
  return v;
}

/** Runs the staged binary with --version; it must start and report the version it claims to be. */
function smokeTest(path: string, version: string, current: string): void {
  let out = "";
  try {
    const r = Bun.spawnSync([path, "--version"], { stdout: "pipe", stderr: "pipe", timeout: 30_000 });
    out = r.stdout.toString();
    if (r.exitCode !== 0) throw new Error(`exit code ${r.exitCode}`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UpdateError(`The downloaded verse ${version} does not run on this machine (${why}). verse stays at ${current}.`, "Report it, with the output of `verse self version`.");
  }
  if (!out.includes(version)) {
    throw new UpdateError(`The downloaded verse reports "${out.trim()}", not version ${version}. verse stays at ${current}.`, "The release server may be serving the wrong file; report it.");
  }
}

export async function selfUpdate(req: UpdateRequest): Promise<UpdateOutcome> {
  const platform = req.platform ?? process.platform;
  const progress = req.progress ?? (() => {});
  const owner = resolveOwnership(req.binary, req.env, platform);
  if (owner.kind !== "installer") throw refuse(owner, "update");
  const receipt = owner.receipt;
  const base = (req.env.VERSE_DOWNLOAD_URL || receipt.download_url || DEFAULT_DOWNLOAD_URL).replace(/\/+$/, "");
  const current = valid(req.currentVersion) ?? req.currentVersion;

  let target: string;
  if (req.version !== undefined) {
    target = normaliseVersion(req.version);
  } else {
    progress(`Reading the latest version from ${latestVersionUrl(base)}`);
    const text = await fetchText(latestVersionUrl(base), req.env);
    const v = valid(clean(text.trim()) ?? "");
    if (!v) throw new UpdateError(`The release server at ${base} answered "${text.trim().slice(0, 40)}" for the latest version.`, "Pin a version: `verse self update <version>`.");
    target = v;
    // Without a pin, never go backwards (a mirror lagging behind a newer local build).
    if (valid(current) && compare(target, current) <= 0) return { kind: "up-to-date", current, latest: target, pinned: false };
  }
  if (req.version !== undefined && target === current) return { kind: "up-to-date", current, latest: target, pinned: true };

  const asset = chooseAsset(receipt.target);
  if (!asset) throw new UpdateError(`verse publishes no build for ${platform}/${process.arch}.`);
  const url = releaseFileUrl(base, target, asset);
  if (req.dryRun) return { kind: "would-update", from: current, to: target, url, binary: req.binary };

  removeLeftover(req.binary, platform);
  progress(`Downloading ${releaseFileUrl(base, target, "SHA256SUMS")}`);
  const sums = parseSha256Sums(await fetchText(releaseFileUrl(base, target, "SHA256SUMS"), req.env));
  progress(`Downloading ${url}`);
  const bytes = await fetchBytes(url, req.env);
  verifySha256(bytes, asset, sums, current);

  const { staged } = swapPaths(req.binary, platform, process.pid);
  try {
    try {
      writeFileSync(staged, bytes, { mode: 0o755 });
      chmodSync(staged, 0o755);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UpdateError(`Cannot write next to ${req.binary} (${why}). verse stays at ${current}.`, "Check the permissions of that directory.");
    }
    progress(`Checking that ${staged} runs`);
    smokeTest(staged, target, current);
    try {
      swapIn(staged, req.binary, platform);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UpdateError(`Cannot replace ${req.binary} (${why}). verse stays at ${current}.`);
    }
  } finally {
    rmSync(staged, { force: true });
  }
  writeReceipt(owner.receiptPath, { ...receipt, version: target, target: asset });
  return { kind: "updated", from: current, to: target, binary: req.binary };
}
