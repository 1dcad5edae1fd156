/**
 * entry_points.txt and file scripts. Console scripts come from [project.scripts] and Poetry's
 * `scripts` (with `extras`), GUI scripts from [project.gui-scripts], other groups from
 * [project.entry-points] or Poetry's `plugins`. Lines are written without spaces, sorted, as
 * poetry-core does; a `type = "file"` script is copied into `{dist}.data/scripts/`.
 */
import { existsSync, statSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import type { Project } from "../project/core.ts";
import { BuildConfigError } from "./errors.ts";

export interface FileScript {
  readonly name: string;
  /** Absolute path of the script file. */
  readonly source: string;
  /** The file name inside `.data/scripts/`. */
  readonly target: string;
}

function add(map: Map<string, string[]>, group: string, line: string): void {
  const list = map.get(group) ?? [];
  list.push(line.replace(/ /g, ""));
  map.set(group, list);
}

/** group → sorted "name=reference" lines; the groups are sorted too. */
export function collectEntryPoints(project: Project): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const s of project.scripts) {
    if (s.type === "file") continue;
    const extras = s.extras.length > 0 ? `[${s.extras.join(",")}]` : "";
    add(map, s.type === "gui" ? "gui_scripts" : "console_scripts", `${s.name}=${s.reference}${extras}`);
  }
  for (const [group, entries] of Object.entries(project.entryPoints)) {
    for (const [name, ref] of Object.entries(entries)) add(map, group, `${name}=${ref}`);
  }
  const sorted = new Map<string, string[]>();
  for (const g of [...map.keys()].sort()) sorted.set(g, [...new Set(map.get(g))].sort());
  return sorted;
}

/** entry_points.txt text, or null when the project declares none. */
export function entryPointsText(entryPoints: ReadonlyMap<string, readonly string[]>): string | null {
  if (entryPoints.size === 0) return null;
  let out = "";
  for (const [group, lines] of entryPoints) out += `[${group}]\n${lines.map((l) => `${l}\n`).join("")}\n`;
  return out;
}

export function fileScripts(project: Project): FileScript[] {
  const out: FileScript[] = [];
  for (const s of project.scripts) {
    if (s.type !== "file") continue;
    if (isAbsolute(s.reference)) {
      throw new BuildConfigError(`the script ${s.name} points to an absolute path (${s.reference})`, "Give a path relative to the project root.");
    }
    const source = join(project.root, s.reference);
    if (!existsSync(source) || !statSync(source).isFile()) {
      throw new BuildConfigError(`the script file ${s.reference} of script ${s.name} does not exist or is not a file`, "Create it or fix `reference` in [tool.poetry.scripts].");
    }
    out.push({ name: s.name, source, target: basename(s.reference) });
  }
  return out;
}
