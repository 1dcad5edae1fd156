/**
 * Package sources with Poetry's semantics:
 *   - `priority = "primary"` (the default), `"supplemental"` or `"explicit"`; Poetry 1.x's
 *     "default" reads as primary and "secondary" as supplemental;
 *   - PyPI is added implicitly, as the last primary source, only when no primary source is
 *     configured; a source named "pypi" (any case) IS PyPI: it takes no URL and only sets
 *     PyPI's priority;
 *   - a project is looked up in every primary source (their files merged, in order); the
 *     supplemental ones are asked only when no primary source has it;
 *   - an explicit source is used only by a dependency that names it (`source = "..."`).
 * Kinds: "simple" (PEP 503/691 index), "links" (one HTML page listing files: a URL ending in
 * .html/.htm), "find-links" (a local directory of wheels and sdists, a path or file:// URL).
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SourceConfigError } from "./errors.ts";

export type Priority = "primary" | "supplemental" | "explicit";
export type SourceKind = "simple" | "links" | "find-links";

export const PYPI_SIMPLE_URL = "https://pypi.org/simple/";

/** A source as configured (pyproject's [[tool.poetry.source]] or `repositories.<name>.url`). */
export interface SourceConfig {
  readonly name: string;
  readonly url?: string;
  readonly priority?: Priority | "default" | "secondary";
  readonly kind?: SourceKind;
}

export interface Source {
  readonly name: string;
  /** Absolute URL (a simple index ends with "/"; a find-links directory is a file:// URL). */
  readonly url: string;
  readonly priority: Priority;
  readonly kind: SourceKind;
  /** True for PyPI added because no primary source was configured. */
  readonly implicit: boolean;
}

function normalizePriority(p: SourceConfig["priority"], name: string): Priority {
  if (p === undefined || p === "primary" || p === "default") return "primary";
  if (p === "supplemental" || p === "secondary") return "supplemental";
  if (p === "explicit") return "explicit";
  throw new SourceConfigError(`Source '${name}' has an unknown priority '${String(p)}'`, "Use primary, supplemental or explicit.");
}

function kindOf(url: string, given: SourceKind | undefined): { url: string; kind: SourceKind } {
  if (given === "find-links" || url.startsWith("file:") || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && (isAbsolute(url) || url.startsWith(".")))) {
    const path = url.startsWith("file:") ? new URL(url).pathname : resolve(url);
    if (given === "find-links" || (existsSync(path) && statSync(path).isDirectory())) return { url: pathToFileURL(path).href + "/", kind: "find-links" };
    return { url: pathToFileURL(path).href, kind: "links" };
  }
  if (given === "links" || /\.html?$/i.test(new URL(url).pathname)) return { url, kind: "links" };
  return { url: url.endsWith("/") ? url : `${url}/`, kind: given ?? "simple" };
}

/** The effective sources, in search order, with PyPI added when Poetry would add it. */
export function resolveSources(configs: readonly SourceConfig[], pypiUrl = PYPI_SIMPLE_URL): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const c of configs) {
    const key = c.name.toLowerCase();
    if (c.name.trim() === "") throw new SourceConfigError("A source has an empty name", "Give every [[tool.poetry.source]] a name.");
    if (seen.has(key)) throw new SourceConfigError(`The source '${c.name}' is configured twice`, "Source names must be unique (case-insensitive).");
    seen.add(key);
    const priority = normalizePriority(c.priority, c.name);
    if (key === "pypi") {
      if (c.url !== undefined && c.url !== pypiUrl && c.url.replace(/\/?$/, "/") !== pypiUrl) {
        throw new SourceConfigError(
          "The source name 'pypi' is reserved for PyPI and cannot have another URL",
          "Give your source another name; a source named 'pypi' (without url) only sets PyPI's priority.",
        );
      }
      out.push({ name: "pypi", url: pypiUrl, priority, kind: "simple", implicit: false });
      continue;
    }
    if (c.url === undefined || c.url === "") throw new SourceConfigError(`The source '${c.name}' has no url`, "Add url = \"https://...\" to the source.");
    let resolved: { url: string; kind: SourceKind };
    try {
      resolved = kindOf(c.url, c.kind);
    } catch {
      throw new SourceConfigError(`The source '${c.name}' has an invalid url`, "Use an http(s) URL, a file:// URL or a directory path.");
    }
    out.push({ name: c.name, ...resolved, priority, implicit: false });
  }
  if (!out.some((s) => s.priority === "primary")) out.push({ name: "pypi", url: pypiUrl, priority: "primary", kind: "simple", implicit: true });
  const rank: Record<Priority, number> = { primary: 0, supplemental: 1, explicit: 2 };
  return out.map((s, i) => ({ s, i })).sort((a, b) => rank[a.s.priority] - rank[b.s.priority] || a.i - b.i).map(({ s }) => s);
}

/** The sources to ask for a project: the named one alone, else primaries then supplementals. */
export function searchOrder(sources: readonly Source[], sourceName?: string): { primary: Source[]; supplemental: Source[] } {
  if (sourceName !== undefined) {
    const s = sources.find((x) => x.name.toLowerCase() === sourceName.toLowerCase());
    if (s === undefined) {
      throw new SourceConfigError(
        `The source '${sourceName}' is not configured`,
        `Known sources: ${sources.map((x) => x.name).join(", ")}. Add it with \`verse source add ${sourceName} <url>\`.`,
      );
    }
    return { primary: [s], supplemental: [] };
  }
  return { primary: sources.filter((s) => s.priority === "primary"), supplemental: sources.filter((s) => s.priority === "supplemental") };
}
