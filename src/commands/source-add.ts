import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "source add",
  summary: "Add source configuration for project.",
  description: "Adds (or updates) a [[tool.poetry.source]] entry in pyproject.toml.",
  arguments: [
    { name: "name", description: "Source repository name.", required: true },
    { name: "url", description: "Source repository URL. Required, except for PyPI, for which it is not allowed." },
  ],
  options: [{ name: "priority", short: "p", value: "PRIORITY", description: "Set the priority of this source. One of: primary, supplemental, explicit. Defaults to primary." }],
  async run({ args, options, globals, output }) {
    const { addSource, openProjectFile, parseSourcePriority } = await import("../project/index.ts");
    const priority = parseSourcePriority(options.string("priority"));
    const pf = openProjectFile(globals.cwd, globals.project);
    const r = addSource(pf, String(args.name), typeof args.url === "string" ? args.url : undefined, priority);
    output.line(r.updated ? `Source with name ${output.style(r.name, "c1")} already exists. Updating.` : `Adding source with name ${output.style(r.name, "c1")}.`);
    return 0;
  },
});
