import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "cache clear",
  summary: "Clears a verse cache by name.",
  description: "Clears the cache of a source (`pypi --all`), one package (`pypi:requests:2.31.0`), or everything (`--all` alone).",
  arguments: [{ name: "cache", description: "The source whose cache to clear, optionally with :<name>:<version>." }],
  options: [{ name: "all", description: "Clear all entries in the cache." }],
  async run({ args, options, output }) {
    const { clearCache, parseClearTarget, userCacheDir } = await import("../cache/index.ts");
    const arg = typeof args.cache === "string" ? args.cache : undefined;
    output.line(clearCache(userCacheDir(), parseClearTarget(arg, options.flag("all"))));
    return 0;
  },
});
