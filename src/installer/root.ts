/**
 * The root project installed editable, as Poetry does for a Poetry-backend project: a
 * `<name>.pth` naming the directories that hold its packages (`src/` or the project root), and
 * a dist-info with METADATA, entry points, INSTALLER, direct_url.json (editable) and RECORD;
 * its console scripts are written like any other.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { hashEntry, type RecordEntry } from "../standards/record.ts";
import { formatRecord } from "./record.ts";
import { entryPointScript, scriptEntryPoints } from "./scripts.ts";
import { mergeMove, type Destination } from "./wheel.ts";

export interface RootSpec {
  /** The project directory. */
  readonly root: string;
  /** The name as in file names (escaped). */
  readonly distName: string;
  readonly version: string;
  readonly metadataText: string;
  /** entry_points.txt text, or null. */
  readonly entryPointsText: string | null;
  /** Absolute directories to put on sys.path. */
  readonly pthDirs: readonly string[];
}

export function installRoot(spec: RootSpec, dest: Destination): string {
  const distInfo = `${spec.distName}-${spec.version}.dist-info`;
  const stage = join(dest.staging, `root-${crypto.randomUUID().slice(0, 8)}`);
  const stagedInfo = join(stage, distInfo);
  const records: RecordEntry[] = [];
  const enc = new TextEncoder();
  try {
    mkdirSync(stagedInfo, { recursive: true });
    const pth = `${spec.pthDirs.join("\n")}\n`;
    writeFileSync(join(stage, `${spec.distName}.pth`), pth);
    records.push(hashEntry(`${spec.distName}.pth`, enc.encode(pth)));
    const write = (name: string, text: string): void => {
      writeFileSync(join(stagedInfo, name), text);
      records.push(hashEntry(`${distInfo}/${name}`, enc.encode(text)));
    };
    write("METADATA", spec.metadataText);
    write("INSTALLER", "verse\n");
    if (spec.entryPointsText !== null) write("entry_points.txt", spec.entryPointsText);
    write("direct_url.json", JSON.stringify({ dir_info: { editable: true }, url: pathToFileURL(spec.root).href }));
    const eps = spec.entryPointsText === null ? [] : scriptEntryPoints(spec.entryPointsText, "pyproject.toml");
    if (eps.length > 0) mkdirSync(join(stage, "scripts"), { recursive: true });
    for (const ep of eps) {
      const text = entryPointScript(ep, dest.python);
      writeFileSync(join(stage, "scripts", ep.name), text, { mode: 0o755 });
      records.push(hashEntry(relative(dest.purelib, join(dest.scripts, ep.name)), enc.encode(text)));
    }
    records.push({ path: `${distInfo}/RECORD`, hash: null, size: null });
    writeFileSync(join(stagedInfo, "RECORD"), formatRecord(records));
    if (eps.length > 0) mergeMove(join(stage, "scripts"), dest.scripts);
    mergeMove(join(stage, `${spec.distName}.pth`), join(dest.purelib, `${spec.distName}.pth`));
    rmSync(join(dest.purelib, distInfo), { recursive: true, force: true });
    mergeMove(stagedInfo, join(dest.purelib, distInfo));
    return join(dest.purelib, distInfo);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
