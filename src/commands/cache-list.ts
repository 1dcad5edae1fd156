import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "cache list",
  summary: "Lists verse's caches.",
  description: "Lists the sources that have cached index pages.",
  async run({ output }) {
    const { listCachedSources, userCacheDir } = await import("../cache/index.ts");
    const sources = listCachedSources(userCacheDir());
    if (sources.length === 0) output.line(output.style("No caches found", "comment"));
    for (const s of sources) output.result(s);
    return 0;
  },
});
