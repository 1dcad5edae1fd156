/**
 * Wheel compatibility tags (PEP 425): the `Tag` triple, compressed tag-set parsing, and the
 * ordered list of tags an interpreter supports, computed the way packaging 26 does from facts
 * the caller passes in (nothing here probes the running process).
 */
import { InvalidInputError } from "../errors.ts";
import { platformTags, type PlatformFacts } from "./platform-tags.ts";

export * from "./platform-tags.ts";

export class InvalidTag extends InvalidInputError {}
/** A compressed tag set that expands to more tags than the caller allowed. */
export class TooManyTags extends InvalidTag {}
/** Interpreter facts that cannot describe a real interpreter (empty version, bad EXT_SUFFIX). */
export class InvalidInterpreterFacts extends InvalidInputError {}

/** One `interpreter-abi-platform` triple, lower-cased. Compare with `equals` or `toString()`. */
export class Tag {
  readonly interpreter: string;
  readonly abi: string;
  readonly platform: string;
  private readonly text: string;

  constructor(interpreter: string, abi: string, platform: string) {
    this.interpreter = interpreter.toLowerCase();
    this.abi = abi.toLowerCase();
    this.platform = platform.toLowerCase();
    this.text = `${this.interpreter}-${this.abi}-${this.platform}`;
  }

  toString(): string {
    return this.text;
  }

  equals(other: Tag): boolean {
    return this.text === other.text;
  }
}

/** A Python version as `[major]` or `[major, minor, ...]`; only the first two parts count. */
export type PythonVersion = readonly number[];

/** "3.11" → "311": the digits of major and minor, no separator. */
export function versionNodot(version: PythonVersion): string {
  return version.slice(0, 2).join("");
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  python: "py",
  cpython: "cp",
  pypy: "pp",
  ironpython: "ip",
  jython: "jy",
};

/** `sys.implementation.name` → the tag prefix: "cpython" → "cp"; unknown names pass through. */
export function interpreterShortName(implementationName: string): string {
  return SHORT_NAMES[implementationName.toLowerCase()] ?? implementationName;
}

// ------------------------------------------------------------------------------- parsing

export interface ParseTagOptions {
  /** Reject a component whose dotted parts are not sorted (PEP 425 asks for sorted sets). */
  readonly validateOrder?: boolean;
  /** The most tags the expansion may produce; guards against hostile file names. */
  readonly limit?: number;
}

// Interpreter tags are Python identifiers ("py3", "cp311", "_custom"); ASCII is enough for
// every tag in use.
const INTERPRETER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Expand a possibly compressed tag set ("py2.py3-none-any") into its tags, in the order the
 * set is written (interpreters, then abis, then platforms), without duplicates.
 */
export function parseTag(text: string, options: ParseTagOptions = {}): Tag[] {
  const limit = options.limit;
  if (limit !== undefined && !(limit >= 0)) throw new InvalidTag("limit must be non-negative");
  const components = text.split("-");
  if (components.length !== 3) {
    throw new InvalidTag(
      `Tag '${text}' must have exactly three components`,
      "A tag looks like 'py3-none-any': interpreter, ABI and platform separated by '-'.",
    );
  }
  const parts = components.map((component) => {
    const split = component.split(".");
    if (split.some((p) => p === "")) {
      throw new InvalidTag(`Tag '${text}' has an empty component: '${component}'`);
    }
    return split;
  });
  const [interpreters, abis, platforms] = parts as [string[], string[], string[]];
  for (const interpreter of interpreters) {
    if (!INTERPRETER.test(interpreter)) {
      throw new InvalidTag(`Tag '${text}' has an invalid interpreter: '${interpreter}'`);
    }
  }
  if (options.validateOrder) {
    components.forEach((component, i) => {
      const split = parts[i] as string[];
      for (let k = 1; k < split.length; k++) {
        if ((split[k - 1] as string) > (split[k] as string)) {
          throw new InvalidTag(`Tag component '${component}' is not in sorted order per PEP 425`);
        }
      }
    });
  }
  const count = interpreters.length * abis.length * platforms.length;
  if (limit !== undefined && count > limit) {
    throw new TooManyTags(`Compressed tag set would generate ${count} tags, exceeding limit ${limit}`);
  }
  const seen = new Set<string>();
  const out: Tag[] = [];
  for (const i of interpreters) {
    for (const a of abis) {
      for (const p of platforms) {
        const tag = new Tag(i, a, p);
        if (seen.has(tag.toString())) continue;
        seen.add(tag.toString());
        out.push(tag);
      }
    }
  }
  return out;
}

