/**
 * `verse check`: what is wrong with pyproject.toml, as errors and warnings with the key path
 * and line: schema problems, unknown [tool.poetry] keys, trove classifiers, SPDX licence
 * expressions, missing readme files and deprecated keys (with what to use instead).
 * An unparsable file is not a report but an error (TomlSyntaxError, with line and column).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkLicenceExpression, deprecatedClassifiers, knownClassifiers } from "./check-lists.ts";
import { formatPath, parsePyproject, PyprojectError } from "./pyproject.ts";
import { schemas } from "./schema.ts";
import { parseToml } from "./toml-parse.ts";
import { lineColumn, locatePath, scanToml, type TomlMap, type TomlPath } from "./toml-scan.ts";

export interface CheckMessage {
  readonly path: TomlPath;
  readonly line: number | null;
  readonly message: string;
}

export interface CheckReport {
  readonly errors: readonly CheckMessage[];
  readonly warnings: readonly CheckMessage[];
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

/** [tool.poetry] field → its PEP 621 home (Poetry 2's deprecation messages). */
const POETRY_TO_PROJECT: Readonly<Record<string, string>> = {
  name: "project.name",
  version: "project.version",
  description: "project.description",
  readme: "project.readme",
  license: "project.license",
  authors: "project.authors",
  maintainers: "project.maintainers",
  keywords: "project.keywords",
  classifiers: "project.classifiers",
  homepage: "project.urls",
  repository: "project.urls",
  documentation: "project.urls",
  urls: "project.urls",
  extras: "project.optional-dependencies",
  plugins: "project.entry-points",
};
/** Which `dynamic` entry lets [tool.poetry] still provide a field. */
const DYNAMIC_OF: Readonly<Record<string, string>> = {
  version: "version", description: "description", readme: "readme", license: "license", authors: "authors",
  maintainers: "maintainers", keywords: "keywords", classifiers: "classifiers", homepage: "urls", repository: "urls",
  documentation: "urls", urls: "urls", extras: "optional-dependencies", plugins: "entry-points",
};


export function checkPyproject(text: string, file: string, root: string): CheckReport {
  const data = parseToml(text, file);
  const map = scanToml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const errors: CheckMessage[] = [];
  const warnings: CheckMessage[] = [];
  const at = (path: TomlPath, message: string): CheckMessage => ({ path, line: lineOf(map, path), message });

  try {
    parsePyproject(text, file, root);
  } catch (e) {
    if (!(e instanceof PyprojectError)) throw e;
    for (const i of e.issues) errors.push({ path: i.path, line: i.line, message: `${formatPath(i.path) || "(document)"}: ${i.message}` });
  }

  const project = isTable(data.project) ? data.project : null;
  const tool = isTable(data.tool) ? data.tool : null;
  const poetry = tool && isTable(tool.poetry) ? tool.poetry : null;
  const dynamic = project && Array.isArray(project.dynamic) ? (project.dynamic as unknown[]).filter((x): x is string => typeof x === "string") : [];

  if (project === null && poetry === null) errors.push(at([], "neither [project] nor [tool.poetry] is defined"));

  if (poetry) {
    for (const key of Object.keys(poetry)) {
      if (!Object.hasOwn(schemas().poetry.shape, key)) errors.push(at(["tool", "poetry", key], `tool.poetry.${key}: unknown key (not a Poetry setting)`));
    }
    deprecations(poetry, project, dynamic, warnings, at);
  }

  // ---- classifiers
  const classifierSources: [TomlPath, unknown][] = [[["project", "classifiers"], project?.classifiers], [["tool", "poetry", "classifiers"], poetry?.classifiers]];
  for (const [path, list] of classifierSources) {
    if (!Array.isArray(list)) continue;
    const known = knownClassifiers();
    const old = deprecatedClassifiers();
    list.forEach((c, i) => {
      if (typeof c !== "string") return;
      const replacement = old.get(c);
      if (replacement !== undefined) {
        const use = replacement.length > 0 ? ` Use ${replacement.map((r) => `'${r}'`).join(" or ")} instead.` : " Remove it.";
        warnings.push(at([...path, i], `Deprecated classifier '${c}'.${use}`));
      } else if (!known.has(c)) {
        errors.push(at([...path, i], `Unrecognized classifier '${c}'.`));
      }
    });
  }

  // ---- licence
  licenceChecks(project, poetry, dynamic, errors, warnings, at);

  // ---- readme files
  const readmes: [TomlPath, string][] = [];
  if (project?.readme !== undefined) {
    const r = project.readme;
    if (typeof r === "string") readmes.push([["project", "readme"], r]);
    else if (isTable(r) && typeof r.file === "string") readmes.push([["project", "readme", "file"], r.file]);
  } else if (poetry?.readme !== undefined) {
    const r = poetry.readme;
    if (typeof r === "string") readmes.push([["tool", "poetry", "readme"], r]);
    else if (Array.isArray(r)) r.forEach((x, i) => typeof x === "string" && readmes.push([["tool", "poetry", "readme", i], x]));
  }
  for (const [path, name] of readmes) {
    if (!existsSync(join(root, name))) errors.push(at(path, `Declared README file does not exist: ${name}`));
  }
  return { errors, warnings };
}

function lineOf(map: TomlMap, path: TomlPath): number | null {
  if (path.length === 0) return null;
  const offset = locatePath(map, path);
  return offset === null ? null : lineColumn(map.text, offset).line;
}

type At = (path: TomlPath, message: string) => CheckMessage;

