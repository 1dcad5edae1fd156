/** The file side of the project layer: find pyproject.toml and read it. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { VerseError } from "../errors.ts";
import type { Project } from "./model.ts";
import { parsePyproject } from "./pyproject.ts";

export class ProjectNotFoundError extends VerseError {}

export const PYPROJECT = "pyproject.toml";

/** The directory holding pyproject.toml: `start` or its closest ancestor that has one. */
export function findProjectRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, PYPROJECT))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Loads the project. `location` is the working directory (searched upwards, as Poetry does) or,
 * with `exact` (the -P option), a project directory or a pyproject.toml path used as given.
 */
export function loadProject(location: string, options: { exact?: boolean } = {}): Project {
  const file = resolveProjectFile(location, options.exact ?? false);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new VerseError(`could not read ${file}: ${(e as Error).message}`, { cause: e });
  }
  return parsePyproject(text, file, dirname(file));
}

export function resolveProjectFile(location: string, exact: boolean): string {
  const abs = resolve(location);
  if (exact) {
    const file = isDirectory(abs) ? join(abs, PYPROJECT) : abs;
    if (!existsSync(file)) {
      throw new ProjectNotFoundError(`no ${PYPROJECT} at ${file}`, { hint: "Check the path given to -P/--project." });
    }
    return file;
  }
  const root = findProjectRoot(isDirectory(abs) || !existsSync(abs) ? abs : dirname(abs));
  if (root === null) {
    throw new ProjectNotFoundError(`could not find a ${PYPROJECT} file in ${abs} or its parents`, {
      hint: "Run the command inside a project, pass -P <path>, or create one with `verse new` or `verse init`.",
    });
  }
  return join(root, PYPROJECT);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
