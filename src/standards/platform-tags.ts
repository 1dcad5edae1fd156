/**
 * Platform tags (PEP 425, PEP 600 manylinux, PEP 656 musllinux, macOS, iOS, Android, Emscripten),
 * computed as pure functions of facts the caller measured on the target interpreter. Each list
 * is ordered from most to least preferred, in the same order as packaging 26 produces it.
 * Pure: no probing; the installer passes what a Python helper script reported.
 */

/** A `(major, minor)` pair such as a glibc, musl, macOS or iOS version. */
export type VersionPair = readonly [number, number];

/** `sysconfig.get_platform()` turned into a tag: '-', '.' and ' ' become '_'. */
export function normalizePlatformName(text: string): string {
  return text.replace(/[-. ]/g, "_");
}

// ----------------------------------------------------------------------------------- macOS

/** The architecture a 32-bit interpreter on a 64-bit Mac actually runs as. */
export function macArch(arch: string, is32bit: boolean): string {
  if (!is32bit) return arch;
  return arch.startsWith("ppc") ? "ppc" : "i386";
}

function pairLess(a: VersionPair, b: VersionPair): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** The binary formats (fat, universal...) a given macOS version and CPU can load. */
export function macBinaryFormats(version: VersionPair, arch: string): string[] {
  const formats = [arch];
  switch (arch) {
    case "x86_64":
      if (pairLess(version, [10, 4])) return [];
      formats.push("intel", "fat64", "fat3");
      break;
    case "i386":
      if (pairLess(version, [10, 4])) return [];
      formats.push("intel", "fat3", "fat");
      break;
    case "ppc64":
      // 64-bit PowerPC binaries only ran on 10.4 and 10.5.
      if (pairLess([10, 5], version) || pairLess(version, [10, 4])) return [];
      formats.push("fat64");
      break;
    case "ppc":
      if (pairLess([10, 6], version)) return [];
      formats.push("fat3", "fat");
      break;
  }
  if (arch === "arm64" || arch === "x86_64") formats.push("universal2");
  if (arch === "x86_64" || arch === "i386" || arch === "intel" || arch === "ppc" || arch === "ppc64") {
    formats.push("universal");
  }
  return formats;
}

/**
 * macOS platform tags for a given OS version and (already `macArch`-adjusted) architecture.
 * The caller must pass the real version: a Python built against an old SDK reports 10.16 for
 * every macOS 11+, and the helper script has to ask with SYSTEM_VERSION_COMPAT=0.
 */
export function macPlatforms(version: VersionPair, arch: string): string[] {
  const out: string[] = [];
  const [major, minor] = version;
  const emit = (maj: number, min: number, formats: readonly string[]): void => {
    for (const f of formats) out.push(`macosx_${maj}_${min}_${f}`);
  };
  if (major === 10) {
    for (let m = minor; m >= 0; m--) emit(10, m, macBinaryFormats([10, m], arch));
    return out;
  }
  if (major < 10) return out;
  // From macOS 11 on only the major version counts for compatibility: 11_0, 12_0, ...
  for (let maj = major; maj > 10; maj--) emit(maj, 0, macBinaryFormats([maj, 0], arch));
  // x86_64 binaries for 10.x still load; arm64 did not exist before 11 but a universal2
  // binary may carry an older deployment target for its x86_64 half.
  for (let m = 16; m > 3; m--) {
    emit(10, m, arch === "x86_64" ? macBinaryFormats([10, m], arch) : ["universal2"]);
  }
  return out;
}

// ------------------------------------------------------------------------------------ Linux

/** Facts about a Linux interpreter needed for its platform tags. */
export interface LinuxFacts {
  /** `sysconfig.get_platform()`, e.g. "linux-x86_64". */
  readonly sysconfigPlatform: string;
  /** True when the interpreter is 32-bit (`sys.maxsize <= 2**32`). */
  readonly is32bit: boolean;
  /** glibc version, or null on a non-glibc system. */
  readonly glibc: VersionPair | null;
  /** musl version, or null on a non-musl system. */
  readonly musl: VersionPair | null;
  /**
   * Whether the interpreter's ELF ABI is one manylinux covers (armhf not armel, i686 not x32,
   * ...). Defaults to true.
   */
  readonly haveCompatibleAbi?: boolean;
  /**
   * The answer of the `_manylinux` module's hooks, if the interpreter has one: true/false to
   * force, null to fall back to the glibc comparison. The legacy `manylinux1_compatible`,
   * `manylinux2010_compatible` and `manylinux2014_compatible` attributes map onto glibc 2.5,
   * 2.12 and 2.17.
   */
  readonly manylinuxCompatible?: (major: number, minor: number, arch: string) => boolean | null;
}

const LEGACY_MANYLINUX = new Map<string, string>([
  ["2_17", "manylinux2014"],
  ["2_12", "manylinux2010"],
  ["2_5", "manylinux1"],
]);

/** glibc 3.x would make every 2.y below it compatible; 2.50 is the assumed last 2.y. */
const LAST_GLIBC_MINOR = 50;

function glibcCompatible(facts: LinuxFacts, glibc: VersionPair, major: number, minor: number, arch: string): boolean {
  if (pairLess(glibc, [major, minor])) return false;
  const hook = facts.manylinuxCompatible?.(major, minor, arch);
  return hook === undefined || hook === null ? true : hook;
}

