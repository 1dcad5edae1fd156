/**
 * The public surface of the packaging standards core: import from here unless a module's
 * internals are needed. Pure: nothing below does I/O or reads the environment.
 *
 * Left out on purpose: the helpers the modules share among themselves (range-version-ops,
 * range-regions, specifier-ranges, generic-constraint, the markers-* building blocks), whose
 * short names (`union`, `intersect`, `stable`...) would read ambiguously at a call site.
 */
export * from "./version.ts";
export {
  BUMP_RULES, bumpVersion, firstDevrelease, firstPrerelease, isStable, isUnstable, nextDevrelease, nextMajor, nextMinor,
  nextPatch, nextPostrelease, nextPrerelease, nextStable, withoutDevrelease, withoutLocal, withoutPostrelease,
  type BumpRule,
} from "./version-bump.ts";
export * from "./specifier.ts";
export * from "./range.ts";
export * from "./constraint.ts";
export * from "./add-spec.ts";
export * from "./markers.ts";
export * from "./requirement.ts";
export * from "./poetry-requirement.ts";
export * from "./poetry-dependency.ts";
export * from "./names.ts";
export * from "./filename.ts";
export * from "./tags.ts";
export * from "./platform-tags.ts";
export * from "./metadata.ts";
export * from "./record.ts";
