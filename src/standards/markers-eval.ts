/**
 * Evaluation of a parsed PEP 508 marker against an environment, as packaging 26 does it:
 * version comparison through a PEP 440 specifier for the version-valued variables when the
 * right side makes a valid specifier, else packaging's string rules; PEP 685 for extras; the
 * evaluation contexts of packaging 26 (`metadata`, `lock_file`, `requirement`).
 */
import { InvalidInputError } from "../errors.ts";
import { canonicalizeName } from "./names.ts";
import { Specifier } from "./specifier.ts";
import { tryParseVersion } from "./version.ts";
import type { MarkerItem, MarkerList, MarkerOp } from "./markers-parse.ts";

/** A comparison with no defined meaning (`~=` on non-versions, `===` on a plain string...). */
export class UndefinedComparison extends InvalidInputError {}
/** The marker reads a variable that the environment does not define. */
export class UndefinedEnvironmentName extends InvalidInputError {}

/** Where a marker is evaluated; it decides which variables have defaults (packaging 26). */
export type EvaluateContext = "metadata" | "lock_file" | "requirement";

/** A marker environment: variable name to value; `extras`/`dependency_groups` are sets. */
export type MarkerEnvironment = Readonly<Record<string, string>>;

export type EnvironmentValue = string | readonly string[] | ReadonlySet<string> | null | undefined;

/**
 * What `evaluate` accepts: a marker environment plus optionally `extra` (one extra, or a list
 * meaning "these extras are active") and the `extras` / `dependency_groups` sets.
 */
export type EvaluationEnvironment = { readonly [key: string]: EnvironmentValue };

type Value = string | ReadonlySet<string>;

const VERSION_KEYS = new Set(["implementation_version", "platform_release", "python_full_version", "python_version"]);
const SET_KEYS = new Set(["extras", "dependency_groups"]);

const specifierCache = new Map<string, Specifier | null>();

function specifierFor(text: string): Specifier | null {
  let s = specifierCache.get(text);
  if (s === undefined) {
    try {
      s = Specifier.parse(text);
    } catch {
      s = null;
    }
    if (specifierCache.size > 10_000) specifierCache.clear();
    specifierCache.set(text, s);
  }
  return s;
}

function describe(v: Value): string {
  return typeof v === "string" ? JSON.stringify(v) : `{${[...v].map((x) => JSON.stringify(x)).join(", ")}}`;
}

function evalOp(lhs: string, op: MarkerOp, rhs: Value, key: string): boolean {
  if (VERSION_KEYS.has(key) && typeof rhs === "string") {
    const spec = specifierFor(`${op}${rhs}`);
    if (spec !== null) {
      // A left side that is no version matches nothing (packaging), except `===` on text.
      if (op !== "===" && tryParseVersion(lhs) === null) return false;
      return spec.contains(lhs, true);
    }
  }
  switch (op) {
    case "in":
      return typeof rhs === "string" ? rhs.includes(lhs) : rhs.has(lhs);
    case "not in":
      return typeof rhs === "string" ? !rhs.includes(lhs) : !rhs.has(lhs);
    case "<":
    case ">":
      return false;
    case "<=":
    case ">=":
    case "==":
      return lhs === rhs;
    case "!=":
      return lhs !== rhs;
    default:
      throw new UndefinedComparison(`Undefined ${op} on ${JSON.stringify(lhs)} and ${describe(rhs)}.`);
  }
}

function lookup(env: ReadonlyMap<string, Value>, key: string): Value {
  const v = env.get(key);
  if (v === undefined) {
    throw new UndefinedEnvironmentName(
      `The marker variable ${JSON.stringify(key)} is not defined in the evaluation environment.`,
    );
  }
  return v;
}

