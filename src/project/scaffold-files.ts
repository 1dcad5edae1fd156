/**
 * The file side of `verse new` and `verse init`: the project directory with its package,
 * tests and readme, or a pyproject.toml in an existing directory. Nothing is written unless
 * the whole pyproject text has been rendered and checked first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { UsageError } from "../errors.ts";
import { writeFileAtomic } from "./fs-atomic.ts";
import { parsePyproject } from "./pyproject.ts";
import { packageParts, renderPyproject, type ProjectTemplate } from "./scaffold.ts";
import { parseToml } from "./toml-parse.ts";

export class DestinationNotEmptyError extends UsageError {}
export class ProjectExistsError extends UsageError {}

/** "Name <email>" from git's user.name / user.email, or null. */
export function gitAuthor(cwd: string): string | null {
  const get = (key: string): string | null => {
    try {
      const r = spawnSync("git", ["config", "--get", key], { cwd, encoding: "utf8", timeout: 5000 });
      const out = r.status === 0 ? r.stdout.trim() : "";
      return out === "" ? null : out;
    } catch {
      return null;
    }
  };
  const name = get("user.name");
  if (name === null) return null;
  const email = get("user.email");
  return email ? `${name} <${email}>` : name;
}

function rendered(template: ProjectTemplate, file: string, root: string): string {
  const text = renderPyproject(template);
  // what verse writes must load back as a valid project
  parsePyproject(text, file, root);
  return text;
}

export interface CreatedProject {
  readonly path: string;
  /** The package's import name, dotted for a namespace package. */
  readonly packageName: string;
}

/** `verse new`: the directory must be missing or empty. */
export function createProject(path: string, template: ProjectTemplate, displayPath = path): CreatedProject {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new DestinationNotEmptyError(`Destination ${displayPath} exists and is not a directory.`, "Choose another path.");
    if (readdirSync(path).length > 0) {
      throw new DestinationNotEmptyError(`Destination ${displayPath} exists and is not empty.`, "Choose a new or empty directory, or run `verse init` inside an existing one.");
    }
  }
  const text = rendered(template, join(path, "pyproject.toml"), path);
  const parts = packageParts(template.name);
  const base = template.layout === "src" ? join(path, "src") : path;
  const pkgDir = join(base, ...parts);
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(join(pkgDir, "__init__.py"), "");
  writeFileSync(join(path, `README.${template.readme}`), "");
  mkdirSync(join(path, "tests"), { recursive: true });
  writeFileSync(join(path, "tests", "__init__.py"), "");
  writeFileAtomic(join(path, "pyproject.toml"), text);
  return { path, packageName: parts.join(".") };
}

/** Whether an existing pyproject.toml already defines a project (init refuses to touch it). */
export function existingProjectSections(file: string): { text: string | null; defined: boolean; data: Record<string, unknown> } {
  if (!existsSync(file)) return { text: null, defined: false, data: {} };
  const text = readFileSync(file, "utf8");
  const data = parseToml(text, file);
  const poetry = (data.tool as { poetry?: Record<string, unknown> } | undefined)?.poetry;
  // a [tool.poetry] holding only settings (sources, packages) does not define a project yet
  const defined = data.project !== undefined || (poetry !== undefined && (poetry.name !== undefined || poetry.version !== undefined || poetry.dependencies !== undefined));
  return { text, defined, data };
}

/** `verse init`: writes pyproject.toml in `dir` (appended to one that has neither [project] nor [tool.poetry]). */
export function initProject(dir: string, template: ProjectTemplate): string {
  const file = join(dir, "pyproject.toml");
  const existing = existingProjectSections(file);
  if (existing.defined) {
    throw new ProjectExistsError("A pyproject.toml file with a project and/or a poetry section already exists.", `Edit ${relative(process.cwd(), file) || file} directly, or use \`verse add\` to add dependencies.`);
  }
  const text = rendered(template, file, dir);
  const full = existing.text === null ? text : `${existing.text}${existing.text.endsWith("\n") ? "" : "\n"}\n${text}`;
  parsePyproject(full, file, dir);
  writeFileAtomic(file, full);
  return file;
}

/** The generated text without writing it (init shows it before asking to confirm). */
export function previewPyproject(template: ProjectTemplate): string {
  return renderPyproject(template);
}
