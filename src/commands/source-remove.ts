import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "source remove",
  summary: "Remove source configured for the project.",
  arguments: [{ name: "name", description: "Source repository name.", required: true }],
  async run({ args, globals, output }) {
    const { openProjectFile, removeSource } = await import("../project/index.ts");
    const pf = openProjectFile(globals.cwd, globals.project);
    const name = removeSource(pf, String(args.name));
    output.line(`Removing source with name ${output.style(name, "c1")}.`);
    return 0;
  },
});
