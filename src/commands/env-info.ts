import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "env info",
  summary: "Displays information about the current environment.",
  options: [
    { name: "path", short: "p", description: "Only display the environment's path." },
    { name: "executable", short: "e", description: "Only display the environment's python executable path." },
  ],
  async run({ options, globals, output }) {
    const { currentEnvironment, envContextFor, envInfoLines } = await import("../python/index.ts");
    const ctx = envContextFor({ cwd: globals.cwd, project: globals.project, noCache: globals.noCache, warn: (l) => output.warn(l) });
    const env = await currentEnvironment(ctx);
    if (options.flag("path") || options.flag("executable")) {
      if (!env) return 1;
      output.result(options.flag("path") ? env.root : env.python);
      return 0;
    }
    output.line();
    for (const line of envInfoLines(env, env !== null)) output.line(line);
    return 0;
  },
});