/**
 * The compressed form of a set of tags ("py2.py3-none-any"), each component sorted. Throws
 * InvalidTag when the set is not a full interpreter × abi × platform product.
 */
export function compressTags(tags: readonly Tag[]): string {
  if (tags.length === 0) throw new InvalidTag("an empty tag set has no compressed form");
  const uniq = (values: string[]): string[] => [...new Set(values)].sort();
  const interpreters = uniq(tags.map((t) => t.interpreter));
  const abis = uniq(tags.map((t) => t.abi));
  const platforms = uniq(tags.map((t) => t.platform));
  const distinct = new Set(tags.map((t) => t.toString()));
  if (distinct.size !== interpreters.length * abis.length * platforms.length) {
    throw new InvalidTag(
      `the tags ${[...distinct].join(", ")} do not form one compressed tag set`,
      "A wheel file name holds every combination of its interpreters, ABIs and platforms.",
    );
  }
  return `${interpreters.join(".")}-${abis.join(".")}-${platforms.join(".")}`;
}

// ----------------------------------------------------------------------------- tag lists

function requireVersion(version: PythonVersion): void {
  if (version.length === 0) throw new InvalidInterpreterFacts("python version must contain at least one item");
}

/** True for a free-threaded CPython, whose own ABI tag ends in 't' (cp313t). */
function isFreeThreaded(abis: readonly string[]): boolean {
  const first = abis[0];
  const m = first === undefined ? null : /^cp\d+(.*)$/.exec(first);
  return m !== null && (m[1] as string).includes("t");
}

/**
 * CPython tags: its own ABIs, then the stable ABI (abi3, or abi3t when free-threaded) for
 * this version, then `none`, then the stable ABI of every older 3.x down to 3.2.
 */
export function cpythonTags(version: PythonVersion, abis: readonly string[], platforms: readonly string[]): Tag[] {
  requireVersion(version);
  const interpreter = `cp${versionNodot(version)}`;
  const threaded = isFreeThreaded(abis);
  const stableAbi = threaded ? "abi3t" : "abi3";
  const explicit = new Set(["abi3", "abi3t", "none"]);
  const own = abis.filter((a) => !explicit.has(a));
  const out: Tag[] = [];
  for (const abi of own) for (const p of platforms) out.push(new Tag(interpreter, abi, p));
  const major = version[0] as number;
  const minor = version[1];
  const useStable = minor !== undefined && (major > 3 || (major === 3 && minor >= 2));
  if (useStable) for (const p of platforms) out.push(new Tag(interpreter, stableAbi, p));
  for (const p of platforms) out.push(new Tag(interpreter, "none", p));
  if (useStable && minor !== undefined) {
    for (let m = minor - 1; m >= 2; m--) {
      for (const p of platforms) out.push(new Tag(`cp${major}${m}`, stableAbi, p));
    }
  }
  return out;
}

/** Tags of a non-CPython interpreter: each ABI (plus `none`) on each platform. */
export function genericTags(interpreter: string, abis: readonly string[], platforms: readonly string[]): Tag[] {
  const all = abis.includes("none") ? abis : [...abis, "none"];
  const out: Tag[] = [];
  for (const abi of all) for (const p of platforms) out.push(new Tag(interpreter, abi, p));
  return out;
}

/** py311, py3, py310, ..., py30: the pure-Python interpreter tags a version accepts. */
function pyInterpreterRange(version: PythonVersion): string[] {
  const major = version[0] as number;
  const minor = version[1];
  if (minor === undefined) return [`py${major}`];
  const out = [`py${major}${minor}`, `py${major}`];
  for (let m = minor - 1; m >= 0; m--) out.push(`py${major}${m}`);
  return out;
}

