/**
 * Poetry's `content-hash`: sha256 of `json.dumps(relevant, sort_keys=True)` over the parts of
 * pyproject.toml that decide the lock. What is relevant (Poetry 2's Locker):
 *
 * - from `[project]`: requires-python, dependencies, optional-dependencies (those present);
 * - from `[tool.poetry]`: dependencies, source, extras, dev-dependencies (the "legacy" keys,
 *   written as null when absent, but only when nothing from [project] or [dependency-groups]
 *   is relevant), and group (only when present);
 * - since Poetry 2.3, `[dependency-groups]` when not empty.
 *
 * When only `[tool.poetry]` content is relevant it sits at the top level of the hashed object
 * (the Poetry 1.x shape, kept for compatibility); otherwise the object is
 * `{"project": ..., "dependency-groups": ..., "tool": {"poetry": ...}}`. Poetry 1.x (1.3.2 on
 * this machine) hashes exactly the [tool.poetry] part, so its hashes equal Poetry 2's for
 * projects without [project] and [dependency-groups].
 */
import { parse } from "smol-toml";
import type { Project } from "../project/core.ts";
import { ContentHashError } from "./errors.ts";
import { type PyJson, pyJsonDumps } from "./python-json.ts";

export type ContentHashVariant =
  /** Poetry ≥ 2.3: [dependency-groups] counts. */
  | "current"
  /** Poetry 1.x and 2.0–2.2: [dependency-groups] is ignored. */
  | "legacy";

const PROJECT_KEYS = ["requires-python", "dependencies", "optional-dependencies"] as const;
const POETRY_LEGACY_KEYS = ["dependencies", "source", "extras", "dev-dependencies"] as const;
const POETRY_KEYS = [...POETRY_LEGACY_KEYS, "group"] as const;

type Table = { readonly [key: string]: unknown };

function isTable(v: unknown): v is Table {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Date) return false;
  // smol-toml builds tables without a prototype; anything else (a Temporal value) is not a table
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

/** Python truthiness of a TOML value (an empty table, array or string is false). */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isTable(v)) return Object.keys(v).length > 0;
  return true;
}

function toPyJson(v: unknown, path: string): PyJson {
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "bigint" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((item, i) => toPyJson(item, `${path}[${i}]`));
  if (isTable(v)) {
    const out: Record<string, PyJson> = {};
    for (const [k, item] of Object.entries(v)) out[k] = toPyJson(item, `${path}.${k}`);
    return out;
  }
  // TOML dates and times: Python's json module refuses them, so Poetry cannot hash them either
  throw new ContentHashError(
    `pyproject.toml: ${path} holds a date or time, which the lock's content-hash cannot cover`,
    "Write the value as a string.",
  );
}

function get(table: unknown, key: string): unknown {
  return isTable(table) ? table[key] : undefined;
}

/** The object Poetry hashes, from the whole pyproject document. */
export function relevantContent(data: Table, variant: ContentHashVariant = "current"): PyJson {
  const project = get(data, "project");
  const groups = variant === "current" ? get(data, "dependency-groups") : undefined;
  const poetry = get(get(data, "tool"), "poetry");

  const relevantProject: Record<string, PyJson> = {};
  for (const key of PROJECT_KEYS) {
    const v = get(project, key);
    if (v !== undefined) relevantProject[key] = toPyJson(v, `project.${key}`);
  }
  const hasProject = Object.keys(relevantProject).length > 0;
  const hasGroups = truthy(groups);

  const relevantPoetry: Record<string, PyJson> = {};
  for (const key of POETRY_KEYS) {
    const v = get(poetry, key);
    if (v === undefined && (!(POETRY_LEGACY_KEYS as readonly string[]).includes(key) || hasProject || hasGroups)) continue;
    relevantPoetry[key] = v === undefined ? null : toPyJson(v, `tool.poetry.${key}`);
  }

  if (!hasProject && !hasGroups) return relevantPoetry;
  const out: Record<string, PyJson> = {};
  if (hasProject) out.project = relevantProject;
  if (hasGroups) out["dependency-groups"] = toPyJson(groups, "dependency-groups");
  out.tool = { poetry: relevantPoetry };
  return out;
}

/** The content-hash of a pyproject document given as TOML text. */
export function contentHashOfText(text: string, variant: ContentHashVariant = "current"): string {
  // Integers as bigint: Python's json writes 1 and 1.0 differently, and TOML keeps them apart.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: Table;
  try {
    data = parse(body, { integersAsBigInt: true }) as Table;
  } catch (e) {
    throw new ContentHashError(`pyproject.toml is not valid TOML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, "Fix pyproject.toml, then run the command again.");
  }
  return new Bun.CryptoHasher("sha256").update(pyJsonDumps(relevantContent(data, variant)), "utf8").digest("hex");
}

const cache = new WeakMap<Project, Map<ContentHashVariant, string>>();

/** Poetry's content-hash of the project's pyproject.toml. */
export function contentHash(project: Project, variant: ContentHashVariant = "current"): string {
  let byVariant = cache.get(project);
  if (!byVariant) {
    byVariant = new Map();
    cache.set(project, byVariant);
  }
  let hash = byVariant.get(variant);
  if (hash === undefined) {
    hash = contentHashOfText(project.text, variant);
    byVariant.set(variant, hash);
  }
  return hash;
}
