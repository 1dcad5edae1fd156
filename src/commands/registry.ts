/**
 * Every command verse knows. Each command is one file; this list is the only place they meet.
 *
 * A command's module is loaded only when the command is run (or its help shown): `verse --version`,
 * `verse list` or `verse add ...` never evaluate the other command modules nor what they import
 * (node:fs, node:path, standards tables), which every run used to pay at start-up. Modules are
 * loaded with import(), so that a code-splitting build also leaves them out of the start-up chunk;
 * main.ts awaits prepareCommand() before parsing. Unbundled (bun test, `bun src/main.ts`), a
 * module not loaded yet is also loaded synchronously on first touch of its details.
 *
 * The name, summary, aliases and hidden flag written here must equal the command file's: a unit
 * test (test/unit/cli/registry.test.ts) checks every entry against its module.
 */
import type { Registry } from "../cli/parse.ts";
import type { ArgumentSpec, CommandContext, CommandSpec, OptionSpec } from "../cli/spec.ts";

/** What help, "did you mean" and command lookup need, known without loading the module. */
export interface CommandIndexEntry {
  readonly name: string;
  readonly summary: string;
  readonly aliases?: readonly string[];
  readonly hidden?: boolean;
  /** The command reads other commands' details (help, completions): load them all before it runs. */
  readonly readsRegistry?: boolean;
}

type Module = { readonly default: CommandSpec };

/**
 * A CommandSpec whose details come from its module, loaded on first use. A class rather than an
 * object literal with getters: 36 of them are built at every start-up.
 */
export class LazyCommand implements CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly aliases: readonly string[] | undefined;
  readonly hidden: boolean | undefined;
  readonly readsRegistry: boolean;
  private spec: CommandSpec | undefined;

  constructor(
    entry: CommandIndexEntry,
    private readonly file: string,
    private readonly importModule: () => Promise<Module>,
  ) {
    this.name = entry.name;
    this.summary = entry.summary;
    this.aliases = entry.aliases;
    this.hidden = entry.hidden;
    this.readsRegistry = entry.readsRegistry === true;
  }

  /** Loads the command's module (once) and returns its own definition. */
  async load(): Promise<CommandSpec> {
    this.spec ??= (await this.importModule()).default;
    return this.spec;
  }

  private loaded(): CommandSpec {
    // Only reachable unbundled: the binary loads a command before touching its details. A
    // computed specifier, so that the bundler does not pull every module into the entry chunk.
    if (this.spec === undefined) {
      try {
        this.spec = (require(this.file) as Module).default;
      } catch (error) {
        throw new Error(`the "${this.name}" command was used before its module was loaded (a bug in verse)`, { cause: error });
      }
    }
    return this.spec;
  }

  get description(): string | undefined {
    return this.loaded().description;
  }

  get arguments(): readonly ArgumentSpec[] | undefined {
    return this.loaded().arguments;
  }

  get options(): readonly OptionSpec[] | undefined {
    return this.loaded().options;
  }

  get passthrough(): boolean | undefined {
    return this.loaded().passthrough;
  }

  run(ctx: CommandContext): Promise<number> | number {
    return this.loaded().run(ctx);
  }
}

const lazy = (entry: CommandIndexEntry, file: string, importModule: () => Promise<Module>): LazyCommand => new LazyCommand(entry, file, importModule);

