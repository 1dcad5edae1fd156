/**
 * The version each file of a project page carries, read from its file name, and the page's files
 * in ascending version order. The client does this once, when a page is fetched, and the cache
 * keeps the result: every later read (the resolver listing a project's releases, on every lock)
 * then neither parses file names nor sorts, which was most of the cost of a large page such as
 * botocore's (a thousand versions and more).
 */
import { canonicalizeName } from "../standards/names.ts";
import { compareVersions, Version } from "../standards/version.ts";
import type { PackageFile } from "./types.ts";

/**
 * The version text in a distribution's file name when the file belongs to `name` (normalized),
 * as spelled there; null otherwise. A fast path over the file name alone: `{name}-{version}-...whl`
 * (the escaped name has no "-") or `{name}-{version}.tar.gz|.zip` (older sdists may keep "-" in
 * the name). `names` remembers which name spellings are `name`, across the files of one page.
 */
export function fileVersionText(filename: string, name: string, names: Map<string, boolean> = new Map()): string | null {
  const isName = (raw: string): boolean => {
    let yes = names.get(raw);
    if (yes === undefined) names.set(raw, (yes = canonicalizeName(raw) === name));
    return yes;
  };
  if (filename.endsWith(".whl")) {
    // name-version-[build-]python-abi-platform.whl: four dashes at least.
    const a = filename.indexOf("-");
    const b = filename.indexOf("-", a + 1);
    const c = b < 0 ? -1 : filename.indexOf("-", b + 1);
    if (a <= 0 || c < 0 || filename.indexOf("-", c + 1) < 0 || !isName(filename.slice(0, a))) return null;
    return filename.slice(a + 1, b);
  }
  const base = filename.endsWith(".tar.gz") ? filename.slice(0, -7) : filename.endsWith(".zip") ? filename.slice(0, -4) : null;
  if (base === null) return null;
  for (let i = base.indexOf("-"); i > 0; i = base.indexOf("-", i + 1)) {
    if (isName(base.slice(0, i))) return base.slice(i + 1);
  }
  return null;
}

/** True when every file already has its `version` (a page read from a cache written before it had them has none). */
export function hasVersions(files: readonly PackageFile[]): boolean {
  return files.every((f) => f.version !== undefined);
}

/** Each file with its normalized `version` (null: not a distribution of `name`), ascending; files without a version last. */
export function withVersions(files: readonly PackageFile[], name: string): PackageFile[] {
  const names = new Map<string, boolean>();
  return sortByVersion(
    files.map((f) => {
      const text = fileVersionText(f.filename, name, names);
      const v = text === null ? null : Version.tryParse(text);
      return { ...f, version: v === null ? null : v.toString() };
    }),
  );
}

/** Files that have their `version`, in ascending version order (stable; files without one last). */
export function sortByVersion(files: readonly PackageFile[]): PackageFile[] {
  const keyed = files.map((f) => ({ f, v: f.version == null ? null : Version.tryParse(f.version) }));
  keyed.sort((a, b) => (a.v === null ? (b.v === null ? 0 : 1) : b.v === null ? -1 : compareVersions(a.v, b.v)));
  return keyed.map((k) => k.f);
}
