import { defineCommand } from "../cli/spec.ts";
import { openProjectFile, removeSource } from "../project/index.ts";

export default defineCommand({
  name: "source remove",
  summary: "Remove source configured for the project.",
  arguments: [{ name: "name", description: "Source repository name.", required: true }],
  run({ args, globals, output }) {
    const pf = openProjectFile(globals.cwd, globals.project);
    const name = removeSource(pf, String(args.name));
    output.line(`Removing source with name ${output.style(name, "c1")}.`);
    return 0;
  },
});
