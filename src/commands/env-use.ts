import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "env use",
  summary: "Activates or creates a new virtualenv for the current project.",
  description:
    "Uses the given Python (a version such as 3.12, an executable name such as python3.12, or a path) for the project's virtual environment, creating it when needed; `system` forgets the choice.",
  arguments: [{ name: "python", description: "The python executable to use.", required: true }],
  async run({ args, globals, output }) {
    const { envContextFor, useEnvironment } = await import("../python/index.ts");
    const ctx = envContextFor({ cwd: globals.cwd, project: globals.project, noCache: globals.noCache, report: (l) => output.line(l), warn: (l) => output.warn(l) });
    const env = await useEnvironment(ctx, String(args.python));
    if (env === null) output.line("Using the system Python: the project's `env use` choice was removed.");
    else output.line(`Using virtualenv: ${output.style(env.root, "comment")}`);
    return 0;
  },
});
