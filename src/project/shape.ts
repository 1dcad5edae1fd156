/**
 * pyproject.toml's parsed TOML checked by hand against the shape the zod schemas in schema.ts
 * describe (see shape-check.ts): every command that loads the project runs this instead of
 * building and first running those schemas (10-20 ms). On "no", the zod schema runs and names
 * the problem. Whatever passes here passes the schema (test/unit/project/shape.test.ts).
 */
import { any, bool, list, literal, oneOf, opt, record, str, strList, table } from "../shape-check.ts";
import type { DependencyTable, PyprojectData } from "./schema.ts";

const strRecord = record(str);
const person = table({ name: opt(str), email: opt(str) });

const project = table({
  name: opt(str),
  version: opt(str),
  description: opt(str),
  readme: opt(oneOf(str, table({ file: opt(str), text: opt(str), "content-type": opt(str) }))),
  "requires-python": opt(str),
  license: opt(oneOf(str, table({ file: opt(str), text: opt(str) }))),
  "license-files": opt(strList),
  authors: opt(list(person)),
  maintainers: opt(list(person)),
  keywords: opt(strList),
  classifiers: opt(strList),
  urls: opt(strRecord),
  scripts: opt(strRecord),
  "gui-scripts": opt(strRecord),
  "entry-points": opt(record(strRecord)),
  dependencies: opt(strList),
  "optional-dependencies": opt(record(strList)),
  dynamic: opt(strList),
});

const dependencyTable = table({
  version: opt(str), extras: opt(strList), optional: opt(bool), python: opt(str), platform: opt(str), markers: opt(str), source: opt(str),
  "allow-prereleases": opt(bool), "allows-prereleases": opt(bool), git: opt(str), branch: opt(str), tag: opt(str), rev: opt(str),
  subdirectory: opt(str), path: opt(str), url: opt(str), develop: opt(bool),
});

const formats = opt(oneOf(str, strList));

const poetry = table({
  "package-mode": opt(bool),
  name: opt(str),
  version: opt(str),
  description: opt(str),
  license: opt(str),
  authors: opt(strList),
  maintainers: opt(strList),
  readme: opt(oneOf(str, strList)),
  homepage: opt(str),
  repository: opt(str),
  documentation: opt(str),
  keywords: opt(strList),
  classifiers: opt(strList),
  urls: opt(strRecord),
  packages: opt(list(table({ include: str, from: opt(str), to: opt(str), format: formats }))),
  include: opt(list(oneOf(str, table({ path: str, format: formats })))),
  exclude: opt(strList),
  dependencies: opt(record(any)),
  "dev-dependencies": opt(record(any)),
  group: opt(record(table({ optional: opt(bool), dependencies: opt(record(any)) }))),
  extras: opt(record(strList)),
  scripts: opt(record(oneOf(str, table({ reference: opt(str), type: opt(literal("console", "file")), extras: opt(strList), callable: opt(str) })))),
  plugins: opt(record(strRecord)),
  source: opt(list(table({
    name: str,
    url: opt(str),
    priority: opt(literal("primary", "supplemental", "explicit", "default", "secondary")),
    default: opt(bool),
    secondary: opt(bool),
  }))),
  "requires-poetry": opt(str),
  "requires-plugins": opt(record(any)),
  build: opt(oneOf(str, table({ script: opt(str), "generate-setup-file": opt(bool) }))),
});

const pyproject = table({
  project: opt(project),
  tool: opt(table({ poetry: opt(poetry) })),
  "dependency-groups": opt(record(list(oneOf(str, table({ "include-group": str }))))),
  "build-system": opt(table({ requires: opt(strList), "build-backend": opt(str), "backend-path": opt(strList) })),
});

/** True when `data` certainly has pyproject.toml's shape (false: ask the zod schema why not). */
export function hasPyprojectShape(data: unknown): data is PyprojectData {
  return pyproject(data);
}

/** True when `value` certainly is a valid `[tool.poetry.dependencies]` table. */
export function isDependencyTable(value: unknown): value is DependencyTable {
  return dependencyTable(value);
}
