/**
 * The pyproject.toml that `verse new` and `verse init` write, laid out exactly as Poetry 2
 * writes it (tomlkit's rendering of Poetry's template): a PEP 621 `[project]` table, PEP 735
 * `[dependency-groups]` for development dependencies, `[tool.poetry] packages` when the package
 * cannot be found from the name alone, then two blank lines and `[build-system]`.
 * Pure: text in, text out. The file system side is in scaffold-files.ts.
 */
import { InvalidInputError } from "../errors.ts";
import { canonicalizeName, isValidName } from "../standards/names.ts";
import { renderString } from "./toml-render.ts";

export class InvalidAuthorError extends InvalidInputError {}
export class InvalidProjectNameError extends InvalidInputError {}

export const DEFAULT_AUTHOR = "Your Name <you@example.com>";
export const BUILD_REQUIRES = "poetry-core>=2.0.0,<3.0.0";
export const BUILD_BACKEND = "poetry.core.masonry.api";
export type ReadmeFormat = "md" | "rst" | "txt";
export const README_FORMATS: readonly ReadmeFormat[] = ["md", "rst", "txt"];

export interface ProjectTemplate {
  /** As the user gave it; dots make namespace packages. */
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** "Name <email>" or "Name"; null for Poetry's placeholder author. */
  readonly author: string | null;
  readonly license: string | null;
  readonly readme: ReadmeFormat;
  /** requires-python, or null to leave it out. */
  readonly python: string | null;
  /** PEP 508 strings for [project].dependencies. */
  readonly dependencies: readonly string[];
  /** PEP 508 strings for the "dev" dependency group. */
  readonly devDependencies: readonly string[];
  /** "src": src layout; "flat": package at the root; "none": no package (init). */
  readonly layout: "src" | "flat" | "none";
}

/** The import name of one part of a project name: `my-pkg` → `my_pkg`. */
export function moduleName(part: string): string {
  return part.replace(/[-_.]+/g, "_").toLowerCase();
}

/** The package directory, relative to the layout's base: `ns.pkg` → ["ns", "pkg"]. */
export function packageParts(name: string): string[] {
  return name.split(".").map(moduleName).filter((p) => p !== "");
}

export function checkProjectName(name: string): void {
  if (!isValidName(name)) {
    throw new InvalidProjectNameError(
      `"${name}" is not a valid project name.`,
      "A name has ASCII letters, digits, '.', '_' and '-', and starts and ends with a letter or digit (use --name to set it).",
    );
  }
}

/** Poetry's "Name <email>" author form. */
export function parseAuthor(text: string): { name: string; email: string | null } {
  const m = /^([^<>]+?)(?:\s*<([^<>]+)>)?$/.exec(text.trim());
  if (!m || !m[1]) {
    throw new InvalidAuthorError(`Invalid author: "${text}"`, 'Write it as "Name <email@example.com>" (the email part is optional).');
  }
  return { name: (m[1] as string).trim(), email: m[2] ?? null };
}

/** The `[tool.poetry] packages` entry, or null when the package name follows from the project name. */
export function packageInclude(t: ProjectTemplate): { include: string; from: string | null } | null {
  if (t.layout === "none") return null;
  const parts = packageParts(t.name);
  const include = parts[0];
  if (include === undefined) return null;
  if (t.layout === "src") return { include, from: "src" };
  return moduleName(canonicalizeName(t.name)) === include ? null : { include, from: null };
}

function list(key: string, items: readonly string[]): string {
  if (items.length === 0) return `${key} = [\n]\n`;
  return `${key} = [\n${items.map((i) => `    ${renderString(i)}`).join(",\n")}\n]\n`;
}

export function renderPyproject(t: ProjectTemplate): string {
  checkProjectName(t.name);
  let out = "[project]\n";
  out += `name = ${renderString(canonicalizeName(t.name))}\n`;
  out += `version = ${renderString(t.version)}\n`;
  out += `description = ${renderString(t.description)}\n`;
  const author = parseAuthor(t.author ?? DEFAULT_AUTHOR);
  // tomlkit writes this inline table without a space after the comma
  const authorText = author.email === null ? `{name = ${renderString(author.name)}}` : `{name = ${renderString(author.name)},email = ${renderString(author.email)}}`;
  out += `authors = [\n    ${authorText}\n]\n`;
  if (t.license) out += `license = {text = ${renderString(t.license)}}\n`;
  out += `readme = ${renderString(`README.${t.readme}`)}\n`;
  if (t.python) out += `requires-python = ${renderString(t.python)}\n`;
  out += list("dependencies", t.dependencies);
  if (t.devDependencies.length > 0) out += `\n[dependency-groups]\n${list("dev", t.devDependencies)}`;
  const pkg = packageInclude(t);
  if (pkg) {
    const inner = pkg.from === null ? `{include = ${renderString(pkg.include)}}` : `{include = ${renderString(pkg.include)}, from = ${renderString(pkg.from)}}`;
    out += `\n[tool.poetry]\npackages = [${inner}]\n`;
  }
  out += `\n\n[build-system]\nrequires = [${renderString(BUILD_REQUIRES)}]\nbuild-backend = ${renderString(BUILD_BACKEND)}\n`;
  return out;
}
