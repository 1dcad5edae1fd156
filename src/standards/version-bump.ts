/**
 * Poetry's version arithmetic (poetry-core's PEP440Version helpers and `poetry version <rule>`),
 * as pure functions over PEP 440 versions. Pure, no I/O.
 *
 * Poetry keeps the release's precision: the next major of "1.2" is "2.0", of "1.2.3" is "2.0.0".
 * Poetry calls a version unstable when it has a pre-release or dev segment.
 */
import { InvalidVersion, Version, type Num, type PreLetter, type VersionParts } from "./version.ts";

export type TagPhase = PreLetter | "post" | "dev";
export interface ReleaseTag {
  readonly phase: TagPhase;
  readonly number: Num;
}

const PHASES: Record<string, TagPhase> = {
  a: "a", alpha: "a", b: "b", beta: "b", c: "rc", rc: "rc", pre: "rc", preview: "rc",
  post: "post", r: "post", rev: "post", "-": "post", dev: "dev",
};

const inc = (n: Num): Num => (typeof n === "bigint" ? n + 1n : Number.isSafeInteger(n + 1) ? n + 1 : BigInt(n) + 1n);

/** A release tag with its phase spelled the normal way ("alpha" -> "a", "rev" -> "post"). */
export function releaseTag(phase: string, number: Num = 0): ReleaseTag {
  const normal = PHASES[phase.toLowerCase()];
  if (normal === undefined) {
    throw new InvalidVersion(`Unknown release phase: '${phase}'`, "Use a, b, rc (pre-releases), post or dev.");
  }
  return { phase: normal, number };
}

/** The same phase, one number up. */
export function nextTag(tag: ReleaseTag): ReleaseTag {
  return { phase: tag.phase, number: inc(tag.number) };
}

/** alpha -> beta -> rc; null after rc and for post/dev. */
export function nextPhase(tag: ReleaseTag): ReleaseTag | null {
  if (tag.phase === "a") return { phase: "b", number: 0 };
  if (tag.phase === "b") return { phase: "rc", number: 0 };
  return null;
}

// Release segments. `parts` keeps its precision (length); arithmetic is exact.

/** The last segment one up: 1.2.3 -> 1.2.4, 0.0 -> 0.1. */
export function releaseNext(parts: readonly Num[]): Num[] {
  return [...parts.slice(0, -1), inc(parts[parts.length - 1]!)];
}

export function releaseNextMajor(parts: readonly Num[]): Num[] {
  return [inc(parts[0]!), ...parts.slice(1).map(() => 0)];
}

/** Grows to at least two segments: 1 -> 1.1. */
export function releaseNextMinor(parts: readonly Num[]): Num[] {
  const rest = Math.max(0, parts.length - 2);
  return [parts[0]!, inc(parts[1] ?? 0), ...Array<Num>(rest).fill(0)];
}

/** Grows to at least three segments: 1 -> 1.0.1. */
export function releaseNextPatch(parts: readonly Num[]): Num[] {
  const rest = Math.max(0, parts.length - 3);
  return [parts[0]!, parts[1] ?? 0, inc(parts[2] ?? 0), ...Array<Num>(rest).fill(0)];
}

