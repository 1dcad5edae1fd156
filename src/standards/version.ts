/**
 * PEP 440 versions: parsing (the permissive grammar packaging accepts), normalization and the
 * total order. Pure, no I/O.
 *
 * Numbers: the public fields are plain numbers (every real version fits). A segment too long for
 * a double (more than 15 digits) is kept exactly as a bigint in `exact`, which ordering and
 * printing use, so `1.<5000 digits>` neither hangs nor loses precision.
 */
import { InvalidInputError } from "../errors.ts";

export class InvalidVersion extends InvalidInputError {}

export type PreLetter = "a" | "b" | "rc";
/** A numeric segment: a number when it fits exactly, else a bigint (values above 2^53 only). */
export type Num = number | bigint;

/** Exact numeric parts, kept only when some segment does not fit in a double. */
interface ExactParts {
  readonly epoch: Num;
  readonly release: readonly Num[];
  readonly preN: Num;
  readonly post: Num | null;
  readonly dev: Num | null;
}

export interface VersionParts {
  epoch?: Num | null;
  release: readonly Num[];
  pre?: readonly [string, Num] | null;
  post?: Num | null;
  dev?: Num | null;
  local?: string | null;
}

const VERSION_HINT =
  "A PEP 440 version looks like 1.2.3, 2.0rc1, 1.0.post2, 3.1.dev4 or 1!2.0+local.1.";

/** Python's repr() of a str, so messages match packaging's ("Invalid version: 'x'"). */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      out += cp < 0x100 ? "\\x" + cp.toString(16).padStart(2, "0")
        : cp < 0x10000 ? "\\u" + cp.toString(16).padStart(4, "0")
        : "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + quote;
}
const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

function invalid(text: string): InvalidVersion {
  return new InvalidVersion(`Invalid version: ${pyRepr(text)}`, VERSION_HINT);
}

/** Python's str.isspace() set, which is what packaging's `\s*` around a version strips. */
function isPySpace(c: number): boolean {
  return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 ||
    c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Strips Python whitespace from both ends (JS trim() differs on \x1c-\x1f, \x85 and \ufeff). */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A run of ASCII digits as a Num; long runs become bigint unless they still fit. */
function toNum(digits: string): Num {
  if (digits.length <= 15) return +digits;
  const big = BigInt(digits);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function cmpNum(a: Num, b: Num): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSep = (c: number): boolean => c === 46 || c === 95 || c === 45; // . _ -
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 122);

const PRE_SPELLINGS: readonly (readonly [string, PreLetter])[] = [
  ["alpha", "a"], ["a", "a"], ["beta", "b"], ["b", "b"], ["preview", "rc"], ["pre", "rc"],
  ["c", "rc"], ["rc", "rc"],
];
const POST_SPELLINGS = ["post", "rev", "r"] as const;
const PRE_RANK: Record<PreLetter, number> = { a: 0, b: 1, rc: 2 };

/** Every field of a version as parsed: numbers exact, local segments split. */
interface Parsed {
  epoch: Num;
  release: Num[];
  pre: [PreLetter, Num] | null;
  post: Num | null;
  dev: Num | null;
  local: (string | Num)[] | null;
}

/**
 * A left-to-right scan equivalent to packaging's possessive regex. Every optional part is
 * taken greedily and never given back, which is exactly what the possessive quantifiers do.
 */
function scan(s: string): Parsed | null {
  const n = s.length;
  let i = 0;
  const digits = (): string | null => {
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    return i > start ? s.slice(start, i) : null;
  };
  const word = (w: string): boolean => {
    if (s.startsWith(w, i)) { i += w.length; return true; }
    return false;
  };
  if (s.charCodeAt(i) === 118) i++; // v
  let first = digits();
  if (first === null) return null;
  let epoch: Num = 0;
  if (s.charCodeAt(i) === 33) { // !
    i++;
    epoch = toNum(first);
    first = digits();
    if (first === null) return null;
  }
  const release: Num[] = [toNum(first)];
  while (s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) {
    i++;
    release.push(toNum(digits()!));
  }
  let pre: [PreLetter, Num] | null = null;
  const preStart = i;
  if (isSep(s.charCodeAt(i))) i++;
  const spelling = PRE_SPELLINGS.find(([w]) => s.startsWith(w, i));
  if (spelling) {
    i += spelling[0].length;
    if (isSep(s.charCodeAt(i))) i++;
    const num = digits();
    pre = [spelling[1], num === null ? 0 : toNum(num)];
  } else i = preStart;
  let post: Num | null = null;
  if (s.charCodeAt(i) === 45 && isDigit(s.charCodeAt(i + 1))) {
    i++;
    post = toNum(digits()!);
  } else {
    const postStart = i;
    if (isSep(s.charCodeAt(i))) i++;
    if (POST_SPELLINGS.some(word)) {
      if (isSep(s.charCodeAt(i))) i++;
      const num = digits();
      post = num === null ? 0 : toNum(num);
    } else i = postStart;
  }
  let dev: Num | null = null;
  const devStart = i;
  if (isSep(s.charCodeAt(i))) i++;
  if (word("dev")) {
    if (isSep(s.charCodeAt(i))) i++;
    const num = digits();
    dev = num === null ? 0 : toNum(num);
  } else i = devStart;
  let local: (string | Num)[] | null = null;
  if (s.charCodeAt(i) === 43) { // +
    i++;
    local = [];
    for (;;) {
      const start = i;
      while (i < n && isAlnum(s.charCodeAt(i))) i++;
      if (i === start) return null;
      const part = s.slice(start, i);
      local.push(/^[0-9]+$/.test(part) ? toNum(part) : part);
      if (i < n && isSep(s.charCodeAt(i))) i++;
      else break;
    }
  }
  return i === n ? { epoch, release, pre, post, dev, local } : null;
}

/** The common all-digits-and-dots form ("1.13.2"), read in one pass; null for anything else. */
function plainRelease(text: string): number[] | null {
  const release: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return null;
      release.push(value);
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 15) {
      value = value * 10 + (c - 48);
      digits++;
    } else return null;
  }
  if (digits === 0) return null;
  release.push(value);
  return release;
}

