import { VerseError } from "../errors.ts";
import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "env activate",
  summary: "Print the command to activate a virtual environment.",
  description: "Prints the command that activates the project's virtual environment in your shell, e.g. eval $(verse env activate).",
  async run({ globals, output }) {
    const { activationCommand, currentEnvironment, detectShell, envContextFor } = await import("../python/index.ts");
    const ctx = envContextFor({ cwd: globals.cwd, project: globals.project, noCache: globals.noCache, warn: (l) => output.warn(l) });
    const env = await currentEnvironment(ctx);
    if (!env) throw new VerseError("The project has no virtual environment yet.", { hint: "Create it with `verse install` or `verse env use <python>`." });
    output.result(activationCommand(detectShell(process.env, process.platform), env.root, process.platform));
    return 0;
  },
});
