import { UsageError } from "../errors.ts";
import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "env remove",
  summary: "Remove virtual environments associated with the project.",
  arguments: [{ name: "python", description: "The python executables associated with, or names of the virtual environments which are to be removed.", variadic: true }],
  options: [{ name: "all", description: "Remove all managed virtual environments associated with the project." }],
  async run({ args, options, globals, output }) {
    const { envContextFor, removeEnvironments } = await import("../python/index.ts");
    const names = (args.python as string[] | undefined) ?? [];
    if (names.length === 0 && !options.flag("all")) throw new UsageError("Name the environments to remove, or pass --all.", "Run `verse env list` to see them.");
    const ctx = envContextFor({ cwd: globals.cwd, project: globals.project, noCache: globals.noCache });
    for (const path of await removeEnvironments(ctx, names, options.flag("all"))) output.line(`Deleted virtualenv: ${output.style(path, "comment")}`);
    return 0;
  },
});