function parseText(text: string): Parsed | null {
  const plain = plainRelease(text);
  if (plain !== null) return { epoch: 0, release: plain, pre: null, post: null, dev: null, local: null };
  const stripped = pyStrip(text);
  // The grammar is ASCII; checking first makes the ASCII-only lowercase below safe.
  for (let k = 0; k < stripped.length; k++) if (stripped.charCodeAt(k) > 127) return null;
  return scan(stripped.toLowerCase());
}

const toNumber = (x: Num): number => (typeof x === "number" ? x : Number(x));
const numOrNull = (x: Num | null): number | null => (x === null ? null : toNumber(x));

const CACHE_LIMIT = 50_000;
const cache = new Map<string, Version | null>();

export class Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: readonly [PreLetter, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
  readonly local: string | null;
  /** Exact values when some segment exceeds 2^53; null otherwise (the usual case). */
  readonly exact: ExactParts | null;
  /** Local segments for ordering: strings sort before numbers. */
  private readonly localParts: readonly (string | Num)[] | null;
  /** Release length without trailing zeros (1.0.0 == 1); internal, read by the ordering below. */
  readonly relLen: number;
  /** dev-only -1, a 0, b 1, rc 2, none 3: packaging's order of the pre-release slot. */
  private readonly preRank: number;
  private text: string | undefined;
  private publicVersion: Version | undefined;

  private constructor(p: Parsed) {
    let big = typeof p.epoch === "bigint" || typeof p.post === "bigint" || typeof p.dev === "bigint" || (p.pre !== null && typeof p.pre[1] === "bigint");
    for (let k = 0; !big && k < p.release.length; k++) big = typeof p.release[k] === "bigint";
    this.exact = big ? { epoch: p.epoch, release: p.release, preN: p.pre ? p.pre[1] : 0, post: p.post, dev: p.dev } : null;
    this.epoch = toNumber(p.epoch);
    this.release = big ? p.release.map(toNumber) : (p.release as number[]);
    this.pre = p.pre ? [p.pre[0], toNumber(p.pre[1])] : null;
    this.post = numOrNull(p.post);
    this.dev = numOrNull(p.dev);
    this.localParts = p.local;
    this.local = p.local ? p.local.map(String).join(".") : null;
    let len = p.release.length;
    while (len > 0 && (p.release[len - 1] === 0)) len--;
    this.relLen = len;
    this.preRank = p.pre ? PRE_RANK[p.pre[0]] : p.post === null && p.dev !== null ? -1 : 3;
  }

  /** Parses `text` (memoized). Throws InvalidVersion naming the text. */
  static parse(text: string): Version {
    const v = Version.tryParse(text);
    if (v === null) throw invalid(text);
    return v;
  }

  /** Like parse, but null for an invalid text (memoized too, without building an error). */
  static tryParse(text: string): Version | null {
    let v = cache.get(text);
    if (v === undefined) {
      const parsed = parseText(text);
      v = parsed === null ? null : new Version(parsed);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(text, v);
    }
    return v;
  }

  /** Forgets memoized parses (for benchmarks that time cold parsing). */
  static clearCache(): void {
    cache.clear();
  }

  /** Builds a version from its parts (packaging's Version.from_parts); letters are normalized. */
  static fromParts(parts: VersionParts): Version {
    const check = (x: Num | null | undefined, what: string): Num | null => {
      if (x === null || x === undefined) return null;
      if ((typeof x === "number" && (!Number.isSafeInteger(x) || x < 0)) || (typeof x === "bigint" && x < 0n)) {
        throw new InvalidVersion(`Invalid ${what}: ${String(x)}`, "Version numbers are non-negative integers.");
      }
      return x;
    };
    if (parts.release.length === 0) throw new InvalidVersion("Invalid release: empty", VERSION_HINT);
    const release = parts.release.map((x) => check(x, "release segment")!);
    let pre: [PreLetter, Num] | null = null;
    if (parts.pre) {
      const found = PRE_SPELLINGS.find(([w]) => w === parts.pre![0].toLowerCase());
      if (!found) throw new InvalidVersion(`Invalid pre-release letter: ${pyRepr(parts.pre[0])}`, VERSION_HINT);
      pre = [found[1], check(parts.pre[1], "pre-release number")!];
    }
    let local: (string | Num)[] | null = null;
    if (parts.local !== null && parts.local !== undefined) {
      if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/i.test(parts.local)) {
        throw new InvalidVersion(`Invalid local version: ${pyRepr(parts.local)}`, VERSION_HINT);
      }
      local = parts.local.toLowerCase().split(/[._-]/).map((x) => (/^[0-9]+$/.test(x) ? toNum(x) : x));
    }
    return new Version({
      epoch: check(parts.epoch, "epoch") ?? 0,
      release,
      pre,
      post: check(parts.post, "post-release number"),
      dev: check(parts.dev, "dev-release number"),
      local,
    });
  }

  toString(): string {
    if (this.text !== undefined) return this.text;
    const x = this.exact;
    let s = (x ? x.release : this.release).join(".");
    const epoch = x ? x.epoch : this.epoch;
    if (epoch !== 0) s = `${epoch}!${s}`;
    if (this.pre) s += this.pre[0] + String(x ? x.preN : this.pre[1]);
    if (this.post !== null) s += `.post${x ? x.post : this.post}`;
    if (this.dev !== null) s += `.dev${x ? x.dev : this.dev}`;
    if (this.local !== null) s += `+${this.local}`;
    return (this.text = s);
  }

  get isPrerelease(): boolean { return this.pre !== null || this.dev !== null; }
  get isPostrelease(): boolean { return this.post !== null; }
  get isDevrelease(): boolean { return this.dev !== null; }
  get isLocal(): boolean { return this.local !== null; }
  get major(): number { return this.release[0] ?? 0; }
  get minor(): number { return this.release[1] ?? 0; }
  get micro(): number { return this.release[2] ?? 0; }

  /** The version without its local label. */
  get public(): string {
    const s = this.toString();
    const plus = s.indexOf("+");
    return plus < 0 ? s : s.slice(0, plus);
  }

  /** Epoch and release only: "1!2.0" for "1!2.0rc1.post3+x". */
  get baseVersion(): string {
    const x = this.exact;
    const rel = (x ? x.release : this.release).join(".");
    const epoch = x ? x.epoch : this.epoch;
    return epoch !== 0 ? `${epoch}!${rel}` : rel;
  }

  compare(other: Version): number {
    return compareVersions(this, other);
  }

  /** A copy with some parts changed (packaging's __replace__); numbers stay exact. */
  replace(changes: Partial<VersionParts>): Version {
    const x = this.exactParts();
    return Version.fromParts({
      epoch: x.epoch,
      release: x.release,
      pre: this.pre ? [this.pre[0], x.preN] : null,
      post: x.post,
      dev: x.dev,
      local: this.local,
      ...changes,
    });
  }

  /** The same version without its local label (itself when it has none); cached. */
  withoutLocal(): Version {
    if (this.local === null) return this;
    return (this.publicVersion ??= this.replace({ local: null }));
  }

  equals(other: Version): boolean {
    return compareVersions(this, other) === 0;
  }

  /** Exact values of every numeric field (for version arithmetic that must not round). */
  exactParts(): ExactParts {
    return this.exact ?? {
      epoch: this.epoch, release: this.release, preN: this.pre ? this.pre[1] : 0,
      post: this.post, dev: this.dev,
    };
  }

  /** Parsed local segments (numbers for all-digit segments), or null. */
  localSegments(): readonly (string | Num)[] | null {
    return this.localParts;
  }

  /** Internal: order of the pre/post/dev suffix and the local label. */
  static compareSuffix(a: Version, b: Version): number {
    if (a.preRank !== b.preRank) return a.preRank - b.preRank;
    const ax = a.exact;
    const bx = b.exact;
    if (a.pre && b.pre) {
      const c = cmpNum(ax ? ax.preN : a.pre[1], bx ? bx.preN : b.pre[1]);
      if (c !== 0) return c;
    }
    if (a.post === null || b.post === null) {
      if (a.post !== b.post) return a.post === null ? -1 : 1;
    } else {
      const c = cmpNum(ax ? ax.post! : a.post, bx ? bx.post! : b.post);
      if (c !== 0) return c;
    }
    if (a.dev === null || b.dev === null) {
      if (a.dev !== b.dev) return a.dev === null ? 1 : -1;
    } else {
      const c = cmpNum(ax ? ax.dev! : a.dev, bx ? bx.dev! : b.dev);
      if (c !== 0) return c;
    }
    return compareLocal(a.localParts, b.localParts);
  }

}

