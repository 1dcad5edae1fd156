/**
 * Project → BuildSpec: everything the wheel and sdist writers need, decided once. Metadata
 * follows poetry-core 2.x: [project] fields as written, [tool.poetry] fields (and dynamic
 * [project] ones) with Poetry's additions (automatic classifiers, python constraint → Requires-
 * Python, homepage/repository/documentation → Project-URL).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { PackageInclude, Project } from "../project/core.ts";
import { constraintToPep508, parseConstraint } from "../standards/constraint.ts";
import { canonicalizeName, escapeName } from "../standards/names.ts";
import { Version } from "../standards/version.ts";
import { allClassifiers } from "./classifiers.ts";
import { collectEntryPoints, fileScripts, type FileScript } from "./entry-points.ts";
import { BuildConfigError } from "./errors.ts";
import { globFiles } from "./glob.ts";
import { requiresDistLine } from "./requires-dist.ts";

/** The metadata fields in the order poetry-core writes them (only the present ones are written). */
export interface BuildMetadata {
  readonly name: string;
  readonly version: string;
  readonly summary: string;
  readonly license: string | null;
  readonly licenseExpression: string | null;
  readonly licenseFiles: readonly string[];
  readonly keywords: string;
  readonly author: string | null;
  readonly authorEmail: string | null;
  readonly maintainer: string | null;
  readonly maintainerEmail: string | null;
  readonly requiresPython: string | null;
  readonly classifiers: readonly string[];
  readonly providesExtra: readonly string[];
  readonly requiresDist: readonly string[];
  /** "Label, url" values, in written order. */
  readonly projectUrls: readonly string[];
  readonly descriptionContentType: string | null;
  readonly description: string | null;
}

export interface IncludeSpec {
  readonly path: string;
  readonly formats: readonly ("sdist" | "wheel")[];
}

export interface BuildSpec {
  readonly root: string;
  readonly name: string;
  /** The name in file names and the dist-info directory. */
  readonly distName: string;
  readonly version: string;
  readonly metadata: BuildMetadata;
  /** group → "name=reference" lines, both sorted. */
  readonly entryPoints: ReadonlyMap<string, readonly string[]>;
  readonly fileScripts: readonly FileScript[];
  readonly packages: readonly PackageInclude[];
  readonly includes: readonly IncludeSpec[];
  readonly excludes: readonly string[];
  /** Relative to the root, sorted. */
  readonly readmes: readonly string[];
  readonly buildScript: string | null;
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);

function table(data: Table, ...path: string[]): Table {
  let cur: unknown = data;
  for (const p of path) cur = isTable(cur) ? cur[p] : undefined;
  return isTable(cur) ? cur : {};
}

function readText(root: string, rel: string, what: string): string {
  const file = isAbsolute(rel) ? rel : join(root, rel);
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new BuildConfigError(`the ${what} ${rel} does not exist or cannot be read`, `Create ${rel} or fix its path in pyproject.toml.`);
  }
}

function contentType(file: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith(".md")) return "text/markdown";
  if (lower.endsWith(".rst")) return "text/x-rst";
  return "text/plain";
}

/** The default license-files globs (PEP 639's recommendation, as poetry-core uses). */
const DEFAULT_LICENSE_GLOBS = ["LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*"];

