/** poetry.lock: the typed model, reading (1.x, 2.0, 2.1), writing 2.1 as Poetry 2 does, content-hash, freshness. */
export type {
  DependencyConstraint, Lock, LockedDependency, LockedFile, LockedPackage, LockedSource, LockMetadata, PackageMarkers, VcsKind,
} from "./model.ts";
export { LOCK_VERSION } from "./model.ts";
export { readLock, parseLock, type ReadOptions } from "./read.ts";
export { writeLock } from "./write.ts";
export { renderLock, headerLine, POETRY_COMPAT_VERSION, type RenderOptions } from "./render.ts";
export { contentHash, contentHashOfText, relevantContent, type ContentHashVariant } from "./content-hash.ts";
export { isFresh, assertFresh } from "./fresh.ts";
export { LockFileError, LockNotFoundError, StaleLockError, ContentHashError, REGENERATE_HINT } from "./errors.ts";
export { exportedPackages, pythonMarkerOf, applyExtras, ExportError, type ExportSelection, type ExportedPackage } from "./export-packages.ts";
export { renderRequirements, type TextFormat, type TextExportOptions, type TextExport } from "./export-requirements.ts";
export { renderPylock, indexFileInfo, PYPI_INDEX, type PylockOptions, type RemoteFileInfo, type ListedFile } from "./export-pylock.ts";
export { type DirectSourceReader, type DirectSourceRequest, type DirectSourceInfo } from "./direct-deps.ts";
export { lockProject, existingLock, closeNames, indexProjectNames, type LockRequest, type LockOutcome } from "./lock-project.ts";
export { packagesInGroups, findPackage, dependents, listLines, treeLines, whyLines, detailLines, type ShowRow } from "./show-view.ts";
export { lockChanges, changeLine, droppedPackages, type LockChange } from "./update-diff.ts";
