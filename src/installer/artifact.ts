/**
 * Which file of a locked package this interpreter installs: the best-ranked compatible wheel,
 * else the sdist (to be built), else the package's own source (a directory, a git checkout, a
 * URL). `installer.no-binary` / `only-binary` move the choice as Poetry does.
 */
import { isAbsolute, resolve } from "node:path";
import type { LockedFile, LockedPackage } from "../lock/index.ts";
import { parseWheelFilename } from "../standards/filename.ts";
import { canonicalizeName } from "../standards/names.ts";
import { createTagSelector, type Tag } from "../standards/tags.ts";
import { NoCompatibleArtifactError } from "./errors.ts";

export type Artifact =
  | { readonly kind: "wheel"; readonly file: LockedFile; readonly sha256: string | null }
  | { readonly kind: "sdist"; readonly file: LockedFile; readonly sha256: string | null }
  | { readonly kind: "directory"; readonly path: string; readonly develop: boolean }
  | { readonly kind: "local-file"; readonly path: string; readonly file: LockedFile | null }
  | { readonly kind: "url"; readonly url: string; readonly file: LockedFile | null }
  | { readonly kind: "vcs"; readonly vcs: string; readonly url: string; readonly rev: string; readonly subdirectory: string | null };

/** `:all:`, `:none:` or a comma list of names. */
export interface BinaryPolicy {
  readonly noBinary: string | null;
  readonly onlyBinary: string | null;
}

function listed(spec: string | null, name: string): boolean {
  if (spec === null || spec.trim() === "" || spec.trim() === ":none:") return false;
  const parts = spec.split(",").map((s) => s.trim());
  return parts.includes(":all:") || parts.map((p) => canonicalizeName(p)).includes(canonicalizeName(name));
}

function sha256Of(file: LockedFile): string | null {
  const m = /^sha256:([0-9a-f]{64})$/i.exec(file.hash);
  return m ? (m[1] as string).toLowerCase() : null;
}

// One selector per tag list: building one ranks every supported tag (about a thousand on
// manylinux), which done per package cost more than the rest of planning.
const selectors = new WeakMap<readonly Tag[], ReturnType<typeof createTagSelector>>();
function selectorFor(tags: readonly Tag[]): ReturnType<typeof createTagSelector> {
  let s = selectors.get(tags);
  if (s === undefined) {
    s = createTagSelector(tags);
    selectors.set(tags, s);
  }
  return s;
}

/** Pick the artifact; `lockDir` resolves relative path sources. */
export function chooseArtifact(pkg: LockedPackage, tags: readonly Tag[], policy: BinaryPolicy, lockDir: string): Artifact {
  const src = pkg.source;
  const type = src?.type ?? null;
  if (src !== null && type !== null && type !== "legacy") {
    const path = isAbsolute(src.url) ? src.url : resolve(lockDir, src.url);
    if (type === "directory") return { kind: "directory", path, develop: pkg.develop === true };
    if (type === "file") return { kind: "local-file", path, file: pkg.files[0] ?? null };
    if (type === "url") return { kind: "url", url: src.url, file: pkg.files[0] ?? null };
    if (type === "git" || type === "hg" || type === "svn" || type === "bzr") {
      return { kind: "vcs", vcs: type, url: src.url, rev: src.resolvedReference ?? src.reference ?? "HEAD", subdirectory: src.subdirectory };
    }
  }
  const wheels: [LockedFile, Tag[]][] = [];
  const sdists: LockedFile[] = [];
  for (const f of pkg.files) {
    if (f.file.endsWith(".whl")) {
      try {
        wheels.push([f, parseWheelFilename(f.file).tags as Tag[]]);
      } catch {
        // a wheel whose name does not parse cannot be matched against tags
      }
    } else if (/\.(tar\.gz|zip|tar\.bz2|tgz)$/.test(f.file)) sdists.push(f);
  }
  const noBinary = listed(policy.noBinary, pkg.name);
  const onlyBinary = listed(policy.onlyBinary, pkg.name);
  const best = selectorFor(tags)(wheels)[0];
  if (best !== undefined && !(noBinary && sdists.length > 0)) return { kind: "wheel", file: best, sha256: sha256Of(best) };
  const sdist = sdists[0];
  if (sdist !== undefined && !onlyBinary) return { kind: "sdist", file: sdist, sha256: sha256Of(sdist) };
  const why = wheels.length === 0 ? (onlyBinary ? "it has no wheels and installer.only-binary forbids building its sdist" : "the lock file lists no files for it") : "none of its wheels matches this interpreter";
  throw new NoCompatibleArtifactError(`Cannot install ${pkg.name} (${pkg.version}): ${why}.`, {
    hint: wheels.length > 0 ? `Available wheels: ${wheels.map(([f]) => f.file).join(", ")}` : "Run `verse lock` to refresh the lock file.",
  });
}

/** A stable identity of what gets installed: a different value means reinstall. */
export function artifactId(a: Artifact): string {
  switch (a.kind) {
    case "wheel":
    case "sdist":
      return a.file.hash;
    case "directory":
      return `dir:${a.path}`;
    case "local-file":
      return `file:${a.path}:${a.file?.hash ?? ""}`;
    case "url":
      return `url:${a.url}`;
    case "vcs":
      return `${a.vcs}:${a.url}@${a.rev}`;
  }
}
