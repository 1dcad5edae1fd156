/**
 * pyproject.toml text → the normalized Project, by Poetry 2's rules:
 *  - when `[project]` exists its fields win; `[tool.poetry]` fills only what `[project]` lists in
 *    `dynamic` (version, readme, classifiers, dependencies...) or has no standard place for
 *    (packages, include/exclude, sources, groups);
 *  - `[project].dependencies` are the main dependencies; a `[tool.poetry.dependencies]` entry of
 *    the same name only enriches one (source, develop, allow-prereleases); the others are
 *    ignored unless "dependencies" is dynamic;
 *  - the locking Python constraint is `tool.poetry.dependencies.python` when given, otherwise
 *    `requires-python`;
 *  - groups come from `[tool.poetry.group.<g>]`, legacy `dev-dependencies` (group "dev") and
 *    PEP 735 `[dependency-groups]`; a group in both takes its list from `[dependency-groups]`,
 *    its `optional` flag and enrichments from `[tool.poetry.group.<g>]`.
 * Pure: takes text, returns data. The loader (load.ts) does the file I/O.
 */
import { InvalidInputError } from "../errors.ts";
import { canonicalizeName, type NormalizedName } from "../standards/names.ts";
import { enrich, pep508Dependency, poetryDependencies } from "./dependency.ts";
import { MAIN_GROUP, type Dependency, type DependencyGroup, type PackageInclude, type PackageSource, type Person, type Project, type Script, type SourcePriority } from "./model.ts";
import { check, checkPoetryDependency, type PyprojectData, schemas, type SchemaIssue } from "./schema.ts";
import { hasPyprojectShape } from "./shape.ts";
import { parseToml } from "./toml-parse.ts";
import { lineColumn, locatePath, scanToml } from "./toml-scan.ts";
import { renderKeyPath } from "./toml-render.ts";

