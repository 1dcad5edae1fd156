/** What `verse cache list` and `verse cache clear` do (the command files are thin glue). */
import { UsageError } from "../errors.ts";
import { Cache } from "./store.ts";

export function listCachedSources(root: string): string[] {
  return new Cache(root).listSources();
}

export type ClearTarget = { kind: "all" } | { kind: "source"; source: string } | { kind: "project"; source: string; project: string };

/** Parse `cache clear [<source>[:<name>[:<version>]]] [--all]` as Poetry does. */
export function parseClearTarget(arg: string | undefined, all: boolean): ClearTarget {
  if (arg === undefined || arg === "") {
    if (all) return { kind: "all" };
    throw new UsageError("Name the cache to clear, or pass --all to clear everything.", "Run `verse cache list` to see the caches, e.g. `verse cache clear pypi --all`.");
  }
  const [source, project, version] = arg.split(":");
  if (project === undefined || project === "") {
    if (!all) throw new UsageError(`Add --all to clear the whole cache of '${source}'.`, `Or name one package: \`verse cache clear ${source}:<name>:<version>\`.`);
    return { kind: "source", source: source! };
  }
  if (version === undefined && !all) throw new UsageError(`Add a version or --all: \`verse cache clear ${source}:${project}:<version>\`.`);
  return { kind: "project", source: source!, project };
}

/** Returns what was removed, for the message. */
export function clearCache(root: string, target: ClearTarget): string {
  const cache = new Cache(root);
  if (target.kind === "all") {
    cache.clearAll();
    return `Cleared the whole cache at ${root}.`;
  }
  const known = cache.listSources();
  if (!known.includes(target.source.toLowerCase())) {
    throw new UsageError(`No cache for source '${target.source}'.`, known.length > 0 ? `Caches: ${known.join(", ")}.` : "The cache is empty.");
  }
  if (target.kind === "source") {
    const n = cache.clearSource(target.source);
    return `Cleared ${n} entr${n === 1 ? "y" : "ies"} from the cache of '${target.source}'.`;
  }
  const n = cache.clearSource(target.source, target.project);
  return n === 0 ? `No cached page of '${target.project}' in '${target.source}'.` : `Cleared '${target.project}' from the cache of '${target.source}'.`;
}
