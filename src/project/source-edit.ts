/**
 * `verse source add|show|remove`: the `[[tool.poetry.source]]` entries of pyproject.toml,
 * edited in place (Poetry 2 writes `name`, `url` and `priority`; PyPI itself is named without a url).
 */
import { InvalidInputError, UsageError } from "../errors.ts";
import type { PackageSource, SourcePriority } from "./model.ts";
import type { ProjectFile } from "./project-file.ts";
import { saveProjectFile } from "./project-file.ts";

export class SourceNotFoundError extends InvalidInputError {}
export class InvalidSourceError extends UsageError {}

export const SOURCE_PRIORITIES: readonly SourcePriority[] = ["primary", "supplemental", "explicit"];
const PATH = ["tool", "poetry", "source"] as const;

export function parseSourcePriority(text: string | undefined): SourcePriority {
  if (text === undefined) return "primary";
  const p = text.trim().toLowerCase();
  if ((SOURCE_PRIORITIES as readonly string[]).includes(p)) return p as SourcePriority;
  throw new InvalidSourceError(`"${text}" is not a source priority.`, `Use one of ${SOURCE_PRIORITIES.join(", ")}.`);
}

const isPypi = (name: string) => name.toLowerCase() === "pypi";

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidSourceError(`"${url}" is not a valid URL.`, "Give the source's full address, such as https://pkgs.example.com/simple/.");
  }
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    throw new InvalidSourceError(`"${url}" uses ${parsed.protocol.replace(/:$/, "")}, which a package source cannot use.`, "Use an http(s) or file URL.");
  }
}

export interface AddedSource {
  readonly name: string;
  readonly updated: boolean;
}

/** Adds (or replaces, keeping its position) the source `name`; writes pyproject.toml. */
export function addSource(pf: ProjectFile, name: string, url: string | undefined, priority: SourcePriority): AddedSource {
  const trimmed = name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(trimmed)) {
    throw new InvalidSourceError(`"${name}" is not a valid source name.`, "Use letters, digits, '.', '_' and '-'.");
  }
  if (isPypi(trimmed)) {
    if (url) throw new InvalidSourceError("The URL of PyPI is fixed: give the name PyPI without a URL.", "For example: verse source add --priority supplemental PyPI");
  } else {
    if (!url) throw new InvalidSourceError(`A URL is required for the source ${trimmed}.`, `For example: verse source add ${trimmed} https://pkgs.example.com/simple/`);
    checkUrl(url);
  }
  const table: Record<string, string> = { name: trimmed };
  if (url) table.url = url;
  table.priority = priority;
  const existing = (pf.editor.get([...PATH]) ?? []) as readonly { name?: unknown }[];
  const index = Array.isArray(existing) ? existing.findIndex((s) => typeof s.name === "string" && s.name.toLowerCase() === trimmed.toLowerCase()) : -1;
  if (index >= 0) {
    const current = existing[index] as Record<string, unknown>;
    // an update rewrites the keys it owns and drops Poetry 1's default/secondary flags
    for (const stale of ["default", "secondary"]) if (current[stale] !== undefined) pf.editor.remove([...PATH, index, stale]);
    if (!url && current.url !== undefined) pf.editor.remove([...PATH, index, "url"]);
    for (const [k, v] of Object.entries(table)) pf.editor.set([...PATH, index, k], v);
  } else {
    pf.editor.appendArrayTable([...PATH], table);
  }
  saveProjectFile(pf);
  return { name: trimmed, updated: index >= 0 };
}

/** Removes the source `name` (case-insensitive); writes pyproject.toml. */
export function removeSource(pf: ProjectFile, name: string): string {
  const existing = pf.editor.get([...PATH]);
  const list = Array.isArray(existing) ? (existing as { name?: unknown }[]) : [];
  const index = list.findIndex((s) => typeof s.name === "string" && s.name.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new SourceNotFoundError(`Source with name ${name} was not found.`, sourceHint(pf.project.sources));
  const found = String(list[index]?.name);
  if (list.length === 1) pf.editor.remove([...PATH]);
  else pf.editor.remove([...PATH, index]);
  saveProjectFile(pf);
  return found;
}

function sourceHint(sources: readonly PackageSource[]): string {
  return sources.length === 0 ? "The project declares no sources." : `Declared sources: ${sources.map((s) => s.name).join(", ")}.`;
}

/** The sources to show: all, or the named ones (an unknown name is an error). */
export function selectSources(sources: readonly PackageSource[], names: readonly string[]): PackageSource[] {
  if (names.length === 0) return [...sources];
  return names.map((n) => {
    const s = sources.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (!s) throw new SourceNotFoundError(`Source with name ${n} was not found.`, sourceHint(sources));
    return s;
  });
}

/** `poetry source show`'s blocks: aligned `name : value` rows, a blank line between sources. */
export function sourceShowLines(sources: readonly PackageSource[]): string[] {
  const out: string[] = [];
  sources.forEach((s, i) => {
    if (i > 0) out.push("");
    out.push(` name      : ${s.name}`);
    if (s.url !== null) out.push(` url       : ${s.url}`);
    out.push(` priority  : ${s.priority}`);
  });
  return out;
}