/** The `pyXY-none-any` tags of a version, best first. */
export function purePythonTags(version: PythonVersion): Tag[] {
  requireVersion(version);
  return pyInterpreterRange(version).map((i) => new Tag(i, "none", "any"));
}

/**
 * Tags any interpreter of this version accepts: `pyXY-none-<platform>`, then
 * `<interpreter>-none-any` (when given), then `pyXY-none-any`.
 */
export function compatibleTags(
  version: PythonVersion,
  interpreter: string | null,
  platforms: readonly string[],
): Tag[] {
  requireVersion(version);
  const range = pyInterpreterRange(version);
  const out: Tag[] = [];
  for (const i of range) for (const p of platforms) out.push(new Tag(i, "none", p));
  if (interpreter) out.push(new Tag(interpreter, "none", "any"));
  for (const i of range) out.push(new Tag(i, "none", "any"));
  return out;
}

// --------------------------------------------------------------------------------- ABIs

/** A `sysconfig.get_config_var` value as reported by the helper script. */
export type ConfigValue = number | boolean | string | null;

/** The facts `_cpython_abis` reads. Missing config vars count as null (unknown). */
export interface CpythonAbiFacts {
  readonly config: Readonly<Record<string, ConfigValue | undefined>>;
  /** `hasattr(sys, "gettotalrefcount")`: a debug build. */
  readonly hasGettotalrefcount?: boolean;
  /** `importlib.machinery.EXTENSION_SUFFIXES`. */
  readonly extensionSuffixes?: readonly string[];
  /** `sys.maxunicode` (only matters before 3.3). */
  readonly maxunicode?: number;
}

function configVar(facts: CpythonAbiFacts, name: string): ConfigValue {
  return facts.config[name] ?? null;
}

/** The ABI tags of a CPython build (cp311, cp37m, cp313t, cp38d + cp38...). */
export function cpythonAbis(version: PythonVersion, facts: CpythonAbiFacts): string[] {
  requireVersion(version);
  const nodot = versionNodot(version);
  const major = version[0] as number;
  const minor = version[1] ?? 0;
  const atLeast = (maj: number, min: number): boolean => major > maj || (major === maj && minor >= min);
  const withDebug = configVar(facts, "Py_DEBUG");
  const debugFallback = facts.hasGettotalrefcount === true || (facts.extensionSuffixes ?? []).includes("_d.pyd");
  const debug = withDebug || (withDebug === null && debugFallback) ? "d" : "";
  const threading = atLeast(3, 13) && configVar(facts, "Py_GIL_DISABLED") ? "t" : "";
  let pymalloc = "";
  let ucs4 = "";
  const abis: string[] = [];
  if (!atLeast(3, 8)) {
    const withPymalloc = configVar(facts, "WITH_PYMALLOC");
    if (withPymalloc || withPymalloc === null) pymalloc = "m";
    if (!atLeast(3, 3)) {
      const unicodeSize = configVar(facts, "Py_UNICODE_SIZE");
      if (unicodeSize === 4 || (unicodeSize === null && facts.maxunicode === 0x10ffff)) ucs4 = "u";
    }
  } else if (debug) {
    // A debug build also loads the extension modules of a normal build.
    abis.push(`cp${nodot}${threading}`);
  }
  abis.unshift(`cp${nodot}${threading}${debug}${pymalloc}${ucs4}`);
  return abis;
}

/**
 * The ABI of a non-CPython interpreter, read from its EXT_SUFFIX (".pypy39-pp73-x86_64-linux-gnu.so"
 * → "pypy39_pp73"). A two-part suffix (".pyd", CPython ≤ 3.7 on Windows) falls back to
 * `cpythonFallback`.
 */
