export { userCacheDir, userConfigDir, userDataDir, type Env } from "./dirs.ts";
