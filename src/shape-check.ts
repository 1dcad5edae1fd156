/**
 * Tiny structural checks, for the hot paths that validate one document per run (poetry.lock,
 * pyproject.toml) where building and first running a zod schema costs 10-20 ms. A check only
 * answers yes or no: on "no", the caller runs its zod schema, which explains the problem (or
 * accepts what the stricter check turned down). So a check may be stricter than its schema,
 * never looser; each use has a test comparing the two.
 * Tables are loose, like the schemas' looseObject: unknown keys pass.
 */
export type Check = (v: unknown) => boolean;

export function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export const str: Check = (v) => typeof v === "string";
export const nonEmptyStr: Check = (v) => typeof v === "string" && v.length > 0;
export const bool: Check = (v) => typeof v === "boolean";
export const any: Check = () => true;

export const opt = (c: Check): Check => (v) => v === undefined || c(v);
export const oneOf = (...cs: readonly Check[]): Check => (v) => cs.some((c) => c(v));
export const literal = (...values: readonly string[]): Check => (v) => typeof v === "string" && values.includes(v);

export function list(item: Check, minLength = 0): Check {
  return (v) => {
    if (!Array.isArray(v) || v.length < minLength) return false;
    for (const x of v) if (!item(x)) return false;
    return true;
  };
}

export function record(value: Check): Check {
  return (v) => {
    if (!isTable(v)) return false;
    for (const k in v) if (!value(v[k])) return false;
    return true;
  };
}

/** A loose table: every listed key passes its check (absent keys are `undefined`: wrap optional ones in opt). */
export function table(shape: Readonly<Record<string, Check>>): Check {
  const entries = Object.entries(shape);
  return (v) => {
    if (!isTable(v)) return false;
    for (const [k, c] of entries) if (!c(v[k])) return false;
    return true;
  };
}

export const strList: Check = list(str);