// Literal import() calls: the bundler includes each module, run (or fetched as a chunk) on first import.
const commands: readonly LazyCommand[] = [
  lazy({ name: "about", summary: "Shows information about verse." }, "./about.ts", () => import("./about.ts")),
  lazy({ name: "help", summary: "Displays help for a command.", readsRegistry: true }, "./help.ts", () => import("./help.ts")),
  lazy({ name: "list", summary: "Lists commands." }, "./list.ts", () => import("./list.ts")),
  lazy({ name: "cache clear", summary: "Clears a verse cache by name." }, "./cache-clear.ts", () => import("./cache-clear.ts")),
  lazy({ name: "cache list", summary: "Lists verse's caches." }, "./cache-list.ts", () => import("./cache-list.ts")),
  lazy({ name: "env activate", summary: "Print the command to activate a virtual environment." }, "./env-activate.ts", () => import("./env-activate.ts")),
  lazy({ name: "env info", summary: "Displays information about the current environment." }, "./env-info.ts", () => import("./env-info.ts")),
  lazy({ name: "env list", summary: "Lists all virtualenvs associated with the current project." }, "./env-list.ts", () => import("./env-list.ts")),
  lazy({ name: "env remove", summary: "Remove virtual environments associated with the project." }, "./env-remove.ts", () => import("./env-remove.ts")),
  lazy({ name: "env use", summary: "Activates or creates a new virtualenv for the current project." }, "./env-use.ts", () => import("./env-use.ts")),
  lazy({ name: "python list", summary: "Shows every Python interpreter verse finds, with its source and version." }, "./python-list.ts", () => import("./python-list.ts")),
  lazy({ name: "completions", summary: "Generates a shell completion script (bash, zsh, fish or powershell).", readsRegistry: true }, "./completions.ts", () => import("./completions.ts")),
  lazy({ name: "self uninstall", summary: "Removes verse from this machine." }, "./self-uninstall.ts", () => import("./self-uninstall.ts")),
  lazy({ name: "self update", summary: "Updates verse to the latest version." }, "./self-update.ts", () => import("./self-update.ts")),
  lazy({ name: "self version", summary: "Shows the version of verse and how it was installed." }, "./self-version.ts", () => import("./self-version.ts")),
  lazy({ name: "version", summary: "Shows the version of the project or bumps it when a valid bump rule is provided." }, "./version.ts", () => import("./version.ts")),
  lazy({ name: "config", summary: "Manages configuration settings." }, "./config.ts", () => import("./config.ts")),
  lazy({ name: "source add", summary: "Add source configuration for project." }, "./source-add.ts", () => import("./source-add.ts")),
  lazy({ name: "source show", summary: "Show information about sources configured for the project." }, "./source-show.ts", () => import("./source-show.ts")),
  lazy({ name: "source remove", summary: "Remove source configured for the project." }, "./source-remove.ts", () => import("./source-remove.ts")),
  lazy({ name: "build", summary: "Builds a package, as a tarball and a wheel by default." }, "./build.ts", () => import("./build.ts")),
  lazy({ name: "publish", summary: "Publishes a package to a remote repository." }, "./publish.ts", () => import("./publish.ts")),
  lazy({ name: "new", summary: "Creates a new Python project at <path>." }, "./new.ts", () => import("./new.ts")),
  lazy({ name: "init", summary: "Creates a basic pyproject.toml file in the current directory." }, "./init.ts", () => import("./init.ts")),
  lazy({ name: "check", summary: "Validates the content of the pyproject.toml file and its consistency with the poetry.lock file." }, "./check.ts", () => import("./check.ts")),
  lazy({ name: "install", summary: "Installs the project dependencies." }, "./install.ts", () => import("./install.ts")),
  lazy({ name: "sync", summary: "Update the project's environment according to the lock file." }, "./sync.ts", () => import("./sync.ts")),
  lazy({ name: "run", summary: "Runs a command in the appropriate environment." }, "./run.ts", () => import("./run.ts")),
  lazy({ name: "shell", summary: "Spawns a shell within the virtual environment." }, "./shell.ts", () => import("./shell.ts")),
  lazy({ name: "lock", summary: "Locks the project dependencies." }, "./lock.ts", () => import("./lock.ts")),
  lazy({ name: "export", summary: "Exports the lock file to alternative formats." }, "./export.ts", () => import("./export.ts")),
  lazy({ name: "show", summary: "Shows information about packages." }, "./show.ts", () => import("./show.ts")),
  lazy({ name: "debug resolve", summary: "Debugs dependency resolution." }, "./debug-resolve.ts", () => import("./debug-resolve.ts")),
  lazy({ name: "add", summary: "Adds a new dependency to pyproject.toml and installs it." }, "./add.ts", () => import("./add.ts")),
  lazy({ name: "remove", summary: "Removes a package from the project dependencies." }, "./remove.ts", () => import("./remove.ts")),
  lazy({ name: "update", summary: "Update the dependencies as according to the pyproject.toml file." }, "./update.ts", () => import("./update.ts")),
];

export const registry = { commands } satisfies Registry;

/**
 * Loads what running `command` needs: its module, and every command's module for a command that
 * reads the others (help, completions). A CommandSpec that is not from this registry needs nothing.
 */
export async function prepareCommand(command: CommandSpec): Promise<void> {
  const entry = commands.find((c) => c === command);
  if (entry === undefined) return;
  await entry.load();
  if (entry.readsRegistry) await Promise.all(commands.map((c) => c.load()));
}
