/**
 * The bridge from the project layer (src/project: pyproject model and Poetry-compatible config:
 * env vars > poetry.toml > config.toml > defaults) to the plain values environment management
 * takes (ProjectFacts, VenvSettings), so the rest of src/python stays independent of how
 * configuration is stored.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { type Config, loadConfig, loadProject, type Project } from "../project/core.ts";
import type { ProjectFacts, VenvSettings } from "./settings.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** Project facts from the pyproject.toml at or above `start` (or exactly `project`, from -P). */
export function readProjectFacts(start: string, project: string | null): ProjectFacts {
  return projectFactsOf(project !== null ? loadProject(project, { exact: true }) : loadProject(start));
}

/** The facts environment management needs from an already loaded project. */
export function projectFactsOf(p: Project): ProjectFacts {
  const python = p.pythonConstraint.trim();
  return { name: p.name ?? "non-package-mode", root: p.root, python: python === "" || python === "*" ? null : python };
}

function expandHome(path: string, env: Env): string {
  if (path === "~" || path.startsWith("~/")) return join(env.HOME || homedir(), path.slice(1));
  return resolve(path);
}

export function venvSettingsFrom(config: Config, env: Env): VenvSettings {
  const inProject = config.get("virtualenvs.in-project");
  return {
    path: expandHome(String(config.getString("virtualenvs.path") ?? join(cacheDirFrom(config), "virtualenvs")), env),
    inProject: typeof inProject === "boolean" ? inProject : null,
    create: config.getBoolean("virtualenvs.create"),
    prompt: config.getString("virtualenvs.prompt") ?? "{project_name}-py{python_version}",
    alwaysCopy: config.getBoolean("virtualenvs.options.always-copy"),
    noPip: config.getBoolean("virtualenvs.options.no-pip"),
    systemSitePackages: config.getBoolean("virtualenvs.options.system-site-packages"),
  };
}

export function cacheDirFrom(config: Config): string {
  return String(config.getString("cache-dir"));
}

/** The effective config for a project directory (null outside a project). */
export function readConfig(projectRoot: string | null, env: Env = process.env): Config {
  return loadConfig({ projectDir: projectRoot, env });
}

/** The effective `virtualenvs.*` settings for a project directory (null outside a project). */
export function readVenvSettings(projectRoot: string | null, env: Env = process.env): VenvSettings {
  return venvSettingsFrom(readConfig(projectRoot, env), env);
}
