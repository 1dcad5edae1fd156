/**
 * zod schemas of the pyproject.toml sections verse reads: PEP 621 `[project]`, Poetry's
 * `[tool.poetry]` (1.x and 2.x), PEP 735 `[dependency-groups]` and `[build-system]`.
 *
 * Objects are loose (unknown keys pass: `verse check` reports those separately, as Poetry
 * does) but every known key has its type checked. Dependency values are checked one by one in
 * `checkPoetryDependency` so an error names the exact key (`...requests.version`), which a zod
 * union would collapse to the dependency itself.
 */
import type { z } from "zod";
import type { Zod } from "../deferred.ts";
import { lazySchema } from "../lazy-schema.ts";
import { isDependencyTable } from "./shape.ts";

function buildSchemas(z: Zod) {
  const str = z.string();
  const strList = z.array(z.string());

  const personSchema = z.looseObject({ name: str.optional(), email: str.optional() });

  const readme621 = z.union([
    str,
    z.looseObject({ file: str.optional(), text: str.optional(), "content-type": str.optional() }),
  ]);
  const license621 = z.union([str, z.looseObject({ file: str.optional(), text: str.optional() })]);

  const projectSchema = z.looseObject({
    name: str.optional(),
    version: str.optional(),
    description: str.optional(),
    readme: readme621.optional(),
    "requires-python": str.optional(),
    license: license621.optional(),
    "license-files": strList.optional(),
    authors: z.array(personSchema).optional(),
    maintainers: z.array(personSchema).optional(),
    keywords: strList.optional(),
    classifiers: strList.optional(),
    urls: z.record(str, str).optional(),
    scripts: z.record(str, str).optional(),
    "gui-scripts": z.record(str, str).optional(),
    "entry-points": z.record(str, z.record(str, str)).optional(),
    dependencies: strList.optional(),
    "optional-dependencies": z.record(str, strList).optional(),
    dynamic: strList.optional(),
  });

  const dependencyTableSchema = z.looseObject({
    version: str.optional(),
    extras: strList.optional(),
    optional: z.boolean().optional(),
    python: str.optional(),
    platform: str.optional(),
    markers: str.optional(),
    source: str.optional(),
    "allow-prereleases": z.boolean().optional(),
    /** Poetry 1.x spelling, still accepted. */
    "allows-prereleases": z.boolean().optional(),
    git: str.optional(),
    branch: str.optional(),
    tag: str.optional(),
    rev: str.optional(),
    subdirectory: str.optional(),
    path: str.optional(),
    url: str.optional(),
    develop: z.boolean().optional(),
  });

  const includeSchema = z.union([
    str,
    z.looseObject({ path: str, format: z.union([str, strList]).optional() }),
  ]);

  const scriptSchema = z.union([
    str,
    z.looseObject({ reference: str.optional(), type: z.enum(["console", "file"]).optional(), extras: strList.optional(), callable: str.optional() }),
  ]);

  const sourceSchema = z.looseObject({
    name: str,
    url: str.optional(),
    priority: z.enum(["primary", "supplemental", "explicit", "default", "secondary"]).optional(),
    default: z.boolean().optional(),
    secondary: z.boolean().optional(),
  });

  const groupSchema = z.looseObject({
    optional: z.boolean().optional(),
    dependencies: z.record(str, z.unknown()).optional(),
  });

  const poetrySchema = z.looseObject({
    "package-mode": z.boolean().optional(),
    name: str.optional(),
    version: str.optional(),
    description: str.optional(),
    license: str.optional(),
    authors: strList.optional(),
    maintainers: strList.optional(),
    readme: z.union([str, strList]).optional(),
    homepage: str.optional(),
    repository: str.optional(),
    documentation: str.optional(),
    keywords: strList.optional(),
    classifiers: strList.optional(),
    urls: z.record(str, str).optional(),
    packages: z.array(z.looseObject({ include: str, from: str.optional(), to: str.optional(), format: z.union([str, strList]).optional() })).optional(),
    include: z.array(includeSchema).optional(),
    exclude: strList.optional(),
    dependencies: z.record(str, z.unknown()).optional(),
    "dev-dependencies": z.record(str, z.unknown()).optional(),
    group: z.record(str, groupSchema).optional(),
    extras: z.record(str, strList).optional(),
    scripts: z.record(str, scriptSchema).optional(),
    plugins: z.record(str, z.record(str, str)).optional(),
    source: z.array(sourceSchema).optional(),
    "requires-poetry": str.optional(),
    "requires-plugins": z.record(str, z.unknown()).optional(),
    build: z.union([str, z.looseObject({ script: str.optional(), "generate-setup-file": z.boolean().optional() })]).optional(),
  });

  const dependencyGroupItemSchema = z.union([str, z.looseObject({ "include-group": str })]);

  const buildSystemSchema = z.looseObject({
    requires: strList.optional(),
    "build-backend": str.optional(),
    "backend-path": strList.optional(),
  });

  const pyprojectSchema = z.looseObject({
    project: projectSchema.optional(),
    tool: z.looseObject({ poetry: poetrySchema.optional() }).optional(),
    "dependency-groups": z.record(str, z.array(dependencyGroupItemSchema)).optional(),
    "build-system": buildSystemSchema.optional(),
  });
  return { person: personSchema, project: projectSchema, dependencyTable: dependencyTableSchema, source: sourceSchema, poetry: poetrySchema, dependencyGroupItem: dependencyGroupItemSchema, buildSystem: buildSystemSchema, pyproject: pyprojectSchema };
}

