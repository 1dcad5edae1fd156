/**
 * The facts `verse check` validates against, read from embed/check/ once: PyPI's trove
 * classifiers (and the deprecated ones with their replacements) and the SPDX licence list.
 * SPDX licence expressions (PEP 639) are parsed here: identifiers, `LicenseRef-…`, a `+` suffix,
 * AND / OR / WITH and parentheses.
 */
import { readEmbeddedText } from "../embedded.ts";

let classifiers: Set<string> | null = null;
let deprecated: Map<string, string[]> | null = null;
let licences: Map<string, { id: string; deprecated: boolean; name: string }> | null = null;

function dataLines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

export function knownClassifiers(): ReadonlySet<string> {
  classifiers ??= new Set(dataLines(readEmbeddedText("check/classifiers.txt")));
  return classifiers;
}

/** Deprecated classifier → its replacements (possibly none). */
export function deprecatedClassifiers(): ReadonlyMap<string, readonly string[]> {
  deprecated ??= new Map(
    dataLines(readEmbeddedText("check/classifiers-deprecated.txt")).map((l) => {
      const [from, to = ""] = l.split(" => ");
      return [from as string, to.split(" | ").filter((x) => x !== "")];
    }),
  );
  return deprecated;
}

/** SPDX identifiers, keyed by their lower-case form (SPDX matching is case-insensitive). */
export function spdxLicences(): ReadonlyMap<string, { id: string; deprecated: boolean; name: string }> {
  licences ??= new Map(
    dataLines(readEmbeddedText("check/spdx-licenses.txt")).map((l) => {
      const [id = "", , dep = "0", name = ""] = l.split("\t");
      return [id.toLowerCase(), { id, deprecated: dep === "1", name }];
    }),
  );
  return licences;
}

export interface LicenceExpressionReport {
  /** A syntax error, or null. */
  readonly syntax: string | null;
  readonly unknown: readonly string[];
  readonly deprecated: readonly string[];
  /** Identifiers whose case differs from the list: the canonical spelling. */
  readonly recased: readonly (readonly [string, string])[];
}

/** Checks an SPDX licence expression such as "MIT OR (Apache-2.0 WITH LLVM-exception)". */
export function checkLicenceExpression(text: string): LicenceExpressionReport {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  const unknown: string[] = [];
  const deprecatedIds: string[] = [];
  const recased: [string, string][] = [];
  const list = spdxLicences();
  let i = 0;
  const peek = () => tokens[i];
  const fail = (why: string): LicenceExpressionReport => ({ syntax: why, unknown, deprecated: deprecatedIds, recased });
  const isOp = (t: string | undefined, op: string) => t !== undefined && t.toUpperCase() === op;
  // expr := term (OR term)* ; term := factor (AND factor)* ; factor := "(" expr ")" | id [WITH id]
  const factor = (): string | null => {
    const t = peek();
    if (t === undefined) return "the expression ends too early";
    if (t === "(") {
      i++;
      const e = expr();
      if (e) return e;
      if (peek() !== ")") return "a parenthesis is not closed";
      i++;
      return null;
    }
    if (t === ")" || isOp(t, "AND") || isOp(t, "OR") || isOp(t, "WITH")) return `"${t}" is out of place`;
    i++;
    const id = t.endsWith("+") ? t.slice(0, -1) : t;
    if (!/^(?:(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9.-]+)$/.test(id)) return `"${t}" is not a licence identifier`;
    if (!/LicenseRef-/.test(id)) {
      const found = list.get(id.toLowerCase());
      if (!found) unknown.push(id);
      else {
        if (found.deprecated) deprecatedIds.push(found.id);
        if (found.id !== id) recased.push([id, found.id]);
      }
    }
    if (isOp(peek(), "WITH")) {
      i++;
      const exception = peek();
      if (exception === undefined || exception === "(" || exception === ")") return "WITH must be followed by a licence exception";
      i++;
    }
    return null;
  };
  const term = (): string | null => {
    let e = factor();
    while (!e && isOp(peek(), "AND")) {
      i++;
      e = factor();
    }
    return e;
  };
  const expr = (): string | null => {
    let e = term();
    while (!e && isOp(peek(), "OR")) {
      i++;
      e = term();
    }
    return e;
  };
  if (tokens.length === 0) return fail("it is empty");
  const e = expr();
  if (e) return fail(e);
  if (i < tokens.length) return fail(`"${tokens[i]}" is out of place`);
  return { syntax: null, unknown, deprecated: deprecatedIds, recased };
}