function licenseInfo(project: Project): { license: string | null; expression: string | null; files: string[] } {
  const pep = table(project.data, "project");
  const lic = pep.license;
  let license: string | null = null;
  let expression: string | null = null;
  const files = new Set<string>();
  if (project.layout === "pep621" && lic !== undefined) {
    if (typeof lic === "string") expression = lic;
    else if (isTable(lic) && typeof lic.text === "string") license = lic.text;
    else if (isTable(lic) && typeof lic.file === "string") {
      license = readText(project.root, lic.file, "license file");
      files.add(lic.file.replace(/^\.\//, ""));
    }
  } else if (project.license !== null) {
    license = project.license;
  }
  const declared = pep["license-files"];
  const globs = Array.isArray(declared) ? declared.filter((g): g is string => typeof g === "string") : DEFAULT_LICENSE_GLOBS;
  for (const g of globs) {
    for (const f of globFiles(project.root, g)) files.add(f);
  }
  return { license, expression, files: [...files].sort() };
}

/** poetry-core writes the first author (and maintainer) only: name and email in their own fields. */
function personFields(people: Project["authors"]): { name: string | null; email: string | null } {
  const first = people[0];
  return first === undefined ? { name: null, email: null } : { name: first.name, email: first.email };
}

function projectUrls(project: Project): string[] {
  const out: string[] = [];
  const labels: Record<string, string> = { homepage: "Homepage", repository: "Repository", documentation: "Documentation" };
  const fromPoetry = project.layout === "poetry" || project.dynamic.includes("urls");
  for (const [label, url] of Object.entries(project.urls)) {
    out.push(`${fromPoetry && label in labels && !Object.hasOwn(table(project.data, "tool", "poetry", "urls"), label) ? labels[label] : label}, ${url}`);
  }
  // poetry-core sorts by the first character only (a stable sort)
  return out.map((u, i) => [u, i] as const).sort((a, b) => (a[0][0]! < b[0][0]! ? -1 : a[0][0]! > b[0][0]! ? 1 : a[1] - b[1])).map(([u]) => u);
}

function requiresDist(project: Project): { requires: string[]; extras: string[] } {
  const main = project.groups.get("main")?.dependencies ?? [];
  const lines: string[] = [];
  const pepExtras = table(project.data, "project")["optional-dependencies"];
  const extrasFromProject = project.layout === "pep621" && isTable(pepExtras);
  for (const dep of main) {
    if (!dep.optional) lines.push(requiresDistLine(dep, [], project.root));
  }
  if (extrasFromProject) {
    // each [project.optional-dependencies] entry is its own dependency of its extra
    for (const extra of Object.keys(project.extras)) {
      const entries = main.filter((d) => d.optional && d.declaredAt[2] === extra);
      for (const dep of entries) lines.push(requiresDistLine(dep, [canonicalizeName(extra)], project.root));
    }
  } else {
    for (const dep of main) {
      if (!dep.optional) continue;
      const inExtras = Object.entries(project.extras).filter(([, names]) => names.includes(dep.normalizedName)).map(([e]) => canonicalizeName(e));
      if (inExtras.length > 0) lines.push(requiresDistLine(dep, inExtras, project.root));
    }
  }
  const extras = Object.keys(project.extras).map((e) => canonicalizeName(e) as string);
  return { requires: [...new Set(lines)].sort(), extras: [...new Set(extras)].sort() };
}

function readmeInfo(project: Project): { files: string[]; type: string | null } {
  const pepReadme = table(project.data, "project").readme;
  const declaredType = isTable(pepReadme) && typeof pepReadme["content-type"] === "string" ? pepReadme["content-type"] : null;
  if (isTable(pepReadme) && typeof pepReadme.text === "string") return { files: [], type: declaredType };
  const files = project.readme.map((r) => r.replace(/^\.\//, ""));
  return { files, type: declaredType ?? (files[0] !== undefined ? contentType(files[0]) : null) };
}

/** The `[tool.poetry.build]` script (`build = "x.py"` or `script = "x.py"`), or null. */
export function buildScriptOf(project: Project): string | null {
  const build = table(project.data, "tool", "poetry").build;
  if (typeof build === "string") return build;
  if (isTable(build) && typeof build.script === "string") return build.script;
  return null;
}

/** Where the automatic package lives: `name` (with '-'/'.' → '_') as a package or module, flat or under src/. */
function detectPackages(project: Project, moduleName: string): PackageInclude[] {
  for (const from of [null, "src"]) {
    const base = from === null ? project.root : join(project.root, from);
    const dir = join(base, moduleName);
    if (existsSync(dir) && statSync(dir).isDirectory()) return [{ include: moduleName, from, to: null, formats: [] }];
    if (existsSync(`${dir}.py`)) return [{ include: `${moduleName}.py`, from, to: null, formats: [] }];
  }
  throw new BuildConfigError(
    `no file or folder found for package ${project.name}: looked for ${moduleName}/ and ${moduleName}.py, flat and under src/`,
    "Name the package directory after the project, or list it in [tool.poetry] packages = [{ include = \"...\" }].",
  );
}

function includesOf(project: Project): IncludeSpec[] {
  const raw = table(project.data, "tool", "poetry").include;
  if (!Array.isArray(raw)) return [];
  const out: IncludeSpec[] = [];
  for (const item of raw) {
    if (typeof item === "string") out.push({ path: item, formats: ["sdist"] });
    else if (isTable(item) && typeof item.path === "string") {
      const f = item.format;
      const formats = (f === undefined ? ["sdist"] : typeof f === "string" ? [f] : Array.isArray(f) ? f : []).filter((x): x is "sdist" | "wheel" => x === "sdist" || x === "wheel");
      out.push({ path: item.path, formats });
    }
  }
  return out;
}

/** Decide everything about the build. Throws BuildConfigError for a project that cannot be packaged. */
export function buildSpec(project: Project): BuildSpec {
  if (!project.packageMode) {
    throw new BuildConfigError("this project is not in package mode (package-mode = false), so it cannot be built", "Remove `package-mode = false` from [tool.poetry] to build it.");
  }
  if (project.name === null || project.version === null) {
    throw new BuildConfigError("the project needs a name and a static version to be built", "Set [project] name and version (or [tool.poetry] name and version).");
  }
  let version: string;
  try {
    version = Version.parse(project.version).toString();
  } catch {
    throw new BuildConfigError(`the project version ${JSON.stringify(project.version)} is not a valid PEP 440 version`, "Use a version such as 1.0.0, 1.0.0rc1 or 1.0.0.post1.");
  }
  const lic = licenseInfo(project);
  const readme = readmeInfo(project);
  const pepReadme = table(project.data, "project").readme;
  const description = isTable(pepReadme) && typeof pepReadme.text === "string"
    ? pepReadme.text
    : readme.files.length > 0 ? readme.files.map((f) => readText(project.root, f, "readme")).join("\n") : null;
  const author = personFields(project.authors);
  const maintainer = personFields(project.maintainers);
  const deps = requiresDist(project);
  // [project] requires-python is written as given; Poetry's python constraint as a specifier
  let requiresPython: string | null = null;
  if (project.requiresPython !== null) requiresPython = project.requiresPython;
  else if (project.pythonConstraint !== "*") requiresPython = constraintToPep508(parseConstraint(project.pythonConstraint));
  const autoClassifiers = project.layout === "poetry" || project.dynamic.includes("classifiers");
  const classifiers = autoClassifiers
    ? allClassifiers(project.classifiers, project.pythonConstraint, project.layout === "poetry" ? project.license : null)
    : [...project.classifiers];
  const moduleName = canonicalizeName(project.name).replace(/[-.]/g, "_");
  const packages = project.packages.length > 0 ? [...project.packages] : detectPackages(project, moduleName);
  return {
    root: project.root,
    name: project.name,
    distName: escapeName(project.name),
    version,
    metadata: {
      name: project.name,
      version,
      summary: project.description ?? "",
      license: lic.license,
      licenseExpression: lic.expression,
      licenseFiles: lic.files,
      keywords: project.keywords.join(","),
      author: author.name,
      authorEmail: author.email,
      maintainer: maintainer.name,
      maintainerEmail: maintainer.email,
      requiresPython,
      classifiers,
      providesExtra: deps.extras,
      requiresDist: deps.requires,
      projectUrls: projectUrls(project),
      descriptionContentType: description === null ? null : readme.type,
      description,
    },
    entryPoints: collectEntryPoints(project),
    fileScripts: fileScripts(project),
    packages,
    includes: includesOf(project),
    excludes: [...project.exclude],
    readmes: readme.files,
    buildScript: buildScriptOf(project),
  };
}
