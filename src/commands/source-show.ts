import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "source show",
  summary: "Show information about sources configured for the project.",
  arguments: [{ name: "source", description: "Source(s) to show information for. Defaults to showing all sources.", variadic: true }],
  async run({ args, globals, output }) {
    const { openProjectFile, selectSources, sourceShowLines } = await import("../project/index.ts");
    const pf = openProjectFile(globals.cwd, globals.project);
    const names = Array.isArray(args.source) ? args.source : [];
    const sources = selectSources(pf.project.sources, names);
    if (sources.length === 0) {
      output.line("No sources configured for this project.");
      return 0;
    }
    for (const l of sourceShowLines(sources)) output.result(l);
    return 0;
  },
});
