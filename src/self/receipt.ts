/**
 * The install receipt written by install.sh / install.ps1: where verse was put, from where, and
 * whether PATH was edited. Its presence is what lets `self update` and `self uninstall` act; a
 * verse without one was installed some other way and is left to that way.
 *
 * Location (the installers' choice, independent of VERSE_DATA_DIR so the two always agree):
 *   POSIX:   ${XDG_DATA_HOME:-$HOME/.local/share}/verse/install-receipt.json
 *   Windows: %LOCALAPPDATA%\verse\install-receipt.json
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, win32 } from "node:path";
import type { z } from "zod";
import type { Zod } from "../deferred.ts";
import { lazySchema } from "../lazy-schema.ts";
import { ReceiptError } from "./errors.ts";

export type Env = Readonly<Record<string, string | undefined>>;

function buildReceiptSchema(z: Zod) {
  return z.object({
    version: z.string().min(1),
    install_dir: z.string().min(1),
    binary: z.string().min(1),
    /** The release asset installed, e.g. "verse-linux-x64-musl" (keeps the installer's musl/baseline choice). */
    target: z.string().min(1),
    modify_path: z.boolean(),
    path_modified: z.boolean(),
    source: z.enum(["install.sh", "install.ps1"]),
    download_url: z.string().url(),
  });
}

/** Built on first use (see lazy-schema.ts). */
export const receiptSchema = lazySchema(buildReceiptSchema);
export type Receipt = z.infer<ReturnType<typeof buildReceiptSchema>>;

export const RECEIPT_FILE = "install-receipt.json";

function home(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** The directory holding the receipt and the env scripts (the installers' data directory). */
export function installDataDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || win32.join(home(env), "AppData", "Local");
    return win32.join(local, "verse");
  }
  return join(env.XDG_DATA_HOME || join(home(env), ".local", "share"), "verse");
}

export function receiptPath(env: Env, platform: NodeJS.Platform = process.platform): string {
  const dir = installDataDir(env, platform);
  return platform === "win32" ? win32.join(dir, RECEIPT_FILE) : join(dir, RECEIPT_FILE);
}

/** Parses receipt text; a malformed receipt is an error that names the file, never a crash. */
export function parseReceipt(text: string, path: string): Receipt {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ReceiptError(`The install receipt ${path} is not valid JSON.`, "Reinstall verse with install.sh (or install.ps1) to rewrite it.");
  }
  const parsed = receiptSchema().safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (field "${issue.path.join(".")}": ${issue.message})` : "";
    throw new ReceiptError(`The install receipt ${path} is not one verse understands${where}.`, "Reinstall verse with install.sh (or install.ps1) to rewrite it.");
  }
  return parsed.data;
}

/** The receipt, or null when there is none. */
export function readReceipt(path: string): Receipt | null {
  if (!existsSync(path)) return null;
  return parseReceipt(readFileSync(path, "utf8"), path);
}

/** Rewrites the receipt atomically (after an update changed its version). */
export function writeReceipt(path: string, receipt: Receipt): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(receipt) + "\n");
  renameSync(temp, path);
}