/** The schemas, built on first use (see lazy-schema.ts). */
export const schemas = lazySchema(buildSchemas);
type Schemas = ReturnType<typeof buildSchemas>;
export type DependencyTable = z.infer<Schemas["dependencyTable"]>;
export type PyprojectData = z.infer<Schemas["pyproject"]>;

/** One problem found in the file: the key path it concerns and what is wrong. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

function zodMessage(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code === "invalid_type") {
    // zod leaves `input` out of issues unless asked, so the value is looked up by its path
    return `expected ${issue.expected}, got ${describeValue(issue.input !== undefined ? issue.input : valueAt(root, issue.path))}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_union") return "has an unexpected form";
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  if (typeof v === "object") return v instanceof Date ? "a date" : "a table";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Runs a schema; issues get `base` prepended to their paths. */
export function check<T>(schema: z.ZodType<T>, value: unknown, base: readonly (string | number)[], issues: SchemaIssue[]): T | null {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    issues.push({ path: [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))], message: zodMessage(issue, value) });
  }
  return null;
}

/** A `[tool.poetry.dependencies]` value: a constraint string, a table, or a list of tables. */
export type PoetryDependencyValue = string | DependencyTable | readonly DependencyTable[];

export function checkPoetryDependency(value: unknown, path: readonly (string | number)[], issues: SchemaIssue[]): PoetryDependencyValue | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      issues.push({ path, message: "a list of constraints must not be empty" });
      return null;
    }
    const tables: DependencyTable[] = [];
    value.forEach((item, i) => {
      const t = checkTable(item, [...path, i], issues);
      if (t) tables.push(t);
    });
    return tables.length === value.length ? tables : null;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) return checkTable(value, path, issues);
  issues.push({ path, message: `expected a version constraint string or a table, got ${describeValue(value)}` });
  return null;
}

function checkTable(value: unknown, path: readonly (string | number)[], issues: SchemaIssue[]): DependencyTable | null {
  const t = isDependencyTable(value) ? value : check(schemas().dependencyTable, value, path, issues);
  if (t === null) return null;
  const kinds = (["git", "path", "url"] as const).filter((k) => t[k] !== undefined);
  if (kinds.length > 1) {
    issues.push({ path, message: `declares ${kinds.join(" and ")} at once; a dependency has one of git, path or url` });
    return null;
  }
  if (kinds.length === 1 && t.version !== undefined) {
    issues.push({ path: [...path, "version"], message: `a ${kinds[0]} dependency cannot also have a version` });
    return null;
  }
  const refs = (["branch", "tag", "rev"] as const).filter((k) => t[k] !== undefined);
  if (refs.length > 0 && t.git === undefined) {
    issues.push({ path: [...path, refs[0] as string], message: `${refs[0]} is only valid with git` });
    return null;
  }
  if (refs.length > 1) {
    issues.push({ path, message: `declares ${refs.join(" and ")} at once; a git dependency has one of branch, tag or rev` });
    return null;
  }
  if (kinds.length === 0 && t.version === undefined) {
    // Poetry allows {extras=[...]} or {source=...} alone: any version
    return t;
  }
  return t;
}