/** `tool.poetry.dependencies.requests.version`, `project.dependencies[1]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${renderKeyPath([p])}`;
  return out;
}

export class PyprojectError extends InvalidInputError {
  readonly issues: readonly (SchemaIssue & { readonly line: number | null })[];
  constructor(file: string, issues: readonly (SchemaIssue & { readonly line: number | null })[]) {
    const lines = issues.map((i) => `  - ${formatPath(i.path) || "(document)"}${i.line ? ` (line ${i.line})` : ""}: ${i.message}`);
    super(`${file} is not valid:\n${lines.join("\n")}`, `Fix ${issues.length === 1 ? "this entry" : "these entries"} in ${file}, then run the command again.`);
    this.issues = issues;
  }
}

function person(text: string): Person {
  // Poetry's "Name <email>" form
  const m = /^([^<>]*?)\s*(?:<([^<>]+)>)?\s*$/.exec(text);
  if (!m) return { name: text, email: null };
  return { name: m[1] ? m[1] : null, email: m[2] ?? null };
}

function priorityOf(s: { priority?: string; default?: boolean; secondary?: boolean }): SourcePriority {
  // Poetry 1.x's `default`/`secondary` map onto today's priorities
  if (s.priority === "explicit" || s.priority === "supplemental" || s.priority === "primary") return s.priority;
  if (s.priority === "secondary" || s.secondary) return "supplemental";
  return "primary";
}

function include(item: string | { path: string; format?: string | string[] }): PackageInclude {
  if (typeof item === "string") return { include: item, from: null, to: null, formats: [] };
  const f = item.format;
  return { include: item.path, from: null, to: null, formats: f === undefined ? [] : typeof f === "string" ? [f] : f };
}

/** Parses and normalizes pyproject.toml text. `file` names it in errors and sets `root`. */
export function parsePyproject(text: string, file = "pyproject.toml", root = "."): Project {
  const data = parseToml(text, file);
  const issues: SchemaIssue[] = [];
  const raw: unknown = data;
  const doc = hasPyprojectShape(raw) ? raw : check(schemas().pyproject, data, [], issues);
  if (doc === null) throw schemaError(file, text, issues);
  const project = doc.project;
  const poetry = doc.tool?.poetry ?? {};
  const dynamic = project?.dynamic ?? [];
  const usesPoetry = (field: string) => project === undefined || dynamic.includes(field);
  const packageMode = poetry["package-mode"] ?? true;

  // ---- metadata
  const name = project?.name ?? poetry.name ?? null;
  const version = (project?.version ?? (usesPoetry("version") ? poetry.version : undefined)) ?? null;
  if (packageMode) {
    if (name === null) issues.push({ path: project ? ["project", "name"] : ["tool", "poetry", "name"], message: "is required in package mode (set it, or `package-mode = false` under [tool.poetry])" });
    // a dynamic version may come from a plugin, so only a static layout must state it
    if (version === null && !(project && dynamic.includes("version"))) {
      issues.push({ path: project ? ["project", "version"] : ["tool", "poetry", "version"], message: 'is required in package mode (or list "version" in [project].dynamic)' });
    }
  }
  const readme = project?.readme !== undefined
    ? typeof project.readme === "string" ? [project.readme] : project.readme.file ? [project.readme.file] : []
    : usesPoetry("readme") && poetry.readme !== undefined ? (typeof poetry.readme === "string" ? [poetry.readme] : poetry.readme) : [];
  const license = project?.license !== undefined
    ? typeof project.license === "string" ? project.license : project.license.text ?? project.license.file ?? null
    : usesPoetry("license") ? poetry.license ?? null : null;
  const urls: Record<string, string> = {};
  if (project?.urls) Object.assign(urls, project.urls);
  else if (usesPoetry("urls")) {
    if (poetry.homepage) urls.homepage = poetry.homepage;
    if (poetry.repository) urls.repository = poetry.repository;
    if (poetry.documentation) urls.documentation = poetry.documentation;
    Object.assign(urls, poetry.urls ?? {});
  }

  // ---- dependencies
  const poetryMain = new Map<NormalizedName, Dependency[]>();
  let pythonFromPoetry: string | null = null;
  for (const [depName, raw] of Object.entries(poetry.dependencies ?? {})) {
    const path = ["tool", "poetry", "dependencies", depName];
    if (depName.toLowerCase() === "python") {
      if (typeof raw === "string") pythonFromPoetry = raw;
      else issues.push({ path, message: 'expected a constraint string such as "^3.9"' });
      continue;
    }
    const value = checkPoetryDependency(raw, path, issues);
    if (value === null) continue;
    const deps = poetryDependencies(depName, value, MAIN_GROUP, path, issues);
    if (deps.length > 0) addUnique(poetryMain, deps, issues);
  }
  const main: Dependency[] = [];
  const extras: Record<string, NormalizedName[]> = {};
  if (project?.dependencies !== undefined || (project && !dynamic.includes("dependencies"))) {
    (project?.dependencies ?? []).forEach((text, i) => {
      const dep = pep508Dependency(text, MAIN_GROUP, "project", false, ["project", "dependencies", i], issues);
      if (dep) main.push(enrichFrom(dep, poetryMain));
    });
  } else {
    for (const deps of poetryMain.values()) main.push(...deps);
  }
  if (project?.["optional-dependencies"] !== undefined) {
    for (const [extra, list] of Object.entries(project["optional-dependencies"])) {
      const names: NormalizedName[] = [];
      list.forEach((text, i) => {
        const dep = pep508Dependency(text, MAIN_GROUP, "project", true, ["project", "optional-dependencies", extra, i], issues);
        if (!dep) return;
        names.push(dep.normalizedName);
        // a self-reference (`myproj[other]`) names extras, it is not an external dependency
        if (dep.normalizedName !== (name ? canonicalizeName(name) : null)) main.push(enrichFrom(dep, poetryMain));
      });
      extras[extra] = names;
    }
  } else if (usesPoetry("optional-dependencies")) {
    for (const [extra, list] of Object.entries(poetry.extras ?? {})) {
      extras[extra] = list.map((n) => canonicalizeName(n));
      list.forEach((n, i) => {
        if (!poetryMain.has(canonicalizeName(n))) issues.push({ path: ["tool", "poetry", "extras", extra, i], message: `${JSON.stringify(n)} is not a dependency in [tool.poetry.dependencies]` });
      });
    }
  }

  const groups = new Map<string, DependencyGroup>();
  groups.set(MAIN_GROUP, { name: MAIN_GROUP, optional: false, dependencies: main, includes: [] });
  buildGroups(doc, groups, issues);

  // ---- scripts, packages, sources, build system
  const scripts: Script[] = [];
  if (project?.scripts !== undefined || project?.["gui-scripts"] !== undefined || !usesPoetry("scripts")) {
    for (const [n, ref] of Object.entries(project?.scripts ?? {})) scripts.push({ name: n, reference: ref, type: "console", extras: [] });
    for (const [n, ref] of Object.entries(project?.["gui-scripts"] ?? {})) scripts.push({ name: n, reference: ref, type: "gui", extras: [] });
  }
  // Poetry 2 keeps `type = "file"` scripts in [tool.poetry.scripts] even with [project]
  for (const [n, s] of Object.entries(poetry.scripts ?? {})) {
    if (typeof s === "string") {
      if (usesPoetry("scripts")) scripts.push({ name: n, reference: s, type: "console", extras: [] });
    } else if (s.type === "file" || usesPoetry("scripts")) {
      scripts.push({ name: n, reference: s.reference ?? s.callable ?? "", type: s.type ?? "console", extras: s.extras ?? [] });
    }
  }
  const entryPoints = project?.["entry-points"] ?? (usesPoetry("entry-points") ? poetry.plugins ?? {} : {});
  const sources: PackageSource[] = (poetry.source ?? []).map((s) => ({ name: s.name, url: s.url ?? null, priority: priorityOf(s) }));
  const packages: PackageInclude[] = (poetry.packages ?? []).map((p) => {
    const f = p.format;
    return { include: p.include, from: p.from ?? null, to: p.to ?? null, formats: f === undefined ? [] : typeof f === "string" ? [f] : f };
  });
  const bs = doc["build-system"];

  if (issues.length > 0) throw schemaError(file, text, issues);
  const requiresPython = project?.["requires-python"] ?? null;
  return {
    file,
    root,
    layout: project ? "pep621" : "poetry",
    packageMode,
    name,
    normalizedName: name === null ? null : canonicalizeName(name),
    version,
    description: project?.description ?? (usesPoetry("description") ? poetry.description ?? null : null),
    authors: project?.authors !== undefined ? project.authors.map((a) => ({ name: a.name ?? null, email: a.email ?? null })) : usesPoetry("authors") ? (poetry.authors ?? []).map(person) : [],
    maintainers: project?.maintainers !== undefined ? project.maintainers.map((a) => ({ name: a.name ?? null, email: a.email ?? null })) : usesPoetry("maintainers") ? (poetry.maintainers ?? []).map(person) : [],
    license,
    readme,
    keywords: project?.keywords ?? (usesPoetry("keywords") ? poetry.keywords ?? [] : []),
    classifiers: project?.classifiers ?? (usesPoetry("classifiers") ? poetry.classifiers ?? [] : []),
    urls,
    requiresPython,
    pythonConstraint: pythonFromPoetry ?? requiresPython ?? "*",
    dynamic,
    groups,
    extras,
    scripts,
    entryPoints,
    packages,
    include: (poetry.include ?? []).map(include),
    exclude: poetry.exclude ?? [],
    sources,
    buildSystem: bs ? { requires: bs.requires ?? [], backend: bs["build-backend"] ?? null } : null,
    requiresPoetry: poetry["requires-poetry"] ?? null,
    data,
    text,
  };
}