/** Releases compare with missing segments read as 0: 1.2 == 1.2.0, 1.2.3 != 1.2. */
export function releasesEqual(a: readonly Num[], b: readonly Num[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}

// Poetry's view of a version.

export const isUnstable = (v: Version): boolean => v.pre !== null || v.dev !== null;
export const isStable = (v: Version): boolean => !isUnstable(v);
/** No pre, post or dev segment (a local label is allowed). */
export const isNoSuffixRelease = (v: Version): boolean => v.pre === null && v.post === null && v.dev === null;

/** major, minor, patch (null when the release is shorter) and the segments past the third. */
export function releaseProperties(v: Version): { major: number; minor: number | null; patch: number | null; extra: number[] } {
  const r = v.release;
  return { major: r[0]!, minor: r[1] ?? null, patch: r[2] ?? null, extra: r.slice(3) };
}

function build(v: Version, parts: Omit<VersionParts, "epoch">): Version {
  return Version.fromParts({ epoch: v.exactParts().epoch, ...parts });
}

const tagOf = (v: Version): ReleaseTag | null => (v.pre ? { phase: v.pre[0], number: v.exactParts().preN } : null);
const preParts = (tag: ReleaseTag | null): readonly [string, Num] | null => (tag ? [tag.phase, tag.number] : null);

/**
 * The next version at a precision: when `v` is a pre-release of the release with the lower
 * segments zeroed (1.0a1 -> 1.0), that release; otherwise the bumped release.
 */
function bump(v: Version, keep: number, next: (parts: readonly Num[]) => Num[]): Version {
  const release = v.exactParts().release;
  const base = build(v, { release: release.map((x, k) => (k < keep ? x : 0)) });
  if (base.compare(v.withoutLocal()) > 0) return base;
  return build(v, { release: next(release) });
}

export const nextMajor = (v: Version): Version => bump(v, 1, releaseNextMajor);
export const nextMinor = (v: Version): Version => bump(v, 2, releaseNextMinor);
export const nextPatch = (v: Version): Version => bump(v, 3, releaseNextPatch);

/** Unstable: the release it leads to. Stable: the release's last segment one up (local kept). */
export function nextStable(v: Version): Version {
  const { release } = v.exactParts();
  if (isUnstable(v)) return build(v, { release, local: v.local });
  return build(v, { release: releaseNext(release), local: v.local });
}

/** The release without pre, post, dev and local segments when unstable; else `v` itself. */
export function stable(v: Version): Version {
  return isStable(v) ? v : build(v, { release: v.exactParts().release });
}

/**
 * 1.2a1 -> 1.2a2; a dev release of a pre-release leads to it (1.2a1.dev0 -> 1.2a1); no pre-release
 * -> a0. With `phase`, the next phase instead (a1 -> b0, b -> rc0, rc -> the final release).
 */
export function nextPrerelease(v: Version, phase = false): Version {
  const { release } = v.exactParts();
  const pre = tagOf(v);
  if (pre === null) return build(v, { release, pre: ["a", 0] });
  if (phase) return build(v, { release, pre: preParts(nextPhase(pre)) });
  if (v.dev !== null && v.post === null) return build(v, { release, pre: preParts(pre) });
  return build(v, { release, pre: preParts(nextTag(pre)) });
}

/** 1 -> 1.post0, 1.post1 -> 1.post2, 1.post1.dev0 -> 1.post1, 1.dev0 -> 1.post0. */
export function nextPostrelease(v: Version): Version {
  const { release, post } = v.exactParts();
  const nextPost = post === null ? 0 : v.dev !== null ? post : inc(post);
  return build(v, { release, pre: preParts(tagOf(v)), post: nextPost });
}

/** 1.dev0 -> 1.dev1; without a dev segment, .dev0 is appended. */
export function nextDevrelease(v: Version): Version {
  const { release, post, dev } = v.exactParts();
  return build(v, { release, pre: preParts(tagOf(v)), post, dev: dev === null ? 0 : inc(dev) });
}

/** The release with a0: 1.2.3rc1.post2 -> 1.2.3a0. */
export function firstPrerelease(v: Version): Version {
  return build(v, { release: v.exactParts().release, pre: ["a", 0] });
}

/** The same pre and post segments with dev0: 1.post2 -> 1.post2.dev0. */
export function firstDevrelease(v: Version): Version {
  const { release, post } = v.exactParts();
  return build(v, { release, pre: preParts(tagOf(v)), post, dev: 0 });
}

export const withoutLocal = (v: Version): Version => v.withoutLocal();

/** Drops the post segment (and a dev segment that belongs to it). */
export function withoutPostrelease(v: Version): Version {
  if (v.post === null) return v;
  return v.replace({ post: null, dev: null });
}

export function withoutDevrelease(v: Version): Version {
  return v.dev === null ? v : v.replace({ dev: null });
}

export type BumpRule = "major" | "minor" | "patch" | "premajor" | "preminor" | "prepatch" | "prerelease";
export const BUMP_RULES: readonly BumpRule[] = ["major", "minor", "patch", "premajor", "preminor", "prepatch", "prerelease"];

/**
 * `poetry version <rule> [--next-phase]`: 1.2.3b1 patch -> 1.2.3, 1.2.3 prerelease -> 1.2.4a0,
 * 1.2.3a1 prerelease --next-phase -> 1.2.3b0, 1.2.3 premajor -> 2.0.0a0.
 */
export function bumpVersion(v: Version, rule: BumpRule, phase = false): Version {
  switch (rule) {
    case "major": return nextMajor(v);
    case "minor": return nextMinor(v);
    case "patch": return nextPatch(v);
    case "premajor": return firstPrerelease(nextMajor(v));
    case "preminor": return firstPrerelease(nextMinor(v));
    case "prepatch": return firstPrerelease(nextPatch(v));
    case "prerelease": return isUnstable(v) ? nextPrerelease(v, phase) : firstPrerelease(nextPatch(v));
  }
}
