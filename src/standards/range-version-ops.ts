/**
 * Version arithmetic the constraint algebra needs (Poetry's bumps keep the precision the user
 * wrote: ^1.2 ends at 2.0, ^1 at 2). Private to range*.ts and constraint*.ts; built on the public
 * Version API and version-bump.ts; what is here has no equal there (Poetry's `stable` keeps a
 * post-release, version-bump's does not). Numbers go through exactParts() so huge segments never round.
 */
import { Version, type Num } from "./version.ts";
import { firstDevrelease, nextMajor, nextMinor, nextPatch, releaseNext } from "./version-bump.ts";

const inc = (n: Num): Num => (typeof n === "bigint" ? n + 1n : n + 1 > Number.MAX_SAFE_INTEGER ? BigInt(n) + 1n : n + 1);
const dec = (n: Num): Num | null => (typeof n === "bigint" ? n - 1n : n > 0 ? n - 1 : null);
const isZero = (n: Num): boolean => n === 0 || n === 0n;

interface Parts {
  epoch: Num;
  release: readonly Num[];
  pre: readonly [string, Num] | null;
  post: Num | null;
  dev: Num | null;
  local: string | null;
}

function partsOf(v: Version): Parts {
  const x = v.exactParts();
  return {
    epoch: x.epoch,
    release: x.release,
    pre: v.pre ? [v.pre[0], x.preN] : null,
    post: x.post,
    dev: x.dev,
    local: v.local,
  };
}

function build(p: Parts): Version {
  return Version.fromParts({ epoch: p.epoch, release: p.release, pre: p.pre, post: p.post, dev: p.dev, local: p.local });
}

/** The version without post, dev and local parts: what ">V" compares a post-release by. */
export function withoutPostAndLocal(v: Version): Version {
  if (v.post === null && v.local === null) return v;
  return build({ ...partsOf(v), post: null, dev: null, local: null });
}

/**
 * Poetry's `stable`: a pre-release collapses to its release (post dropped too); a dev-only
 * release loses the dev part; a final release (local included) stays as it is.
 */
export function stable(v: Version): Version {
  if (v.pre !== null) return build({ ...partsOf(v), pre: null, post: null, dev: null, local: null });
  if (v.dev !== null) return build({ ...partsOf(v), dev: null });
  return v;
}

/**
 * The caret bound: the next version that changes the left-most non-zero component of the
 * stable release (^1.0a1 ends at 2.0, ^0.2 at 0.3, ^0.0.3 at 0.0.4).
 */
export function nextBreaking(v: Version): Version {
  const base = stable(v);
  const r = base.exactParts().release;
  if (!isZero(r[0]!) || r.length === 1) return nextMajor(base);
  if (!isZero(r[1]!) || r.length === 2) return nextMinor(base);
  return nextPatch(base);
}

/**
 * The half-open range a wildcard `V.*` covers, as [min, max): 2.* -> [2.dev0, 3.dev0),
 * 2.0a1.* -> [2.0a1.dev0, 2.0a2.dev0), 2.0.post1.* -> [2.0.post1.dev0, 2.0.post2.dev0),
 * 2.0.dev0.* -> [2.0.dev0, 2.0.dev1).
 */
export function wildcardBounds(v: Version): [Version, Version] {
  const p = partsOf(v);
  if (p.dev !== null) return [v, build({ ...p, dev: inc(p.dev) })];
  let next: Parts;
  if (p.post !== null) next = { ...p, post: inc(p.post) };
  else if (p.pre !== null) next = { ...p, pre: [p.pre[0], inc(p.pre[1])] };
  else next = { ...p, release: releaseNext(p.release), local: null };
  return [firstDevrelease(v), firstDevrelease(build(next))];
}

/**
 * The inverse of wildcardBounds for release and post wildcards, read from the upper bound:
 * 1.3.dev0 -> 1.2 and 2.0.post2.dev0 -> 2.0.post1. Trailing zeros of the release are dropped
 * first (1.3.0.0 -> 1.2), so padded spellings of the same wildcard are recognized. Returns null
 * when `upper` cannot end a wildcard (pre-release, local, a dev other than dev0, nothing left
 * to decrement).
 */
export function wildcardBaseBelow(upper: Version): Version | null {
  const p = partsOf(upper);
  if (p.pre !== null || p.local !== null || (p.dev !== null && !isZero(p.dev))) return null;
  if (p.post !== null) {
    const post = dec(p.post);
    return post === null ? null : build({ ...p, post, dev: null });
  }
  const release = [...p.release];
  while (release.length > 0 && isZero(release[release.length - 1]!)) release.pop();
  if (release.length === 0) return null;
  release[release.length - 1] = dec(release[release.length - 1]!)!;
  return build({ epoch: p.epoch, release, pre: null, post: null, dev: null, local: null });
}

/** `v` without a dev0 part, or null when it has a pre-release, a local or another dev number. */
export function withoutDev0(v: Version, devRequired: boolean): Version | null {
  if (v.pre !== null || v.local !== null) return null;
  if (v.dev === null) return devRequired ? null : v;
  if (v.dev !== 0) return null;
  return build({ ...partsOf(v), dev: null });
}