function addUnique(into: Map<NormalizedName, Dependency[]>, deps: Dependency[], issues: SchemaIssue[]): void {
  const first = deps[0] as Dependency;
  if (into.has(first.normalizedName)) {
    issues.push({ path: first.declaredAt, message: `${first.name} is declared twice in the same table (as ${(into.get(first.normalizedName) as Dependency[])[0]?.name})` });
    return;
  }
  into.set(first.normalizedName, deps);
}

function enrichFrom(dep: Dependency, poetry: ReadonlyMap<NormalizedName, readonly Dependency[]>): Dependency {
  const extra = poetry.get(dep.normalizedName);
  return extra && extra.length === 1 ? enrich(dep, extra[0] as Dependency) : dep;
}

function buildGroups(doc: PyprojectData, groups: Map<string, DependencyGroup>, issues: SchemaIssue[]): void {
  const poetry = doc.tool?.poetry ?? {};
  const poetryGroups = new Map<string, { optional: boolean; deps: Map<NormalizedName, Dependency[]> }>();
  const addPoetryGroup = (groupName: string, table: Record<string, unknown>, base: (string | number)[], optional: boolean) => {
    const entry = poetryGroups.get(groupName) ?? { optional, deps: new Map() };
    entry.optional = entry.optional || optional;
    for (const [depName, raw] of Object.entries(table)) {
      const path = [...base, depName];
      const value = checkPoetryDependency(raw, path, issues);
      if (value === null) continue;
      const deps = poetryDependencies(depName, value, groupName, path, issues);
      if (deps.length > 0) addUnique(entry.deps, deps, issues);
    }
    poetryGroups.set(groupName, entry);
  };
  for (const [g, table] of Object.entries(poetry.group ?? {})) {
    if (g === MAIN_GROUP) {
      issues.push({ path: ["tool", "poetry", "group", g], message: 'the group name "main" is reserved for [tool.poetry.dependencies]' });
      continue;
    }
    addPoetryGroup(g, table.dependencies ?? {}, ["tool", "poetry", "group", g, "dependencies"], table.optional ?? false);
  }
  if (poetry["dev-dependencies"] !== undefined) addPoetryGroup("dev", poetry["dev-dependencies"], ["tool", "poetry", "dev-dependencies"], false);

  const pep735 = doc["dependency-groups"] ?? {};
  for (const [g, items] of Object.entries(pep735)) {
    const deps: Dependency[] = [];
    const includes: string[] = [];
    const enrichment = poetryGroups.get(g);
    items.forEach((item, i) => {
      const path = ["dependency-groups", g, i];
      if (typeof item !== "string") {
        if (!Object.hasOwn(pep735, item["include-group"]) && !Object.keys(pep735).some((k) => canonicalizeName(k) === canonicalizeName(item["include-group"]))) {
          issues.push({ path: [...path, "include-group"], message: `includes the group ${JSON.stringify(item["include-group"])}, which [dependency-groups] does not define` });
        }
        includes.push(item["include-group"]);
        return;
      }
      const dep = pep508Dependency(item, g, "dependency-groups", false, path, issues);
      if (dep) deps.push(enrichment ? enrichFrom(dep, enrichment.deps) : dep);
    });
    groups.set(g, { name: g, optional: enrichment?.optional ?? false, dependencies: deps, includes });
  }
  for (const [g, entry] of poetryGroups) {
    if (groups.has(g)) continue;
    groups.set(g, { name: g, optional: entry.optional, dependencies: [...entry.deps.values()].flat(), includes: [] });
  }
  checkIncludeCycles(groups, issues);
}

