import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "env list",
  summary: "Lists all virtualenvs associated with the current project.",
  options: [{ name: "full-path", description: "Output the full paths of the virtualenvs." }],
  async run({ options, globals, output }) {
    const { envContextFor, listEnvironments } = await import("../python/index.ts");
    const ctx = envContextFor({ cwd: globals.cwd, project: globals.project, noCache: globals.noCache });
    for (const env of await listEnvironments(ctx)) {
      const name = options.flag("full-path") ? env.path : env.name;
      output.result(env.active ? `${output.style(name, "info")} (Activated)` : name);
    }
    return 0;
  },
});
