/**
 * Where verse keeps its files, following Poetry's locations and variables so that teams mixing
 * the two tools find things where they expect, but in a `verse` folder of its own:
 *   cache:  VERSE_CACHE_DIR, else POETRY_CACHE_DIR, else the platform cache dir
 *   config: VERSE_CONFIG_DIR, else POETRY_CONFIG_DIR, else the platform config dir
 *   data:   VERSE_DATA_DIR, else POETRY_DATA_DIR, else the platform data dir
 * (`cache-dir` from config.toml overrides the cache location; the config layer passes it in.)
 */
import { homedir } from "node:os";
import { join } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

function home(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function platformBase(kind: "cache" | "config" | "data", env: Env, platform: NodeJS.Platform): string {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || join(home(env), "AppData", "Local");
    const roaming = env.APPDATA || join(home(env), "AppData", "Roaming");
    if (kind === "cache") return join(local, "verse", "Cache");
    if (kind === "config") return join(roaming, "verse");
    return join(roaming, "verse");
  }
  if (platform === "darwin") {
    if (kind === "cache") return join(home(env), "Library", "Caches", "verse");
    return join(home(env), "Library", "Application Support", "verse");
  }
  if (kind === "cache") return join(env.XDG_CACHE_HOME || join(home(env), ".cache"), "verse");
  if (kind === "config") return join(env.XDG_CONFIG_HOME || join(home(env), ".config"), "verse");
  return join(env.XDG_DATA_HOME || join(home(env), ".local", "share"), "verse");
}

export function userCacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.VERSE_CACHE_DIR || env.POETRY_CACHE_DIR || platformBase("cache", env, platform);
}

export function userConfigDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.VERSE_CONFIG_DIR || env.POETRY_CONFIG_DIR || platformBase("config", env, platform);
}

export function userDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.VERSE_DATA_DIR || env.POETRY_DATA_DIR || platformBase("data", env, platform);
}
