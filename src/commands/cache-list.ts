import { listCachedSources, userCacheDir } from "../cache/index.ts";
import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "cache list",
  summary: "Lists verse's caches.",
  description: "Lists the sources that have cached index pages.",
  run({ output }) {
    const sources = listCachedSources(userCacheDir());
    if (sources.length === 0) output.line(output.style("No caches found", "comment"));
    for (const s of sources) output.result(s);
    return 0;
  },
});
