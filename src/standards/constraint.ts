/**
 * Poetry's version-constraint syntax, read into the range algebra of range.ts:
 *   "^1.2" caret, "~1.2" tilde, "~=1.2" (Poetry's reading: two components bump the major,
 *   more bump the minor), "*" / "x" / "1.2.*" wildcards, "==1.2.*" / "!=1.2.*", PEP 440
 *   comparisons, "dev" (0.0.dev0), commas or spaces for AND, "||" or "|" for OR.
 * Every version keeps the precision it was written with: "^1.0" is ">=1.0,<2.0".
 */
import { InvalidInputError } from "../errors.ts";
import { Version } from "./version.ts";
import {
  ANY, ExactVersion, VersionRange, VersionUnion, type VersionConstraint,
} from "./range.ts";
import { nextBreaking, stable, wildcardBounds } from "./range-version-ops.ts";
import { nextMajor, nextMinor } from "./version-bump.ts";

export class InvalidConstraint extends InvalidInputError {}

const HINT = "Write a version constraint such as ^1.2, ~1.2, >=1.2,<2.0, 1.2.*, ==1.2.3 or *.";

function invalid(piece: string, whole: string, why?: string): InvalidConstraint {
  const where = piece.trim() === whole.trim() ? "" : ` (in "${whole.trim()}")`;
  return new InvalidConstraint(`Could not parse version constraint: ${piece}${where}${why ? `: ${why}` : ""}`, HINT);
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, VersionConstraint>();

/** Parses a Poetry constraint (memoized). Throws InvalidConstraint. */
export function parseConstraint(text: string): VersionConstraint {
  let c = cache.get(text);
  if (c === undefined) {
    c = parseUncached(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, c);
  }
  return c;
}

const isSpace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v";
const OP_CHARS = "<>=!~^";

function parseUncached(text: string): VersionConstraint {
  if (typeof text !== "string") throw invalid(String(text), String(text));
  const whole = text.trim();
  if (whole === "*") return ANY;
  const groups: VersionConstraint[] = [];
  for (const part of splitOr(whole)) {
    // Trailing commas are tolerated (they occur in published metadata).
    let g = part;
    while (g.endsWith(",")) g = g.slice(0, -1);
    g = g.trimEnd();
    groups.push(parseAndGroup(g, text));
  }
  return groups.length === 1 ? groups[0]! : VersionUnion.of(...groups);
}

/** Splits on "||" or "|" with any surrounding whitespace. */
function splitOr(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "|") continue;
    let end = i;
    while (end > start && isSpace(s[end - 1]!)) end--;
    out.push(s.slice(start, end));
    if (s[i + 1] === "|") i++;
    let next = i + 1;
    while (next < s.length && isSpace(s[next]!)) next++;
    start = next;
    i = next - 1;
  }
  out.push(s.slice(start));
  return out;
}

/** An AND group: terms separated by one comma and/or whitespace; each term is "op version". */
function parseAndGroup(g: string, whole: string): VersionConstraint {
  if (g === "") throw invalid(g, whole);
  const n = g.length;
  let i = 0;
  let result: VersionConstraint | null = null;
  while (i < n) {
    const start = i;
    while (i < n && OP_CHARS.includes(g[i]!)) i++;
    const hasOp = i > start;
    if (hasOp) while (i < n && isSpace(g[i]!)) i++;
    const versionStart = i;
    while (i < n && g[i] !== "," && !isSpace(g[i]!)) i++;
    const term = g.slice(start, i);
    if (i === versionStart) throw invalid(term === "" ? g : term, whole);
    const c = parseSingle(term, whole);
    result = result === null ? c : result.intersect(c);
    if (i >= n) break;
    let commas = 0;
    while (i < n && (g[i] === "," || isSpace(g[i]!))) if (g[i++] === ",") commas++;
    if (commas > 1 || (i >= n && commas > 0)) throw invalid(g, whole, "empty constraint between commas");
  }
  if (result === null) throw invalid(g, whole);
  return result;
}

const ANY_PATTERN = /^v?[xX*](?:\.[xX*])*$/;
const NUMERIC_VERSION = /^v?\d+(?:\.\d+)*$/;

