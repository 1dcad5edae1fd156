/**
 * `verse version [rule|version]`: Poetry's version bumps applied to the project's version,
 * written where the version is declared (`[project].version`, or `[tool.poetry].version` for
 * legacy projects and for a `[project]` that lists "version" in `dynamic`).
 */
import { InvalidInputError, UsageError } from "../errors.ts";
import { BUMP_RULES, bumpVersion, type BumpRule } from "../standards/version-bump.ts";
import { Version } from "../standards/version.ts";
import type { TomlPath } from "./toml-scan.ts";
import { saveProjectFile, type ProjectFile } from "./project-file.ts";

export class InvalidBumpRule extends UsageError {}
export class MissingVersionError extends InvalidInputError {}

export interface BumpResult {
  readonly name: string | null;
  readonly from: string;
  readonly to: string;
  readonly written: boolean;
}

function isRule(text: string): text is BumpRule {
  return (BUMP_RULES as readonly string[]).includes(text);
}

/** The next version for `rule` (a bump rule or an explicit PEP 440 version), as Poetry computes it. */
export function nextVersion(current: string, rule: string, nextPhase = false): string {
  if (isRule(rule)) {
    const v = parseCurrent(current);
    return bumpVersion(v, rule, nextPhase).toString();
  }
  // an explicit version is kept as written, once it is known to be valid (as Poetry does)
  const text = rule.trim();
  try {
    Version.parse(text);
    return text;
  } catch {
    // reported below with the rule list
  }
  throw new InvalidBumpRule(
    `"${rule}" is neither a valid version nor a version rule.`,
    `Use one of ${BUMP_RULES.join(", ")}, or a PEP 440 version such as 1.2.3.`,
  );
}

function parseCurrent(current: string): Version {
  try {
    return Version.parse(current);
  } catch (e) {
    throw new MissingVersionError(`the project's version "${current}" is not a valid PEP 440 version: ${(e as Error).message}`, "Fix the version in pyproject.toml, or set one explicitly with `verse version <version>`.");
  }
}

/** Where the version lives in this document. */
export function versionPath(pf: ProjectFile): TomlPath {
  const data = pf.editor.value as { project?: { version?: unknown; dynamic?: unknown } };
  const project = data.project;
  if (project === undefined) return ["tool", "poetry", "version"];
  if (project.version !== undefined) return ["project", "version"];
  if (Array.isArray(project.dynamic) && project.dynamic.includes("version")) return ["tool", "poetry", "version"];
  return ["project", "version"];
}

export function bumpProjectVersion(pf: ProjectFile, rule: string, options: { nextPhase?: boolean; dryRun?: boolean } = {}): BumpResult {
  const current = pf.project.version;
  if (current === null) {
    throw new MissingVersionError(`${pf.file} declares no version`, 'Add `version = "0.1.0"` to [project] (or [tool.poetry]) first.');
  }
  const to = nextVersion(current, rule, options.nextPhase ?? false);
  let written = false;
  if (!options.dryRun) {
    pf.editor.set(versionPath(pf), to);
    written = saveProjectFile(pf);
  }
  return { name: pf.project.name, from: current, to, written };
}