/** manylinux tags for the given architectures, newest glibc first, legacy aliases inline. */
export function manylinuxPlatforms(facts: LinuxFacts, archs: readonly string[]): string[] {
  const glibc = facts.glibc;
  if (glibc === null || facts.haveCompatibleAbi === false) return [];
  // manylinux starts at glibc 2.5 on Intel and at 2.17 (manylinux2014) everywhere else.
  const oldestMinor = archs.includes("x86_64") || archs.includes("i686") ? 5 : 17;
  const maxima: VersionPair[] = [glibc];
  for (let major = glibc[0] - 1; major > 1; major--) maxima.push([major, LAST_GLIBC_MINOR]);
  const out: string[] = [];
  for (const arch of archs) {
    for (const [major, maxMinor] of maxima) {
      const lowest = major === 2 ? oldestMinor : 0;
      for (let minor = maxMinor; minor >= lowest; minor--) {
        if (!glibcCompatible(facts, glibc, major, minor, arch)) continue;
        out.push(`manylinux_${major}_${minor}_${arch}`);
        const legacy = LEGACY_MANYLINUX.get(`${major}_${minor}`);
        if (legacy !== undefined) out.push(`${legacy}_${arch}`);
      }
    }
  }
  return out;
}

/** musllinux tags for the given architectures (PEP 656). */
export function musllinuxPlatforms(musl: VersionPair | null, archs: readonly string[]): string[] {
  if (musl === null) return [];
  const out: string[] = [];
  for (const arch of archs) {
    for (let minor = musl[1]; minor >= 0; minor--) out.push(`musllinux_${musl[0]}_${minor}_${arch}`);
  }
  return out;
}

/** Every platform tag of a Linux interpreter: linux_*, then manylinux, then musllinux. */
export function linuxPlatforms(facts: LinuxFacts): string[] {
  let linux = normalizePlatformName(facts.sysconfigPlatform);
  if (!linux.startsWith("linux_")) return [linux];
  if (facts.is32bit) {
    // A 32-bit interpreter on a 64-bit kernel runs the 32-bit flavour of the architecture.
    if (linux === "linux_x86_64") linux = "linux_i686";
    else if (linux === "linux_aarch64") linux = "linux_armv8l";
  }
  const arch = linux.slice("linux_".length);
  // armv8l (32-bit userland on a 64-bit ARM CPU) also runs armv7l binaries.
  const archs = arch === "armv8l" ? ["armv8l", "armv7l"] : [arch];
  return [
    ...archs.map((a) => `linux_${a}`),
    ...manylinuxPlatforms(facts, archs),
    ...musllinuxPlatforms(facts.musl, archs),
  ];
}

// ---------------------------------------------------------------------------- iOS, Android

/** iOS platform tags; `multiarch` is `sys.implementation._multiarch`, e.g. "arm64-iphoneos". */
export function iosPlatforms(version: VersionPair, multiarch: string): string[] {
  const [major, minor] = version;
  if (major < 12) return []; // the oldest iOS with a supported Python is 12.0
  const suffix = normalizePlatformName(multiarch);
  const out: string[] = [];
  for (let m = minor; m >= 0; m--) out.push(`ios_${major}_${m}_${suffix}`);
  // Minor versions of earlier majors are assumed to stop at 9.
  for (let maj = major - 1; maj >= 12; maj--) {
    for (let m = 9; m >= 0; m--) out.push(`ios_${maj}_${m}_${suffix}`);
  }
  return out;
}

/** Android platform tags, from the API level down to 16 (the oldest supported). */
export function androidPlatforms(apiLevel: number, abi: string): string[] {
  const suffix = normalizePlatformName(abi);
  const out: string[] = [];
  for (let level = apiLevel; level >= 16; level--) out.push(`android_${level}_${suffix}`);
  return out;
}

// ------------------------------------------------------------------------------- Emscripten

/**
 * Emscripten (Pyodide) platform tags: the PEP 783 `pyemscripten_<ver>_<arch>` tag when the
 * interpreter declares one, then the plain emscripten tag.
 */
export function emscriptenPlatforms(sysconfigPlatform: string, pyemscriptenVersion: string | null): string[] {
  const plain = normalizePlatformName(sysconfigPlatform);
  if (pyemscriptenVersion === null || pyemscriptenVersion === "") return [plain];
  const arch = plain.slice(plain.lastIndexOf("_") + 1);
  return [`pyemscripten_${pyemscriptenVersion}_${arch}`, plain];
}

// ---------------------------------------------------------------------------------- dispatch

/** What the caller knows about the platform of an interpreter. */
export type PlatformFacts =
  | { readonly system: "macos"; readonly version: VersionPair; readonly machine: string; readonly is32bit: boolean }
  | ({ readonly system: "linux" } & LinuxFacts)
  | { readonly system: "ios"; readonly version: VersionPair; readonly multiarch: string }
  | { readonly system: "android"; readonly apiLevel: number; readonly abi: string }
  | {
      readonly system: "emscripten";
      readonly sysconfigPlatform: string;
      readonly pyemscriptenVersion: string | null;
    }
  /** Windows and everything else: the normalized `sysconfig.get_platform()`. */
  | { readonly system: "windows" | "other"; readonly sysconfigPlatform: string };

/** The ordered platform tags of a described platform. */
export function platformTags(facts: PlatformFacts): string[] {
  switch (facts.system) {
    case "macos":
      return macPlatforms(facts.version, macArch(facts.machine, facts.is32bit));
    case "linux":
      return linuxPlatforms(facts);
    case "ios":
      return iosPlatforms(facts.version, facts.multiarch);
    case "android":
      return androidPlatforms(facts.apiLevel, facts.abi);
    case "emscripten":
      return emscriptenPlatforms(facts.sysconfigPlatform, facts.pyemscriptenVersion);
    case "windows":
    case "other":
      return [normalizePlatformName(facts.sysconfigPlatform)];
  }
}
