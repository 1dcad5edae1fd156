/**
 * RECORD of a wheel being installed: read and checked (paths must stay inside the wheel, every
 * file must match its hash), then rewritten for the installed layout (PEP 376 / 627).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatRecord, InvalidRecord, parseRecord, type RecordEntry, verifyEntry } from "../standards/record.ts";
import { InvalidWheelError } from "./errors.ts";

/** True when a wheel-relative path could leave its install directory. */
export function escapes(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\\") || /^[A-Za-z]:/.test(path) || path.includes("\0")) return true;
  return path.split("/").some((seg) => seg === "..");
}

/** The wheel's RECORD entries, validated: parseable, no escaping path. */
export function readWheelRecord(wheelDir: string, distInfo: string, wheelName: string): RecordEntry[] {
  const file = join(wheelDir, distInfo, "RECORD");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InvalidWheelError(`${wheelName} has no ${distInfo}/RECORD`, "The wheel is broken; ask its publisher for a fixed release.");
  }
  let entries: RecordEntry[];
  try {
    entries = parseRecord(text);
  } catch (e) {
    if (e instanceof InvalidRecord) throw new InvalidWheelError(`${wheelName} has a broken RECORD: ${e.message}`, "The wheel is broken; ask its publisher for a fixed release.");
    throw e;
  }
  for (const entry of entries) {
    if (escapes(entry.path)) {
      throw new InvalidWheelError(`${wheelName} has a file whose path escapes the environment: ${JSON.stringify(entry.path)}`, "verse refuses to install a wheel that writes outside its directories.");
    }
  }
  return entries;
}

/** Every listed file exists and matches its hash and size; a wheel file not listed is refused too. */
export function verifyWheelFiles(wheelDir: string, entries: readonly RecordEntry[], wheelName: string): void {
  for (const entry of entries) {
    if (entry.hash === null) continue; // RECORD itself, signatures
    const path = join(wheelDir, entry.path);
    if (!existsSync(path)) throw new InvalidWheelError(`${wheelName} has a broken RECORD: it lists ${entry.path}, which is not in the wheel`);
    const problem = verifyEntry(entry, new Uint8Array(readFileSync(path)));
    if (problem !== null) {
      throw new InvalidWheelError(`${wheelName} has a broken RECORD: ${problem.path} does not match (${problem.kind})`, "The wheel is damaged or was modified after it was built.");
    }
  }
}

export { formatRecord, type RecordEntry };
