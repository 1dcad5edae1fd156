/**
 * PEP 440 version specifiers (`>=1.2,!=1.3.*,<2`), with the matching, pre-release and
 * filtering rules of packaging 26. Pure, no I/O.
 *
 * Objects are immutable: a different pre-release override is a new object (`withPrereleases`).
 */
import { InvalidInputError } from "../errors.ts";
import { Version, canonicalizeVersion, compareVersions, pyRepr, pyStrip, type Num } from "./version.ts";
import { specifierRanges, intersectRanges, rangeListsEqual, nearestNonPrereleaseIsBelow, type Range } from "./specifier-ranges.ts";

export class InvalidSpecifier extends InvalidInputError {}

export type Operator = "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "===";
export type VersionLike = Version | string;

const SPECIFIER_HINT =
  "A specifier is an operator (==, !=, <=, >=, <, >, ~=, ===) and a version, e.g. '>=1.2', " +
  "'==1.4.*' or '~=2.1'; a set separates them with commas: '>=1.2,<2'.";

function invalidSpecifier(text: string): InvalidSpecifier {
  return new InvalidSpecifier(`Invalid specifier: ${pyRepr(text)}`, SPECIFIER_HINT);
}

function coerce(item: VersionLike): Version | null {
  return typeof item === "string" ? Version.tryParse(item) : item;
}

function isPySpaceChar(ch: string): boolean {
  return ch.length > 0 && pyStrip(ch) === "";
}

/**
 * packaging's split of a version into comparable pieces: "1!2.0rc1" -> ["1", "2", "0", "rc1"].
 * Works on raw text, which is why `~=` keeps a few of packaging's quirks on odd spellings.
 */
function versionSplit(version: string): string[] {
  const bang = version.lastIndexOf("!");
  const out = [bang > 0 ? version.slice(0, bang) : "0"];
  for (const item of version.slice(bang + 1).split(".")) {
    const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (m) out.push(m[1]!, m[2]!);
    else out.push(item);
  }
  return out;
}

const isDigits = (s: string): boolean => /^[0-9]+$/.test(s);
const SUFFIXES = ["dev", "a", "b", "rc", "post"];

/** Matches `==P.*`: epoch and the first release segments of P, missing ones read as 0. */
class PrefixMatch {
  private readonly split: string[];
  private readonly numericLen: number;
  /** Numeric form of `split` when it is all digits (the normal case): [epoch, ...release]. */
  private readonly numbers: Num[] | null;

  constructor(prefix: string) {
    this.split = versionSplit(canonicalizeVersion(prefix, false));
    let n = 0;
    while (n < this.split.length && isDigits(this.split[n]!)) n++;
    this.numericLen = n;
    this.numbers = n === this.split.length ? this.split.map(toExact) : null;
  }

  matches(v: Version): boolean {
    if (this.numbers) {
      const { epoch, release } = v.exactParts();
      const want = this.numbers;
      // Both sides keep numbers below 2^53 as numbers and larger ones as bigints: === is exact.
      if (epoch !== want[0]) return false;
      for (let k = 1; k < want.length; k++) if ((release[k - 1] ?? 0) !== want[k]) return false;
      return true;
    }
    // Rare (a quirky `~=` spelling): packaging's string algorithm, step by step.
    const split = versionSplit(v.withoutLocal().toString());
    let n = 0;
    while (n < split.length && isDigits(split[n]!)) n++;
    const padded = n < this.numericLen
      ? [...split.slice(0, n), ...Array<string>(this.numericLen - n).fill("0"), ...split.slice(n)]
      : split;
    const cut = padded.slice(0, this.split.length);
    return cut.length === this.split.length && cut.every((x, k) => x === this.split[k]);
  }
}

