import { defineCommand, sessionFacts, type CommandContext, type OptionSpec } from "../cli/spec.ts";

/** Options shared by `install` and `sync`. */
export const INSTALL_OPTIONS: readonly OptionSpec[] = [
  { name: "without", value: "GROUP", multiple: true, description: "The dependency groups to ignore." },
  { name: "with", value: "GROUP", multiple: true, description: "The optional dependency groups to include." },
  { name: "only", value: "GROUP", multiple: true, description: "The only dependency groups to include." },
  { name: "no-dev", description: "Do not install the development dependencies. (Deprecated: use --without dev)", hidden: true },
  { name: "all-groups", description: "Install dependencies from all groups." },
  { name: "no-root", description: "Do not install the root package (the current project)." },
  { name: "only-root", description: "Exclude all dependencies." },
  { name: "no-directory", description: "Do not install any directory path dependencies; useful to install dependencies without source code, e.g. for caching of Docker layers." },
  { name: "dry-run", description: "Output the operations but do not execute anything (implicitly enables --verbose)." },
  { name: "extras", short: "E", value: "EXTRAS", multiple: true, description: "Extra sets of dependencies to install." },
  { name: "all-extras", description: "Install all extra dependencies." },
  { name: "compile", description: "Compile Python source files to bytecode." },
  { name: "locked", description: "Fail instead of re-locking when poetry.lock is missing or out of date." },
  { name: "link-mode", value: "MODE", description: "How files go from the cache into the environment: auto, clone, hardlink, symlink or copy." },
];

export async function runInstallLike(ctx: CommandContext, sync: boolean): Promise<number> {
  const { options, globals, output } = ctx;
  const { installCommand } = await import("../installer/index.ts");
  performance.mark("install: installer modules loaded");
  await installCommand(
    {
      with: options.strings("with"),
      without: options.strings("without"),
      only: options.strings("only"),
      noDev: options.flag("no-dev"),
      allGroups: options.flag("all-groups"),
      extras: options.strings("extras"),
      allExtras: options.flag("all-extras"),
      noRoot: options.flag("no-root"),
      onlyRoot: options.flag("only-root"),
      noDirectory: options.flag("no-directory"),
      sync: sync || options.flag("sync"),
      dryRun: options.flag("dry-run"),
      compile: options.flag("compile"),
      linkMode: options.string("link-mode"),
      locked: options.flag("locked"),
    },
    sessionFacts({ globals, output }),
    { line: (l) => output.line(l), warn: (l) => output.warn(l), detail: (l) => output.detail(1, l) },
    output.progress,
  );
  return 0;
}

export default defineCommand({
  name: "install",
  summary: "Installs the project dependencies.",
  description: "Reads poetry.lock and installs what it locks for this environment, then the project itself (editable).",
  options: [...INSTALL_OPTIONS, { name: "sync", description: "Synchronize the environment with the locked packages and the specified groups." }],
  run: (ctx) => runInstallLike(ctx, false),
});
