/**
 * The settings and project facts environment management needs, as plain values: the commands
 * fill them from the config layer, so this folder does not depend on how config is stored.
 */
import { join } from "node:path";

/** Poetry's `virtualenvs.*` settings. */
export interface VenvSettings {
  /** virtualenvs.path: where `<name>-<hash>-py<X.Y>` environments live. */
  readonly path: string;
  /** virtualenvs.in-project: true uses `<project>/.venv`; null uses it only when it exists. */
  readonly inProject: boolean | null;
  /** virtualenvs.create: false uses the active or discovered interpreter's own environment. */
  readonly create: boolean;
  /** virtualenvs.prompt template: `{project_name}` and `{python_version}` are filled in. */
  readonly prompt: string;
  readonly alwaysCopy: boolean;
  readonly noPip: boolean;
  readonly systemSitePackages: boolean;
}

export const DEFAULT_PROMPT = "{project_name}-py{python_version}";

export function defaultVenvSettings(cacheDir: string): VenvSettings {
  return {
    path: join(cacheDir, "virtualenvs"),
    inProject: null,
    create: true,
    prompt: DEFAULT_PROMPT,
    alwaysCopy: false,
    noPip: false,
    systemSitePackages: false,
  };
}

/** What environment management needs to know about the project. */
export interface ProjectFacts {
  /** The project's name as written (normalized for the venv name by envs.ts). */
  readonly name: string;
  /** The directory holding pyproject.toml. */
  readonly root: string;
  /** The Python constraint text (Poetry syntax or a PEP 440 specifier set), or null. */
  readonly python: string | null;
}

export function renderPrompt(template: string, projectName: string, minor: string): string {
  return template.replaceAll("{project_name}", projectName).replaceAll("{python_version}", minor);
}