function compareLocal(a: readonly (string | Num)[] | null, b: readonly (string | Num)[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const xs = typeof x === "string";
    const ys = typeof y === "string";
    if (xs !== ys) return xs ? -1 : 1; // strings sort before numbers
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/** PEP 440 order: <0, 0 or >0. Trailing zeros of the release do not count (1.0 == 1). */
export function compareVersions(a: Version, b: Version): number {
  if (a === b) return 0;
  const ax = a.exact;
  const bx = b.exact;
  if (ax === null && bx === null) {
    if (a.epoch !== b.epoch) return a.epoch - b.epoch;
    const ar = a.release;
    const br = b.release;
    const n = Math.max(a.relLen, b.relLen);
    for (let k = 0; k < n; k++) {
      const x = ar[k] ?? 0;
      const y = br[k] ?? 0;
      if (x !== y) return x - y;
    }
  } else {
    const ea = a.exactParts();
    const eb = b.exactParts();
    const c = cmpNum(ea.epoch, eb.epoch);
    if (c !== 0) return c;
    const n = Math.max(a.relLen, b.relLen);
    for (let k = 0; k < n; k++) {
      const d = cmpNum(ea.release[k] ?? 0, eb.release[k] ?? 0);
      if (d !== 0) return d;
    }
  }
  return Version.compareSuffix(a, b);
}

/** Parses `text`, or returns null when it is not a valid version. */
export function tryParseVersion(text: string): Version | null {
  return Version.tryParse(text);
}

/**
 * packaging.utils.canonicalize_version: the normalized form, with trailing zeros of the release
 * dropped unless `stripTrailingZero` is false. A string that is not a version comes back as is.
 */
export function canonicalizeVersion(version: Version | string, stripTrailingZero = true): string {
  const v = typeof version === "string" ? tryParseVersion(version) : version;
  if (v === null) return version as string;
  if (!stripTrailingZero) return v.toString();
  const { epoch, release } = v.exactParts();
  const prefix = epoch !== 0 ? `${epoch}!` : "";
  const relText = release.join(".");
  const keep = Math.max(1, v.relLen);
  // toString() is prefix + release + rest; only the release shrinks.
  const rest = v.toString().slice(prefix.length + relText.length);
  return prefix + release.slice(0, keep).join(".") + rest;
}