function deprecations(poetry: Table, project: Table | null, dynamic: readonly string[], warnings: CheckMessage[], at: At): void {
  for (const [key, target] of Object.entries(POETRY_TO_PROJECT)) {
    if (poetry[key] === undefined) continue;
    const path = ["tool", "poetry", key];
    if (project === null) {
      warnings.push(at(path, `[tool.poetry.${key}] is deprecated. Use [${target}] instead.`));
    } else if (key !== "name" && !dynamic.includes(DYNAMIC_OF[key] as string)) {
      warnings.push(at(path, `[tool.poetry.${key}] is set but '${DYNAMIC_OF[key]}' is not in [project.dynamic], so it is ignored. Use [${target}] instead, or add '${DYNAMIC_OF[key]}' to [project.dynamic].`));
    } else if (key === "name") {
      warnings.push(at(path, "[tool.poetry.name] is ignored when [project.name] is set. Remove it."));
    }
  }
  if (project !== null && poetry.scripts !== undefined && isTable(poetry.scripts)) {
    const consoleScripts = Object.entries(poetry.scripts).filter(([, v]) => typeof v === "string" || (isTable(v) && v.type !== "file"));
    if (consoleScripts.length > 0) warnings.push(at(["tool", "poetry", "scripts"], "Defining console scripts in [tool.poetry.scripts] is deprecated. Use [project.scripts] instead."));
  } else if (project === null && poetry.scripts !== undefined) {
    warnings.push(at(["tool", "poetry", "scripts"], "[tool.poetry.scripts] is deprecated. Use [project.scripts] instead."));
  }
  if (poetry["dev-dependencies"] !== undefined) {
    warnings.push(at(["tool", "poetry", "dev-dependencies"], "[tool.poetry.dev-dependencies] is deprecated. Use [tool.poetry.group.dev.dependencies] (or [dependency-groups] dev) instead."));
  }
  const deps = isTable(poetry.dependencies) ? poetry.dependencies : {};
  if (project === null && Object.keys(deps).some((d) => d.toLowerCase() !== "python")) {
    warnings.push(at(["tool", "poetry", "dependencies"], "Declaring main dependencies in [tool.poetry.dependencies] is deprecated. Use [project.dependencies] instead (keep Poetry-specific details in [tool.poetry.dependencies])."));
  }
  if (project !== null && deps.python !== undefined && project["requires-python"] === undefined) {
    warnings.push(at(["tool", "poetry", "dependencies", "python"], "[tool.poetry.dependencies.python] without [project.requires-python]: the built package's metadata will lack Requires-Python. Set [project.requires-python]."));
  }
  const scanDeps = (table: unknown, base: TomlPath) => {
    if (!isTable(table)) return;
    for (const [name, v] of Object.entries(table)) {
      const items = Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        if (isTable(item) && item["allows-prereleases"] !== undefined) {
          const path = Array.isArray(v) ? [...base, name, i, "allows-prereleases"] : [...base, name, "allows-prereleases"];
          warnings.push(at(path, `"allows-prereleases" is deprecated. Use "allow-prereleases" instead.`));
        }
      });
    }
  };
  scanDeps(poetry.dependencies, ["tool", "poetry", "dependencies"]);
  if (isTable(poetry.group)) for (const [g, t] of Object.entries(poetry.group)) if (isTable(t)) scanDeps(t.dependencies, ["tool", "poetry", "group", g, "dependencies"]);
  if (Array.isArray(poetry.source)) {
    poetry.source.forEach((s, i) => {
      if (!isTable(s)) return;
      const base = ["tool", "poetry", "source", i];
      if (s.default !== undefined) warnings.push(at([...base, "default"], `Source "${String(s.name)}": "default" is deprecated. Use priority = "primary" (PyPI is disabled by any primary source).`));
      if (s.secondary !== undefined) warnings.push(at([...base, "secondary"], `Source "${String(s.name)}": "secondary" is deprecated. Use priority = "supplemental" instead.`));
      if (s.priority === "default") warnings.push(at([...base, "priority"], `Source "${String(s.name)}": priority "default" is deprecated. Use "primary" instead.`));
      if (s.priority === "secondary") warnings.push(at([...base, "priority"], `Source "${String(s.name)}": priority "secondary" is deprecated. Use "supplemental" instead.`));
    });
  }
}

function licenceChecks(project: Table | null, poetry: Table | null, dynamic: readonly string[], errors: CheckMessage[], warnings: CheckMessage[], at: At): void {
  const report = (path: TomlPath, text: string, strict: boolean) => {
    const r = checkLicenceExpression(text);
    const sink = strict ? errors : warnings;
    if (r.syntax !== null) {
      sink.push(at(path, `"${text}" is not a valid SPDX licence expression: ${r.syntax}.`));
      return;
    }
    for (const id of r.unknown) sink.push(at(path, `"${id}" is not a known SPDX licence identifier. See https://spdx.org/licenses/ (or use LicenseRef-<name> for a custom licence).`));
    for (const id of r.deprecated) warnings.push(at(path, `The SPDX licence identifier "${id}" is deprecated. See https://spdx.org/licenses/ for its replacement.`));
    for (const [given, canonical] of r.recased) warnings.push(at(path, `Write the licence identifier "${given}" as "${canonical}".`));
  };
  const lic = project?.license;
  if (typeof lic === "string") report(["project", "license"], lic, true);
  else if (isTable(lic)) {
    if (typeof lic.text === "string") report(["project", "license", "text"], lic.text, false);
  }
  const pl = poetry?.license;
  // Poetry documents "Proprietary" for a project without a public licence
  if (typeof pl === "string" && pl !== "Proprietary" && (project === null || dynamic.includes("license"))) report(["tool", "poetry", "license"], pl, false);
}
