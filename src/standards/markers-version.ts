/**
 * Python-version markers as version constraints and back, for the marker algebra.
 *
 * `python_version` only ever holds "X.Y", so its comparisons are read on the line of full
 * versions: `python_version == "3.8"` is every 3.8.z (>=3.8,<3.9), `> "3.8"` is >=3.9,
 * `<= "3.8"` is <3.9. `python_full_version` compares full versions directly. Printing goes
 * the other way, preferring `== "3.8"` for a one-minor range, as Poetry writes markers.
 */
import { Version } from "./version.ts";
import { VersionUnion, complement, makeRange, rangesOf, type VersionConstraint } from "./range.ts";
import { parseConstraint } from "./constraint.ts";
import type { MarkerOp } from "./markers-parse.ts";

export const PYTHON_VERSION_NAMES = new Set(["python_version", "python_full_version"]);

/**
 * A version read the lenient way poetry-core reads `platform_release` values: PEP 440 when it
 * parses, else the leading release digits with the rest as a local label
 * ("4.9.253-tegra" is 4.9.253+tegra, "2022Server" is 2022+server).
 */
export function lenientVersion(text: string): Version | null {
  const strict = Version.tryParse(text);
  if (strict !== null) return strict;
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)\.?[-_+.]?([A-Za-z0-9][A-Za-z0-9._+-]*)?\s*$/.exec(text);
  if (m === null) return null;
  const local = (m[2] ?? "").toLowerCase().split(/[^a-z0-9]+/).filter((x) => x !== "").join(".");
  return Version.tryParse(local ? `${m[1]}+${local}` : m[1]!);
}

/**
 * The version after `v` at its own precision: 3.8 -> 3.9, 3.8.1 -> 3.8.2. A one-part
 * python_version value is a minor ("3" == "3.0"), so 3 -> 3.1.
 */
function nextAtPrecision(v: Version): Version {
  const release = v.release.length === 1 ? [v.release[0]!, 0] : [...v.release];
  release[release.length - 1] = release[release.length - 1]! + 1;
  return Version.parse(`${v.epoch ? `${v.epoch}!` : ""}${release.join(".")}`);
}

function isShort(v: Version): boolean {
  return v.release.length <= 2 && v.pre === null && v.post === null && v.dev === null && v.local === null;
}

/** The constraint of one comparison; null when the value is no version (the marker stays textual). */
export function pythonMarkerConstraint(name: string, op: MarkerOp, value: string): VersionConstraint | null {
  if (op === "in" || op === "not in") {
    const parts = value.split(/[ ,|]+/).filter((p) => p !== "");
    const each = parts.map((p) => pythonMarkerConstraint(name, "==", p));
    if (each.some((c) => c === null)) return null;
    const u = VersionUnion.of(...(each as VersionConstraint[]));
    return op === "in" ? u : complement(u);
  }
  const wildcard = /^\s*([0-9][0-9.]*)\.\*\s*$/.exec(value);
  if (wildcard !== null && (op === "==" || op === "!=") && name !== "platform_release") {
    // `python_version == "3.6.*"`: every 3.6.z, like Poetry's "==3.6.*".
    const c = parseConstraint(`==${wildcard[1]}.*`);
    return op === "==" ? c : complement(c);
  }
  const v = name === "platform_release" ? lenientVersion(value) : Version.tryParse(value);
  if (v === null) return null;
  const short = name === "python_version" && isShort(v);
  switch (op) {
    case "==":
    case "===":
      return short ? makeRange(v, nextAtPrecision(v), true, false) : makeRange(v, v, true, true);
    case "!=":
      return complement(short ? makeRange(v, nextAtPrecision(v), true, false) : makeRange(v, v, true, true));
    case "<":
      return makeRange(null, v, false, false);
    case "<=":
      return short ? makeRange(null, nextAtPrecision(v), false, false) : makeRange(null, v, false, true);
    case ">":
      return short ? makeRange(nextAtPrecision(v), null, true, false) : makeRange(v, null, false, false);
    case ">=":
      return makeRange(v, null, true, false);
    case "~=":
      try {
        return parseConstraint(`~=${value}`);
      } catch {
        return null;
      }
  }
}

function q(v: Version): string {
  return `"${v.toString()}"`;
}

/** One range as marker text; `standalone` when it is the whole marker (no "or" around it). */
function rangeText(name: string, min: Version | null, max: Version | null, incMin: boolean, incMax: boolean): string[] {
  if (min !== null && max !== null && incMin && incMax && min.equals(max)) return [`${name} == ${q(min)}`];
  if (
    name === "python_version" && min !== null && max !== null && incMin && !incMax && isShort(min) &&
    min.release.length === 2 && nextAtPrecision(min).equals(max)
  ) {
    return [`${name} == ${q(min)}`];
  }
  const out: string[] = [];
  if (min !== null) out.push(`${name} ${incMin ? ">=" : ">"} ${q(min)}`);
  if (max !== null) out.push(`${name} ${incMax ? "<=" : "<"} ${q(max)}`);
  return out;
}

