import { defineCommand, targetGroup, sessionFacts, type CommandContext } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";

async function run(ctx: CommandContext): Promise<number> {
  const { args, options, globals, output } = ctx;
  const { openProjectFile, removeDependencies } = await import("../project/index.ts");
  const names = (Array.isArray(args.packages) ? args.packages : [args.packages ?? ""]).filter((n) => n !== "");
  if (names.length === 0) throw new UsageError('Not enough arguments (missing: "packages").');
  const group = targetGroup(ctx, null);
  const pf = openProjectFile(globals.cwd, globals.project);
  const removal = removeDependencies(pf.editor, names, group);
  for (const l of removal.locations) output.detail(1, `Removed from ${l}`);
  const { relockAndInstall } = await import("../installer/index.ts");
  return relockAndInstall({
    facts: sessionFacts(ctx),
    output: ctx.output,
    edited: pf,
    dryRun: options.flag("dry-run"),
    lockOnly: options.flag("lock"),
    uninstallDropped: true,
  });
}

export default defineCommand({
  name: "remove",
  summary: "Removes a package from the project dependencies.",
  description:
    "Removes each package from every place pyproject.toml declares it (or from one group with -G), re-locks, and uninstalls what nothing needs any more. If anything fails, pyproject.toml and poetry.lock are restored exactly.",
  arguments: [{ name: "packages", description: "The packages to remove.", required: true, variadic: true }],
  options: [
    { name: "group", short: "G", value: "GROUP", description: "The group to remove the dependency from." },
    { name: "dev", short: "D", description: "Remove a package from the development dependencies. (shortcut for '-G dev')" },
    { name: "dry-run", description: "Output the operations but do not execute anything (implicitly enables --verbose)." },
    { name: "lock", description: "Do not perform operations (only update the lockfile)." },
  ],
  run,
});