export function genericAbi(extSuffix: string | null, cpythonFallback?: () => string[]): string[] {
  const invalid = (): InvalidInterpreterFacts =>
    new InvalidInterpreterFacts(`invalid sysconfig.get_config_var('EXT_SUFFIX'): ${JSON.stringify(extSuffix)}`);
  if (extSuffix === null || !extSuffix.startsWith(".")) throw invalid();
  const parts = extSuffix.split(".");
  if (parts.length < 3) {
    if (cpythonFallback === undefined) throw invalid();
    return cpythonFallback();
  }
  const soabi = parts[1] as string;
  const dashed = soabi.split("-");
  let abi: string;
  if (soabi.startsWith("cpython")) {
    const v = dashed[1];
    if (v === undefined || v === "") throw invalid();
    abi = `cp${v}`;
  } else if (soabi.startsWith("cp")) {
    abi = dashed[0] as string;
  } else if (soabi.startsWith("pypy")) {
    abi = dashed.slice(0, 2).join("-");
  } else if (soabi.startsWith("graalpy")) {
    abi = dashed.slice(0, 3).join("-");
  } else if (soabi !== "") {
    abi = soabi;
  } else {
    return [];
  }
  return [abi.replace(/[-. ]/g, "_")];
}

// ------------------------------------------------------------------------------ sys_tags

/** Everything `sysTags` needs to know about one interpreter. */
export interface InterpreterFacts extends CpythonAbiFacts {
  /** `sys.implementation.name`: "cpython", "pypy", "graalpy"... */
  readonly implementationName: string;
  /** `sys.version_info[:2]`. */
  readonly pythonVersion: PythonVersion;
  /** `sysconfig.get_config_var("py_version_nodot")` when set (overrides the version digits). */
  readonly pyVersionNodot?: string | null;
  /** Explicit ABIs; by default computed from `config` (and EXT_SUFFIX for non-CPython). */
  readonly abis?: readonly string[];
  readonly platform: PlatformFacts;
}

/** The interpreter version digits: py_version_nodot when reported, else major+minor. */
export function interpreterVersion(facts: InterpreterFacts): string {
  return facts.pyVersionNodot || versionNodot(facts.pythonVersion);
}

/** The full ordered list of tags the described interpreter supports, best first. */
export function sysTags(facts: InterpreterFacts): Tag[] {
  const name = interpreterShortName(facts.implementationName);
  const platforms = platformTags(facts.platform);
  const out: Tag[] = [];
  const cpAbis = (): string[] => cpythonAbis(facts.pythonVersion, facts);
  if (name === "cp") {
    const abis = facts.abis ?? (facts.pythonVersion.length > 1 ? cpAbis() : []);
    out.push(...cpythonTags(facts.pythonVersion, abis, platforms));
  } else {
    const extSuffix = facts.config["EXT_SUFFIX"];
    const abis = facts.abis ?? genericAbi(typeof extSuffix === "string" ? extSuffix : null, cpAbis);
    out.push(...genericTags(`${name}${interpreterVersion(facts)}`, abis, platforms));
  }
  const interpreter = name === "pp" ? "pp3" : name === "cp" ? `cp${interpreterVersion(facts)}` : null;
  out.push(...compatibleTags(facts.pythonVersion, interpreter, platforms));
  return out;
}

/**
 * Order candidates (wheels, usually) by their best tag in `supported`; candidates none of whose
 * tags is supported are dropped. Ties keep their input order.
 */
export function createTagSelector(
  supported: readonly Tag[],
): <T>(candidates: Iterable<readonly [T, Iterable<Tag>]>) => T[] {
  const rank = new Map<string, number>();
  supported.forEach((tag, i) => {
    if (!rank.has(tag.toString())) rank.set(tag.toString(), i);
  });
  return <T>(candidates: Iterable<readonly [T, Iterable<Tag>]>): T[] => {
    const ranked: { item: T; best: number; order: number }[] = [];
    let order = 0;
    for (const [item, tags] of candidates) {
      let best = Infinity;
      for (const tag of tags) best = Math.min(best, rank.get(tag.toString()) ?? Infinity);
      if (best !== Infinity) ranked.push({ item, best, order });
      order++;
    }
    ranked.sort((a, b) => a.best - b.best || a.order - b.order);
    return ranked.map((r) => r.item);
  };
}