function checkIncludeCycles(groups: ReadonlyMap<string, DependencyGroup>, issues: SchemaIssue[]): void {
  for (const g of groups.values()) {
    try {
      groupDependencies({ groups } as Pick<Project, "groups">, g.name);
    } catch (e) {
      if (e instanceof GroupCycleError) issues.push({ path: ["dependency-groups", g.name], message: e.message });
      else if (!(e instanceof UnknownGroupError)) throw e; // an unknown include is reported where it is written

    }
  }
}

export class GroupCycleError extends InvalidInputError {}
export class UnknownGroupError extends InvalidInputError {}

/** A group's dependencies with its PEP 735 includes expanded (in order, depth first). */
export function groupDependencies(project: Pick<Project, "groups">, group: string, seen: readonly string[] = []): Dependency[] {
  const g = project.groups.get(group) ?? [...project.groups.values()].find((x) => canonicalizeName(x.name) === canonicalizeName(group));
  if (!g) throw new UnknownGroupError(`group ${JSON.stringify(group)} does not exist`, `Known groups: ${[...project.groups.keys()].join(", ")}`);
  if (seen.includes(g.name)) throw new GroupCycleError(`include-group cycle: ${[...seen, g.name].join(" -> ")}`, "Remove one of the include-group entries.");
  const out = [...g.dependencies];
  for (const inc of g.includes) out.push(...groupDependencies(project, inc, [...seen, g.name]));
  return out;
}

function schemaError(file: string, text: string, issues: readonly SchemaIssue[]): PyprojectError {
  const map = scanToml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return new PyprojectError(
    file,
    issues.map((i) => {
      const offset = locatePath(map, i.path);
      return { ...i, line: offset === null ? null : lineColumn(map.text, offset).line };
    }),
  );
}
