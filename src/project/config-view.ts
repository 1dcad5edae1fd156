/** How `verse config` shows settings: `poetry config --list`'s `key = value` lines. */
import type { Config } from "./config.ts";
import { resolveKey, requireKey, type ConfigValue } from "./config-keys.ts";

/** A value as `poetry config --list` prints it: strings quoted, null, booleans, numbers, tables. */
export function renderConfigValue(value: ConfigValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${renderConfigValue(v)}`).join(", ")}}`;
  }
  return String(value);
}

/** Every setting but the credentials, sorted; a path that refers to another key shows what it becomes. */
export function configListLines(config: Config): string[] {
  const out: string[] = [];
  for (const entry of config.list()) {
    if (resolveKey(entry.key)?.spec.secret) continue;
    const raw = renderConfigValue(entry.value);
    const effective = renderConfigValue(config.get(entry.key));
    out.push(effective !== raw ? `${entry.key} = ${raw}  # ${String(config.get(entry.key))}` : `${entry.key} = ${raw}`);
  }
  return out;
}

/**
 * `verse config <key>`: the effective value (strings unquoted, as Poetry prints them). A
 * repository name alone (`repositories.foo`) shows its table.
 */
export function configValueText(config: Config, key: string): string {
  const group = /^(repositories|certificates)\.([^.]+)$/.exec(key);
  if (group) {
    const prefix = `${key}.`;
    const entries = config.list().filter((e) => e.key.startsWith(prefix));
    if (entries.length > 0) return `{${entries.map((e) => `${JSON.stringify(e.key.slice(prefix.length))}: ${renderConfigValue(config.get(e.key))}`).join(", ")}}`;
  }
  const r = requireKey(key);
  if (r.spec.secret) return config.entry(r.key).value === null ? "null" : "**********";
  const value = config.get(r.key);
  return typeof value === "string" ? value : renderConfigValue(value);
}
