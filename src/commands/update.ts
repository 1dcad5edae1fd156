import { defineCommand, sessionFacts, type CommandContext } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";

async function run(ctx: CommandContext): Promise<number> {
  const { args, options, globals } = ctx;
  const { loadProject } = await import("../project/index.ts");
  const { existingLock } = await import("../lock/index.ts");
  const { canonicalizeName } = await import("../standards/names.ts");
  const { join } = await import("node:path");
  const names = (Array.isArray(args.packages) ? args.packages : args.packages ? [args.packages] : []).filter((n) => n !== "");
  if (options.strings("only").length > 0 && (options.strings("with").length > 0 || options.strings("without").length > 0)) {
    throw new UsageError("The --only option cannot be used with --with or --without.");
  }
  let unlock: Set<string> | undefined;
  if (names.length > 0) {
    const project = loadProject(globals.project ?? globals.cwd, { exact: globals.project !== null });
    const known = new Set<string>();
    for (const g of project.groups.values()) for (const d of g.dependencies) known.add(d.normalizedName);
    let locked: readonly { name: string }[] = [];
    try {
      locked = existingLock(join(project.root, "poetry.lock"), false)?.packages ?? [];
    } catch {
      locked = [];
    }
    for (const p of locked) known.add(canonicalizeName(p.name));
    const unknown = names.filter((n) => !known.has(canonicalizeName(n)));
    if (unknown.length > 0) {
      throw new UsageError(
        `${unknown.length === 1 ? "Package" : "Packages"} ${unknown.map((n) => `'${n}'`).join(", ")} ${unknown.length === 1 ? "is" : "are"} not a dependency of the project.`,
        "Name packages that pyproject.toml declares or poetry.lock holds; `verse show` lists them.",
      );
    }
    unlock = new Set(names.map((n) => canonicalizeName(n)));
  }
  const { relockAndInstall } = await import("../installer/index.ts");
  return relockAndInstall({
    facts: sessionFacts(ctx),
    output: ctx.output,
    edited: null,
    dryRun: options.flag("dry-run"),
    lockOnly: options.flag("lock"),
    regenerate: names.length === 0,
    unlock,
    install: { with: options.strings("with"), without: options.strings("without"), only: options.strings("only"), sync: options.flag("sync") },
  });
}

export default defineCommand({
  name: "update",
  summary: "Update the dependencies as according to the pyproject.toml file.",
  description:
    "Re-resolves the named packages (all of them when none is named) to the newest versions pyproject.toml allows, keeping every other locked version, writes poetry.lock and installs.",
  arguments: [{ name: "packages", description: "The packages to update.", variadic: true }],
  options: [
    { name: "without", value: "GROUP", multiple: true, description: "The dependency groups to ignore." },
    { name: "with", value: "GROUP", multiple: true, description: "The optional dependency groups to include." },
    { name: "only", value: "GROUP", multiple: true, description: "The only dependency groups to include." },
    { name: "sync", description: "Synchronize the environment with the locked packages and the specified groups." },
    { name: "dry-run", description: "Output the operations but do not execute anything (implicitly enables --verbose)." },
    { name: "lock", description: "Do not perform update (only update the lockfile)." },
  ],
  run,
});
