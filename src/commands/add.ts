import { defineCommand, targetGroup, sessionFacts, type CommandContext } from "../cli/spec.ts";
import { UsageError, VerseError } from "../errors.ts";
import type { Lock } from "../lock/index.ts";
import type { Project, ProjectFile } from "../project/index.ts";

async function run(ctx: CommandContext): Promise<number> {
  const { args, options, globals, output } = ctx;
  const lib = await import("../project/index.ts");
  const { closeNames, indexProjectNames } = await import("../lock/index.ts");
  const { PackageNotFoundError } = await import("../index/index.ts");
  const { openSession } = await import("../installer/index.ts");
  const group = targetGroup(ctx, "main")!;
  const optional = options.string("optional") ?? null;
  if (optional !== null && group !== "main") throw new UsageError("You can only add optional dependencies to the main group.");
  const names = (Array.isArray(args.name) ? args.name : [args.name ?? ""]).filter((n) => n !== "");
  if (names.length === 0) throw new UsageError('Not enough arguments (missing: "name").');
  const requests = names.map((n) => lib.parseRequest(n, globals.cwd));
  lib.assertNoDuplicates(requests);
  const addOptions = {
    extras: options.strings("extras"),
    python: options.string("python") ?? null,
    platform: options.string("platform") ?? null,
    markers: options.string("markers") ?? null,
    source: options.string("source") ?? null,
    allowPrereleases: options.flag("allow-prereleases"),
    editable: options.flag("editable"),
  };
  const pf = lib.openProjectFile(globals.cwd, globals.project);
  if (addOptions.source !== null && !pf.project.sources.some((s) => s.name.toLowerCase() === addOptions.source!.toLowerCase())) {
    throw new UsageError(`Source with name ${addOptions.source} does not exist.`, `Known sources: ${pf.project.sources.map((s) => s.name).join(", ") || "none"}. Add it with \`verse source add\`.`);
  }
  const target = { group, optional };
  // a bare name that is already declared is left alone (Poetry: "will be skipped")
  const skipped = requests.filter((r) => r.spec.kind === "registry" && r.spec.constraint === null && lib.declaredIn(pf.editor, r.name, target));
  if (skipped.length > 0) {
    output.line("The following packages are already present in the pyproject.toml and will be skipped:\n");
    for (const r of skipped) output.line(`  - ${output.style(r.name, "c1")}`);
    output.line("\nIf you want to update it to the latest compatible version, you can use `verse update package`.");
    output.line("If you prefer to upgrade it to the latest available version, you can use `verse add package@latest`.\n");
  }
  const todo = requests.filter((r) => !skipped.includes(r));
  if (todo.length === 0) {
    output.line("Nothing to add.");
    return 0;
  }
  const session = openSession(sessionFacts({ globals, output }));
  const client = session.client();
  // a git URL without "name @": the name is the one the package declares (as Poetry reads it)
  for (const [i, r] of todo.entries()) {
    if (r.spec.kind !== "git" || r.spec.name !== undefined) continue;
    const { gitProjectName } = await import("../installer/index.ts");
    // a reference that cannot be checked out is reported by the lock step (which restores everything)
    const declared = await gitProjectName({ cacheRoot: session.cacheRoot }, r.spec, lib.localName).catch(() => null);
    if (declared !== null && declared !== r.name) todo[i] = { ...r, name: declared };
  }
  const latest = async (name: string, pre: boolean): Promise<string> => {
    try {
      return await lib.latestFitting(await client.getPage(name, addOptions.source ?? undefined), pf.project.pythonConstraint, pre, client);
    } catch (e) {
      if (!(e instanceof PackageNotFoundError)) throw e;
      let close: string[] = [];
      try {
        close = closeNames(name.toLowerCase(), await indexProjectNames(client));
      } catch {
        close = [];
      }
      throw new VerseError(`Could not find a matching version of package ${name}`, {
        hint: close.length > 0 ? `No package named '${name}' exists on the configured sources; did you mean ${close.map((c) => `'${c}'`).join(" or ")}?` : "Check the name, and the sources configured in pyproject.toml.",
      });
    }
  };
  for (const r of todo) {
    const dep = await lib.newDependency(r, addOptions, { cwd: globals.cwd, latest }, (name, c) => output.line(`Using version ${output.style(c, "c1")} for ${output.style(name, "c1")}`));
    const placed = lib.placeDependency(pf.editor, pf.root, dep, target);
    output.detail(1, `${placed.updated ? "Updated" : "Added"} ${dep.name} in ${placed.location}`);
  }
  const { relockAndInstall } = await import("../installer/index.ts");
  return relockAndInstall({
    facts: sessionFacts(ctx),
    output: ctx.output,
    edited: pf,
    dryRun: options.flag("dry-run"),
    lockOnly: options.flag("lock"),
  });
}

export default defineCommand({
  name: "add",
  summary: "Adds a new dependency to pyproject.toml and installs it.",
  description:
    "Adds each package to pyproject.toml (PEP 508 strings in [project] for PEP 621 projects, Poetry tables in [tool.poetry] for the others), re-locks keeping the other locked versions, and installs. If anything fails, pyproject.toml and poetry.lock are restored exactly. A bare name gets ^<latest version>.",
  arguments: [{ name: "name", description: "The packages to add.", required: true, variadic: true }],
  options: [
    { name: "group", short: "G", value: "GROUP", description: "The group to add the dependency to.", defaultText: "main" },
    { name: "dev", short: "D", description: "Add as a development dependency. (shortcut for '-G dev')" },
    { name: "editable", short: "e", description: "Add vcs/path dependencies as editable." },
    { name: "extras", short: "E", value: "EXTRAS", multiple: true, description: "Extras to activate for the dependency." },
    { name: "optional", value: "EXTRA", description: "Add as an optional dependency to an extra." },
    { name: "python", value: "PYTHON", description: "Python version for which the dependency must be installed." },
    { name: "platform", value: "PLATFORM", description: "Platforms for which the dependency must be installed." },
    { name: "markers", value: "MARKERS", description: "Environment markers which describe when the dependency should be installed." },
    { name: "source", value: "SOURCE", description: "Name of the source to use to install the package." },
    { name: "allow-prereleases", description: "Accept prereleases." },
    { name: "dry-run", description: "Output the operations but do not execute anything (implicitly enables --verbose)." },
    { name: "lock", description: "Do not perform operations (only update the lockfile)." },
  ],
  run,
});