function parseSingle(term: string, whole: string): VersionConstraint {
  let k = 0;
  while (k < term.length && OP_CHARS.includes(term[k]!)) k++;
  const op = term.slice(0, k);
  let text = term.slice(k).trim();
  if (op === "" && ANY_PATTERN.test(text)) return ANY;

  // Wildcards: "1.2.*", "1.x", "2.*.*" (repeats and x only after a plain release).
  let wildcard = false;
  const w = /^(.*?)((?:\.[xX*])+)$/.exec(text);
  if (w) {
    if (w[2] !== ".*" && !NUMERIC_VERSION.test(w[1]!)) throw invalid(term, whole);
    text = w[1]!;
    wildcard = true;
  }
  if (text === "dev") text = "0.0.dev0";
  const version = Version.tryParse(text);
  if (version === null || text === "" || /\s/.test(text)) throw invalid(term, whole);
  if (wildcard && version.isLocal) throw invalid(term, whole, "a wildcard cannot follow a local version");

  switch (op) {
    case "":
    case "=":
    case "==":
      if (!wildcard) return new ExactVersion(version);
      return wildcardRange(version);
    case "!=":
    case "<>":
      if (!wildcard) return new VersionUnion([new VersionRange(null, version), new VersionRange(version, null)]);
      return notWildcard(version);
  }
  if (wildcard) throw invalid(term, whole, `a wildcard cannot be used with "${op}"`);
  switch (op) {
    case "<": return new VersionRange(null, version, false, false);
    case "<=": return new VersionRange(null, version, false, true);
    case ">": return new VersionRange(version, null, false, false);
    case ">=": return new VersionRange(version, null, true, false);
    case "^": return new VersionRange(version, nextBreaking(version), true, false);
    case "~": {
      const base = stable(version);
      const high = version.release.length === 1 ? nextMajor(base) : nextMinor(base);
      return new VersionRange(version, high, true, false);
    }
    case "~=": {
      const base = stable(version);
      const high = version.release.length === 2 ? nextMajor(base) : nextMinor(base);
      return new VersionRange(version, high, true, false);
    }
  }
  throw invalid(term, whole, `unknown operator "${op}"`);
}

function wildcardRange(v: Version): VersionRange {
  const [min, max] = wildcardBounds(v);
  return new VersionRange(min, max, true, false);
}

function notWildcard(v: Version): VersionConstraint {
  const [min, max] = wildcardBounds(v);
  return new VersionUnion([new VersionRange(null, min, false, false), new VersionRange(max, null, true, false)]);
}

/**
 * The constraint as a PEP 508 version specifier, the way poetry-core writes Requires-Dist:
 * "^1.2" -> ">=1.2,<2.0", "1.2.3" -> "==1.2.3", "*" -> "". Unions that are not "!=V" or
 * "!=X.*" are written as ranges with "!=" holes when every hole is one version or one
 * wildcard; given the constraint's original text, poetry-core's own rule applies instead
 * (each comma-separated piece of the text printed on its own), which can keep "!=3.0.*,!=3.1.*"
 * that the merged union no longer shows. A union that fits neither keeps poetry's " || ".
 */
export function constraintToPep508(c: VersionConstraint, text?: string): string {
  if (c.isAny()) return "";
  if (c instanceof ExactVersion) return `==${c.version}`;
  if (!(c instanceof VersionUnion)) return String(c).replace(/ /g, "");
  if (c.excludesSingleVersion || c.excludesSingleWildcardRange) return String(c);
  if (text !== undefined) return text.split(",").map((p) => String(parseConstraint(p))).join(",");
  return withHoles(c) ?? String(c);
}

function withHoles(u: VersionUnion): string | null {
  const rs = u.ranges;
  const parts: string[] = [];
  const first = rs[0]!;
  const last = rs[rs.length - 1]!;
  if (first.min !== null) parts.push(`${first.includeMin ? ">=" : ">"}${first.min}`);
  for (let k = 0; k + 1 < rs.length; k++) {
    const a = rs[k]!;
    const b = rs[k + 1]!;
    const hole = new VersionUnion([
      new VersionRange(null, a.max, false, a.includeMax),
      new VersionRange(b.min, null, b.includeMin, false),
    ]);
    if (!hole.excludesSingleVersion && !hole.excludesSingleWildcardRange) return null;
    parts.push(String(hole));
  }
  if (last.max !== null) parts.push(`${last.includeMax ? "<=" : "<"}${last.max}`);
  return parts.join(",");
}

/** What a PEP 440 specifier set (e.g. from Requires-Dist) means as a Poetry constraint. */
export function specifierSetToConstraint(s: { readonly specifiers: readonly { operator: string; version: string }[] }): VersionConstraint {
  let result: VersionConstraint = ANY;
  for (const spec of s.specifiers) {
    let c: VersionConstraint;
    if (spec.operator === "===") {
      const v = Version.tryParse(spec.version);
      if (v === null) throw invalid(`===${spec.version}`, `===${spec.version}`, "arbitrary equality is not supported");
      c = new ExactVersion(v);
    } else {
      c = parseConstraint(`${spec.operator}${spec.version}`);
    }
    result = result.intersect(c);
  }
  return result;
}
