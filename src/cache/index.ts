export { userCacheDir, userConfigDir, userDataDir, type Env } from "./dirs.ts";
export { BUCKETS, CacheLayout, safeSegment } from "./layout.ts";
export { Cache, sha256File, type CachedPage } from "./store.ts";
export { withFileLock, LockTimeoutError, type LockOptions } from "./lock.ts";
export { atomicWriteFile, atomicMoveDir, tempPath } from "./atomic.ts";
export { clearCache, listCachedSources, parseClearTarget, type ClearTarget } from "./commands.ts";