/**
 * The marker text of a constraint on `name`, as a list of alternatives, each a list of
 * conjoined comparisons. EMPTY gives [] and ANY gives [[]].
 */
export function constraintToMarkerParts(name: string, c: VersionConstraint): string[][] {
  if (c.isEmpty()) return [];
  if (c.isAny()) return [[]];
  const ranges = rangesOf(c);
  // "!= X.Y" for the complement of one minor.
  if (ranges.length === 2) {
    const [a, b] = ranges as [(typeof ranges)[0], (typeof ranges)[0]];
    if (a.min === null && b.max === null && a.max !== null && b.min !== null && !a.includeMax) {
      const hole = rangeText(name, a.max, b.min, true, !b.includeMin);
      if (hole.length === 1 && hole[0]!.includes(" == ")) return [[hole[0]!.replace(" == ", " != ")]];
    }
  }
  return ranges.map((r) => rangeText(name, r.min, r.max, r.includeMin, r.includeMax));
}


/** Whether two version constraints allow the same versions. */
export function sameVersions(a: VersionConstraint, b: VersionConstraint): boolean {
  return a.allowsAll(b) && b.allowsAll(a);
}

/**
 * A comparison read literally, as poetry-core reads a `python_version` value before it widens
 * it to every patch release (`<= "3.6"` admits 3.6 but not 3.6.1). Used only to choose how a
 * merged marker is written: poetry-core keeps the operator whose literal reading matches.
 */
export function literalConstraint(op: MarkerOp, value: string): VersionConstraint | null {
  if (op === "in" || op === "not in" || op === "~=") return null;
  return pythonMarkerConstraint("python_full_version", op, value);
}

/** A release version with at most X.Y.0 precision, writable as a `python_version` value. */
function minorBoundary(v: Version): Version | null {
  if (v.pre !== null || v.post !== null || v.dev !== null || v.local !== null || v.epoch !== 0) return null;
  if (v.release.length <= 2) return v;
  if (v.release.slice(2).some((n) => n !== 0)) return null;
  return Version.parse(v.release.slice(0, 2).join("."));
}

function fullText(v: Version): string {
  if (v.release.length >= 3) return q(v);
  const prefix = `${v.epoch ? `${v.epoch}!` : ""}${v.release.join(".")}`;
  const padded = [...v.release, 0, 0].slice(0, 3).join(".");
  return `"${v.epoch ? `${v.epoch}!` : ""}${padded}${v.toString().slice(prefix.length)}"`;
}

/**
 * `c` written as one comparison on python_version or python_full_version, the way poetry-core
 * writes a merged python marker: `python_version` when the bound is a whole minor
 * (`>= "3.7"`, `< "3.7"`, `== "3.6"`, `!= "3.6"`), else `python_full_version` with a full
 * three-part version. Null when no single comparison says it.
 */
export function singlePythonComparison(c: VersionConstraint): { name: string; text: string } | null {
  const ranges = rangesOf(c);
  if (ranges.length === 1) {
    const r = ranges[0]!;
    if (r.min !== null && r.max !== null) {
      if (r.includeMin && r.includeMax && r.min.equals(r.max)) return { name: "python_full_version", text: `python_full_version == ${fullText(r.min)}` };
      const lo = minorBoundary(r.min);
      const hi = minorBoundary(r.max);
      if (r.includeMin && !r.includeMax && lo !== null && hi !== null && lo.release.length === 2 && nextAtPrecision(lo).equals(hi)) {
        return { name: "python_version", text: `python_version == ${q(lo)}` };
      }
      return null;
    }
    if (r.min !== null) {
      const lo = minorBoundary(r.min);
      if (r.includeMin && lo !== null) return { name: "python_version", text: `python_version >= ${q(lo)}` };
      return { name: "python_full_version", text: `python_full_version ${r.includeMin ? ">=" : ">"} ${fullText(r.min)}` };
    }
    if (r.max !== null) {
      const hi = minorBoundary(r.max);
      if (!r.includeMax && hi !== null) return { name: "python_version", text: `python_version < ${q(hi)}` };
      return { name: "python_full_version", text: `python_full_version ${r.includeMax ? "<=" : "<"} ${fullText(r.max)}` };
    }
    return null;
  }
  if (ranges.length === 2) {
    const hole = complement(c);
    const single = rangesOf(hole).length === 1 ? singlePythonComparison(hole) : null;
    if (single !== null && single.text.includes(" == ")) return { name: single.name, text: single.text.replace(" == ", " != ") };
  }
  return null;
}