function evalItem(item: MarkerItem, env: ReadonlyMap<string, Value>): boolean {
  let key: string;
  let lhs: Value;
  let rhs: Value;
  if (item.lhs.kind === "variable") {
    key = item.lhs.name;
    lhs = lookup(env, key);
    rhs = item.rhs.kind === "value" ? item.rhs.value : item.rhs.name;
  } else {
    lhs = item.lhs.value;
    key = item.rhs.kind === "variable" ? item.rhs.name : item.rhs.value;
    rhs = lookup(env, key);
  }
  if (key === "extra" && typeof (item.lhs.kind === "variable" ? lhs : rhs) !== "string") {
    return evalExtraSet(item, lhs, rhs);
  }
  if (typeof lhs !== "string") {
    throw new UndefinedComparison(`Undefined ${item.op} on a set-valued ${key} and ${describe(rhs)}.`);
  }
  if (SET_KEYS.has(key)) {
    lhs = canonicalizeName(lhs);
    rhs = typeof rhs === "string" ? canonicalizeName(rhs) : new Set([...rhs].map((v) => canonicalizeName(v)));
  }
  return evalOp(lhs, item.op, rhs, key);
}

/** An item on `extra` when several extras are active (see evaluateMarker). */
function evalExtraSet(item: MarkerItem, lhs: Value, rhs: Value): boolean {
  const active = (item.lhs.kind === "variable" ? lhs : rhs) as ReadonlySet<string>;
  const other = (item.lhs.kind === "variable" ? rhs : lhs) as string;
  if (item.op === "==") return active.has(other);
  if (item.op === "!=") return !active.has(other);
  for (const e of active) {
    if (item.lhs.kind === "variable" ? evalOp(e, item.op, other, "extra") : evalOp(other, item.op, e, "extra")) return true;
  }
  return false;
}

/** `or` binds looser than `and`: the list is a disjunction of runs of conjunctions. */
export function evaluateMarkerList(list: MarkerList, env: ReadonlyMap<string, Value>): boolean {
  let anyGroup = false;
  let group = true;
  for (const part of list) {
    if (part === "or") {
      anyGroup ||= group;
      group = true;
    } else if (part === "and") {
      continue;
    } else if (group) {
      // Evaluate every item even after a false one would be cheaper to skip, but packaging
      // evaluates all, so errors (undefined names) surface the same way.
      group = Array.isArray(part) ? evaluateMarkerList(part as MarkerList, env) : evalItem(part as MarkerItem, env);
    } else {
      if (Array.isArray(part)) evaluateMarkerList(part as MarkerList, env);
      else evalItem(part as MarkerItem, env);
    }
  }
  return anyGroup || group;
}

/**
 * The environment packaging evaluates with: context defaults, then the caller's values, with
 * `extra` normalized and an untagged `python_full_version` ("3.11.1+") made PEP 440.
 */
export function buildEnvironment(
  environment: EvaluationEnvironment,
  context: EvaluateContext,
  extra: string | null,
): Map<string, Value> {
  const env = new Map<string, Value>();
  if (context === "lock_file") {
    env.set("extras", new Set());
    env.set("dependency_groups", new Set());
  } else if (context === "metadata") {
    env.set("extra", "");
  }
  for (const [k, v] of Object.entries(environment)) {
    if (k === "extra") continue;
    if (v === null || v === undefined) continue;
    env.set(k, typeof v === "string" ? v : new Set(v));
  }
  if (extra !== null) env.set("extra", extra === "" ? "" : canonicalizeName(extra));
  else if ("extra" in environment) env.set("extra", "");
  const full = env.get("python_full_version");
  if (typeof full === "string" && full.endsWith("+")) env.set("python_full_version", `${full}local`);
  return env;
}

/**
 * Evaluates a parsed marker. An `extra` given as a list means "these extras are active":
 * `extra == "x"` holds when x is one of them and `extra != "x"` when it is not.
 */
export function evaluateMarker(
  list: MarkerList,
  environment: EvaluationEnvironment,
  context: EvaluateContext = "metadata",
): boolean {
  const extra = environment["extra"];
  if (extra === undefined || extra === null || typeof extra === "string") {
    return evaluateMarkerList(list, buildEnvironment(environment, context, extra ?? null));
  }
  const env = buildEnvironment(environment, context, null);
  env.set("extra", new Set([...extra].map((e) => canonicalizeName(e))));
  return evaluateMarkerList(list, env);
}