function toExact(digits: string): Num {
  const big = BigInt(digits);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** The `P.*` that `~=V` also requires, computed from V's text as packaging does. */
function compatiblePrefix(raw: string): string {
  const parts = versionSplit(raw);
  let end = 0;
  while (end < parts.length && !SUFFIXES.some((s) => parts[end]!.startsWith(s))) end++;
  const kept = parts.slice(0, Math.max(0, end - 1));
  return `${kept[0] ?? ""}!${kept.slice(1).join(".")}`;
}

/** Splits "op version" and checks the grammar packaging's specifier regex accepts. */
function parseParts(text: string): [Operator, string] {
  const spec = pyStrip(text);
  let op: Operator;
  if (spec.startsWith("===")) op = "===";
  else if (/^(~=|==|!=|<=|>=)/.test(spec)) op = spec.slice(0, 2) as Operator;
  else if (spec.startsWith("<") || spec.startsWith(">")) op = spec[0] as Operator;
  else throw invalidSpecifier(text);
  const version = pyStrip(spec.slice(op.length));
  if (op === "===") {
    for (const ch of version) if (ch === ";" || ch === ")" || isPySpaceChar(ch)) throw invalidSpecifier(text);
    return [op, version];
  }
  if (version.length === 0 || /[^\x21-\x7e]/.test(version)) throw invalidSpecifier(text);
  if (version.endsWith(".*")) {
    if ((op !== "==" && op !== "!=") || !/^[vV]?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*\.\*$/.test(version)) {
      throw invalidSpecifier(text);
    }
    return [op, version];
  }
  const v = Version.tryParse(version);
  if (v === null) throw invalidSpecifier(text);
  if (v.local !== null && op !== "==" && op !== "!=") throw invalidSpecifier(text);
  if (op === "~=" && v.release.length < 2) throw invalidSpecifier(text);
  return [op, version];
}

/** One PEP 440 clause, such as `>=1.2` or `!=1.3.*`. */
export class Specifier {
  readonly operator: Operator;
  /** The version text as written (stripped), e.g. "1.2" or "2.1.*". */
  readonly version: string;
  /** The pre-release override given at construction, or null to auto-detect. */
  readonly prereleaseOverride: boolean | null;
  /** Parsed version (null for `===` with a non-PEP 440 text and for wildcards). */
  private readonly spec: Version | null;
  private readonly prefix: PrefixMatch | null;
  private readonly lowerText: string;
  private ranges: readonly Range[] | undefined;

  private constructor(op: Operator, version: string, prereleases: boolean | null) {
    this.operator = op;
    this.version = version;
    this.prereleaseOverride = prereleases;
    this.lowerText = version.toLowerCase();
    const wildcard = version.endsWith(".*") && op !== "===";
    this.spec = wildcard ? null : Version.tryParse(version);
    this.prefix = wildcard ? new PrefixMatch(version.slice(0, -2))
      : op === "~=" ? new PrefixMatch(compatiblePrefix(version))
      : null;
  }

  static parse(text: string, prereleases: boolean | null = null): Specifier {
    const key = prereleases === null ? text : `${prereleases}\u0000${text}`;
    let s = specCache.get(key);
    if (s === undefined) {
      const [op, version] = parseParts(text);
      s = new Specifier(op, version, prereleases);
      if (specCache.size >= 20_000) specCache.clear();
      specCache.set(key, s);
    }
    return s;
  }

  withPrereleases(prereleases: boolean | null): Specifier {
    return prereleases === this.prereleaseOverride ? this : new Specifier(this.operator, this.version, prereleases);
  }

  /** Whether pre-releases are accepted: the override, else what the clause itself implies. */
  get prereleases(): boolean | null {
    if (this.prereleaseOverride !== null) return this.prereleaseOverride;
    if (this.operator === "!=" || (this.operator === "==" && this.prefix !== null)) return false;
    return this.spec === null ? null : this.spec.isPrerelease;
  }

  toString(): string {
    return this.operator + this.version;
  }

  /** Identity used for equality and de-duplication: trailing zeros do not count (but for ~=). */
  get canonicalKey(): string {
    if (this.operator === "===" || this.spec === null) return `${this.operator}${this.version}`;
    return this.operator + canonicalizeVersion(this.spec, this.operator !== "~=");
  }

  equals(other: Specifier | string): boolean {
    if (typeof other === "string") {
      try {
        other = Specifier.parse(other);
      } catch (e) {
        if (e instanceof InvalidSpecifier) return false;
        throw e;
      }
    }
    return this.canonicalKey === other.canonicalKey;
  }

  /** `===`: case-insensitive text equality; a Version compares by its normalized text. */
  arbitraryMatch(item: VersionLike): boolean {
    return String(item).toLowerCase() === this.lowerText;
  }

  /** The operator alone, pre-release rules aside. Not for `===` (use arbitraryMatch). */
  matches(v: Version): boolean {
    const spec = this.spec;
    switch (this.operator) {
      case "==":
        if (this.prefix) return this.prefix.matches(v);
        return compareVersions(spec!.local === null ? v.withoutLocal() : v, spec!) === 0;
      case "!=":
        if (this.prefix) return !this.prefix.matches(v);
        return compareVersions(spec!.local === null ? v.withoutLocal() : v, spec!) !== 0;
      case "<=":
        return compareVersions(v.withoutLocal(), spec!) <= 0;
      case ">=":
        return compareVersions(v.withoutLocal(), spec!) >= 0;
      case "~=":
        return compareVersions(v.withoutLocal(), spec!) >= 0 && this.prefix!.matches(v);
      case "<":
        // `<V` excludes pre-releases of V itself unless V is one.
        return compareVersions(v, spec!) < 0 &&
          !(!spec!.isPrerelease && v.isPrerelease && compareVersions(v, earliestPrerelease(spec!)) >= 0);
      case ">":
        // `>V` excludes post-releases of V (unless V is one) and V+local.
        return compareVersions(v, spec!) > 0 &&
          !(!spec!.isPostrelease && v.isPostrelease && compareVersions(v.replace({ post: null, dev: null, local: null }), spec!) === 0) &&
          !(v.local !== null && compareVersions(v.withoutLocal(), spec!) === 0);
      case "===":
        return this.arbitraryMatch(v);
    }
  }

  /** packaging's Specifier.contains, i.e. filter([item]) is not empty. */
  contains(item: VersionLike, prereleases: boolean | null = null): boolean {
    const parsed = coerce(item);
    if (parsed === null) return this.operator === "===" && this.arbitraryMatch(item);
    const match = this.operator === "===" ? this.arbitraryMatch(item) : this.matches(parsed);
    if (!match) return false;
    if (!parsed.isPrerelease || (prereleases ?? this.prereleases)) return true;
    // A lone pre-release is kept by the "nothing else matched" fallback.
    return prereleases === null && this.prereleaseOverride !== false;
  }

  filter<T extends VersionLike>(items: Iterable<T>, prereleases?: boolean | null): T[];
  filter<T>(items: Iterable<T>, prereleases: boolean | null | undefined, key: (item: T) => VersionLike): T[];
  filter<T>(items: Iterable<T>, prereleases: boolean | null = null, key?: (item: T) => VersionLike): T[] {
    const include = prereleases ?? this.prereleases;
    const fallback = prereleases === null && this.prereleaseOverride !== false;
    const out: T[] = [];
    const held: T[] = [];
    let foundFinal = false;
    for (const item of items) {
      const raw = key ? key(item) : (item as unknown as VersionLike);
      const parsed = coerce(raw);
      if (parsed === null) {
        if (this.operator === "===" && this.arbitraryMatch(raw)) out.push(item);
        continue;
      }
      if (!(this.operator === "===" ? this.arbitraryMatch(raw) : this.matches(parsed))) continue;
      if (!parsed.isPrerelease || include) {
        foundFinal = true;
        out.push(item);
      } else if (fallback) held.push(item);
    }
    if (!foundFinal && fallback) out.push(...held);
    return out;
  }

  /** The clause as sorted, non-overlapping version ranges (for satisfiability checks). */
  toRanges(): readonly Range[] {
    return (this.ranges ??= specifierRanges(this.operator, this.version, this.spec));
  }
}

function earliestPrerelease(v: Version): Version {
  return v.replace({ dev: 0, local: null });
}

const specCache = new Map<string, Specifier>();
const setCache = new Map<string, SpecifierSet>();

/** PEP 440: keep final releases; only when there are none, keep everything (pre-releases). */
function pep440FilterPrereleases<T>(items: Iterable<T>, key: (item: T) => VersionLike): T[] {
  const finals: T[] = [];
  const nonFinal: T[] = [];
  const arbitrary: T[] = [];
  for (const item of items) {
    const parsed = coerce(key(item));
    if (parsed === null) {
      if (finals.length > 0) finals.push(item);
      else { arbitrary.push(item); nonFinal.push(item); }
    } else if (!parsed.isPrerelease) {
      // Text that is not a version, seen before the first final, goes out just before it.
      if (finals.length === 0) finals.push(...arbitrary);
      finals.push(item);
    } else if (finals.length === 0) nonFinal.push(item);
  }
  return finals.length > 0 ? finals : nonFinal;
}

/** A comma-separated set of specifiers; a version must satisfy all of them. */
export class SpecifierSet {
  /** The clauses in input order. */
  readonly specifiers: readonly Specifier[];
  readonly prereleaseOverride: boolean | null;
  private readonly hasArbitrary: boolean;
  private canonical: readonly Specifier[] | undefined;
  private unsatisfiable: boolean | undefined;

  constructor(specifiers: readonly Specifier[] = [], prereleases: boolean | null = null, hasArbitrary?: boolean) {
    this.specifiers = specifiers;
    this.prereleaseOverride = prereleases;
    this.hasArbitrary = hasArbitrary ?? specifiers.some((s) => s.operator === "===");
  }

  static parse(text: string, prereleases: boolean | null = null): SpecifierSet {
    const key = prereleases === null ? text : `${prereleases}\u0000${text}`;
    let s = setCache.get(key);
    if (s === undefined) {
      const parts = text.split(",").map(pyStrip).filter((p) => p.length > 0);
      s = new SpecifierSet(parts.map((p) => Specifier.parse(p)), prereleases, text.includes("==="));
      if (setCache.size >= 20_000) setCache.clear();
      setCache.set(key, s);
    }
    return s;
  }

  withPrereleases(prereleases: boolean | null): SpecifierSet {
    return new SpecifierSet(this.specifiers, prereleases, this.hasArbitrary);
  }

  get length(): number {
    return this.specifiers.length;
  }

  get prereleases(): boolean | null {
    if (this.prereleaseOverride !== null) return this.prereleaseOverride;
    return this.specifiers.some((s) => s.prereleases) ? true : null;
  }

  /** Sorted by text, duplicates (same canonical form) removed: the form printed and compared. */
  canonicalSpecifiers(): readonly Specifier[] {
    if (this.canonical === undefined) {
      const seen = new Set<string>();
      this.canonical = [...this.specifiers]
        .sort((a, b) => { const x = a.toString(), y = b.toString(); return x < y ? -1 : x > y ? 1 : 0; })
        .filter((s) => !seen.has(s.canonicalKey) && seen.add(s.canonicalKey) !== undefined);
    }
    return this.canonical;
  }

  toString(): string {
    return this.canonicalSpecifiers().join(",");
  }

  equals(other: SpecifierSet | Specifier | string): boolean {
    const o = other instanceof SpecifierSet ? other : SpecifierSet.parse(String(other));
    const a = this.canonicalSpecifiers();
    const b = o.canonicalSpecifiers();
    return a.length === b.length && a.every((s, k) => s.canonicalKey === b[k]!.canonicalKey);
  }

  /** Both sets at once (packaging's `&`). Conflicting True/False overrides are an error. */
  and(other: SpecifierSet | string): SpecifierSet {
    const o = typeof other === "string" ? SpecifierSet.parse(other) : other;
    let pre: boolean | null;
    if (this.prereleaseOverride === null || this.prereleaseOverride === o.prereleaseOverride) pre = o.prereleaseOverride;
    else if (o.prereleaseOverride === null) pre = this.prereleaseOverride;
    else {
      throw new InvalidSpecifier(
        "Cannot combine SpecifierSets with True and False prerelease overrides.",
        "Give both sets the same pre-release setting, or leave one unset.",
      );
    }
    return new SpecifierSet([...this.specifiers, ...o.specifiers], pre, this.hasArbitrary || o.hasArbitrary);
  }

  /** Every clause matches, pre-release rules aside; `exclude` drops pre-releases. */
  private allMatch(item: VersionLike, parsed: Version | null, excludePre: boolean): boolean {
    if (parsed === null) return this.specifiers.every((s) => s.operator === "===" && s.arbitraryMatch(item));
    if (excludePre && parsed.isPrerelease) return false;
    for (const s of this.specifiers) {
      if (!(s.operator === "===" ? s.arbitraryMatch(item) : s.matches(parsed))) return false;
    }
    return true;
  }

  /**
   * packaging's SpecifierSet.contains. `installed` accepts an installed pre-release even when
   * the set would not otherwise allow pre-releases.
   */
  contains(item: VersionLike, prereleases: boolean | null = null, installed: boolean | null = null): boolean {
    const version = coerce(item);
    if (version !== null && installed && version.isPrerelease) prereleases = true;
    const check: VersionLike = version === null || (this.hasArbitrary && typeof item === "string") ? item : version;
    const pre = prereleases ?? this.prereleases;
    if (this.specifiers.length === 0) return pre !== false || version === null || !version.isPrerelease;
    if (this.specifiers.length === 1) return this.specifiers[0]!.contains(check, pre ?? true);
    return this.allMatch(check, version, pre === false);
  }

  filter<T extends VersionLike>(items: Iterable<T>, prereleases?: boolean | null): T[];
  filter<T>(items: Iterable<T>, prereleases: boolean | null | undefined, key: (item: T) => VersionLike): T[];
  filter<T>(items: Iterable<T>, prereleases: boolean | null = null, key?: (item: T) => VersionLike): T[] {
    const get = key ?? ((item: T) => item as unknown as VersionLike);
    const pre = prereleases ?? this.prereleases;
    if (this.specifiers.length > 0) {
      let filtered: T[];
      if (this.specifiers.length === 1) filtered = this.specifiers[0]!.filter(items, pre ?? true, get);
      else {
        filtered = [];
        for (const item of items) {
          const raw = get(item);
          if (this.allMatch(raw, coerce(raw), pre === false)) filtered.push(item);
        }
      }
      return pre !== null ? filtered : pep440FilterPrereleases(filtered, get);
    }
    if (pre === true) return [...items];
    if (pre === false) {
      return [...items].filter((item) => { const v = coerce(get(item)); return v === null || !v.isPrerelease; });
    }
    return pep440FilterPrereleases(items, get);
  }

  /** The set as sorted, non-overlapping ranges (all clauses intersected). */
  toRanges(): readonly Range[] {
    let result: readonly Range[] | null = null;
    for (const s of this.specifiers) {
      result = result === null ? s.toRanges() : intersectRanges(result, s.toRanges());
      if (result.length === 0) break;
    }
    return result ?? specifierRanges("===", "", null);
  }

  /** True when no version can satisfy every clause (packaging's is_unsatisfiable). */
  isUnsatisfiable(): boolean {
    if (this.unsatisfiable !== undefined) return this.unsatisfiable;
    let result = false;
    if (this.specifiers.length > 0) {
      const ranges = this.toRanges();
      result = ranges.length === 0 || this.arbitraryUnsatisfiable();
      if (!result && this.prereleases === false) result = ranges.every((r) => nearestNonPrereleaseIsBelow(r) === false);
    }
    return (this.unsatisfiable = result);
  }

  /** `===X` can only match the text X: check it against the other clauses. */
  private arbitraryUnsatisfiable(): boolean {
    const arbitrary = this.specifiers.filter((s) => s.operator === "===");
    if (arbitrary.length === 0) return false;
    const first = arbitrary[0]!.version.toLowerCase();
    if (arbitrary.some((s) => s.version.toLowerCase() !== first)) return true;
    const candidate = Version.tryParse(arbitrary[0]!.version);
    if (this.prereleases === false && candidate !== null && candidate.isPrerelease) return true;
    const standard = this.specifiers.filter((s) => s.operator !== "===");
    if (standard.length === 0) return false;
    if (candidate === null) return true;
    return !standard.every((s) => s.contains(candidate));
  }

  /** Every version this set allows is allowed by `other` (an unsatisfiable set is a subset of all). */
  isSubset(other: SpecifierSet | string): boolean {
    const o = typeof other === "string" ? SpecifierSet.parse(other) : other;
    if (this.isUnsatisfiable()) return true;
    const mine = this.toRanges();
    return rangeListsEqual(intersectRanges(mine, o.toRanges()), mine);
  }

  isSuperset(other: SpecifierSet | string): boolean {
    const o = typeof other === "string" ? SpecifierSet.parse(other) : other;
    return o.isSubset(this);
  }

  /** No version satisfies both sets. */
  isDisjoint(other: SpecifierSet | string): boolean {
    return this.and(other).isUnsatisfiable();
  }
}
