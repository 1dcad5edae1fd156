/**
 * TEMPORARY ADAPTER, to be replaced by `loadProject`/`loadConfig` from src/project/index.ts when
 * that layer offers them: reads just what environment management needs (project name, Python
 * constraint, the `virtualenvs.*` settings) from pyproject.toml, poetry.toml, the global
 * config.toml and POETRY_ and VERSE_ environment variables. Precedence, as in Poetry:
 * environment variable > poetry.toml (project) > config.toml (user) > default.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { InvalidInputError } from "../errors.ts";
import { userCacheDir, userConfigDir } from "../cache/index.ts";
import { NoProjectFound } from "./errors.ts";
import { type ProjectFacts, type VenvSettings, defaultVenvSettings } from "./settings.ts";
import { findProjectRootFrom } from "./project-root.ts";

type Env = Readonly<Record<string, string | undefined>>;
type Table = Record<string, unknown>;

export class ConfigFileError extends InvalidInputError {}

function readToml(file: string): Table | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return parseToml(text) as Table;
  } catch (e) {
    throw new ConfigFileError(`${file} is not valid TOML: ${(e as Error).message.split("\n")[0]}`, "Fix the file and run the command again.");
  }
}

function table(value: unknown): Table {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Table) : {};
}

/** Reads pyproject.toml facts from the project at or above `start` (or exactly `project`, from -P). */
export function readProjectFacts(start: string, project: string | null): ProjectFacts {
  const root = project !== null ? resolve(project.endsWith("pyproject.toml") ? join(project, "..") : project) : findProjectRootFrom(start);
  if (root === null) {
    throw new NoProjectFound(`Poetry could not find a pyproject.toml file in ${resolve(start)} or its parents`, {
      hint: "Run the command inside a project, or pass -P <path>.",
    });
  }
  const file = join(root, "pyproject.toml");
  const doc = readToml(file);
  if (doc === null) throw new NoProjectFound(`There is no pyproject.toml in ${root}.`, { hint: "Check the path given to -P/--project." });
  const pep621 = table(doc.project);
  const poetry = table(table(doc.tool).poetry);
  const name = typeof pep621.name === "string" ? pep621.name : typeof poetry.name === "string" ? poetry.name : "non-package-mode";
  const deps = table(poetry.dependencies);
  const python = typeof pep621["requires-python"] === "string" ? pep621["requires-python"] : typeof deps.python === "string" ? deps.python : null;
  return { name, root, python };
}

function bool(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true" || v === "1") return true;
    if (v === "false" || v === "0" || v === "") return false;
  }
  throw new ConfigFileError(`${where} must be true or false, not ${JSON.stringify(value)}.`);
}

function str(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  throw new ConfigFileError(`${where} must be a string, not ${JSON.stringify(value)}.`);
}

interface Layer {
  readonly values: Table;
  readonly where: string;
}

function layerFromToml(doc: Table | null, where: string): Layer {
  const v = table(doc?.virtualenvs);
  const o = table(v.options);
  return {
    where,
    values: {
      path: v.path,
      "in-project": v["in-project"],
      create: v.create,
      prompt: v.prompt,
      "always-copy": o["always-copy"],
      "no-pip": o["no-pip"],
      "system-site-packages": o["system-site-packages"],
      "cache-dir": doc?.["cache-dir"],
    },
  };
}

function layerFromEnv(env: Env): Layer {
  const get = (key: string) => env[`VERSE_${key}`] ?? env[`POETRY_${key}`];
  return {
    where: "environment variable",
    values: {
      path: get("VIRTUALENVS_PATH"),
      "in-project": get("VIRTUALENVS_IN_PROJECT"),
      create: get("VIRTUALENVS_CREATE"),
      prompt: get("VIRTUALENVS_PROMPT"),
      "always-copy": get("VIRTUALENVS_OPTIONS_ALWAYS_COPY"),
      "no-pip": get("VIRTUALENVS_OPTIONS_NO_PIP"),
      "system-site-packages": get("VIRTUALENVS_OPTIONS_SYSTEM_SITE_PACKAGES"),
      "cache-dir": undefined,
    },
  };
}

function expand(path: string, cacheDir: string, env: Env): string {
  const withCache = path.replaceAll("{cache-dir}", cacheDir);
  if (withCache === "~" || withCache.startsWith("~/")) return join(env.HOME || homedir(), withCache.slice(1));
  return resolve(withCache);
}

/** The effective `virtualenvs.*` settings for a project directory (null outside a project). */
export function readVenvSettings(projectRoot: string | null, env: Env = process.env): VenvSettings {
  const layers: Layer[] = [layerFromEnv(env)];
  if (projectRoot) layers.push(layerFromToml(readToml(join(projectRoot, "poetry.toml")), join(projectRoot, "poetry.toml")));
  const globalFile = join(userConfigDir(env), "config.toml");
  layers.push(layerFromToml(readToml(globalFile), globalFile));
  const pick = <T>(key: string, conv: (v: unknown, where: string) => T | undefined): T | undefined => {
    for (const layer of layers) {
      const value = conv(layer.values[key], `virtualenvs ${key} (${layer.where})`);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const cacheDir = pick("cache-dir", str) ?? userCacheDir(env);
  const d = defaultVenvSettings(cacheDir);
  const inProjectRaw = pick("in-project", (v, w) => (v === "" ? undefined : bool(v, w)));
  return {
    path: expand(pick("path", str) ?? d.path, cacheDir, env),
    inProject: inProjectRaw ?? null,
    create: pick("create", bool) ?? d.create,
    prompt: pick("prompt", str) ?? d.prompt,
    alwaysCopy: pick("always-copy", bool) ?? d.alwaysCopy,
    noPip: pick("no-pip", bool) ?? d.noPip,
    systemSitePackages: pick("system-site-packages", bool) ?? d.systemSitePackages,
  };
}
