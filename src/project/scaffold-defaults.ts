/** What `verse new` / `verse init` use when an option is not given. */
import { basename } from "node:path";
import { UsageError } from "../errors.ts";
import { loadConfig } from "./config.ts";
import { gitAuthor } from "./scaffold-files.ts";
import { README_FORMATS, type ReadmeFormat } from "./scaffold.ts";
import { indexLatestLookup, sourcesOf, type LatestLookup } from "./scaffold-deps.ts";
import type { InitDefaults } from "./init-flow.ts";

export interface ScaffoldSetup {
  readonly defaults: InitDefaults;
  readonly latest: LatestLookup;
}

/**
 * `dir`: the project directory (its name is the default project name); `python`: the
 * discovered interpreter's "3.X", or null; `existing`: a pyproject.toml already there (init),
 * whose [[tool.poetry.source]] entries are searched for dependencies.
 */
export function projectDefaults(dir: string, python: string | null, options: { cwd?: string; noCache?: boolean; existing?: Record<string, unknown> } = {}): ScaffoldSetup {
  const cacheDir = String(loadConfig({ projectDir: null }).get("cache-dir"));
  return {
    defaults: { name: basename(dir), author: gitAuthor(options.cwd ?? process.cwd()), python: python ? `>=${python}` : null },
    latest: indexLatestLookup(sourcesOf(options.existing ?? {}), cacheDir, options.noCache ?? false),
  };
}

export function parseReadmeFormat(text: string | undefined): ReadmeFormat {
  if (text === undefined) return "md";
  const f = text.trim().toLowerCase();
  if ((README_FORMATS as readonly string[]).includes(f)) return f as ReadmeFormat;
  throw new UsageError(`Invalid readme format '${text}', use one of ${README_FORMATS.join(", ")}.`);
}
