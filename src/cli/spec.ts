/**
 * Command definitions: every command is described by data (name, arguments, options, help),
 * so that parsing, help, "did you mean" suggestions and shell completions all come from one
 * source and can never drift apart.
 */
import { UsageError } from "../errors.ts";
import type { Output } from "./output.ts";

export interface OptionSpec {
  /** Long name without dashes, e.g. "dry-run". */
  readonly name: string;
  /** Single-letter short name without the dash, e.g. "G". */
  readonly short?: string;
  readonly description: string;
  /** A value-taking option names its value (e.g. "GROUP"); a flag has none. */
  readonly value?: string;
  /** The option may be given several times; its values are collected in order. */
  readonly multiple?: boolean;
  /** Shown in help as [default: ...]. */
  readonly defaultText?: string;
  /** Hidden from help (still accepted), e.g. deprecated spellings. */
  readonly hidden?: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes every remaining positional argument. Only the last argument may be variadic. */
  readonly variadic?: boolean;
}

/** What a command receives after parsing. */
export interface ParsedOptions {
  /** Flags are booleans, value options strings, multiple options string arrays. */
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  flag(name: string): boolean;
  string(name: string): string | undefined;
  strings(name: string): string[];
}

export interface CommandContext {
  readonly args: Readonly<Record<string, string | string[] | undefined>>;
  readonly options: ParsedOptions;
  readonly globals: GlobalOptions;
  readonly output: Output;
  /** Arguments after a literal `--` (for `run`), passed through untouched. */
  readonly passthrough: readonly string[];
}

export interface GlobalOptions {
  readonly verbosity: number; // -1 quiet, 0 normal, 1..3 -v..-vvv
  readonly interactive: boolean;
  readonly noCache: boolean;
  /** The working directory for the command (after -C). */
  readonly cwd: string;
  /** The project root asked for with -P, resolved against the original cwd, or null. */
  readonly project: string | null;
}

export interface CommandSpec {
  /** Full name, with spaces for sub-commands: "env use", "cache clear". */
  readonly name: string;
  readonly summary: string;
  /** Longer help text; defaults to the summary. */
  readonly description?: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options?: readonly OptionSpec[];
  readonly aliases?: readonly string[];
  /** Accept arguments after the positionals verbatim (like `run`). */
  readonly passthrough?: boolean;
  readonly hidden?: boolean;
  /** Returns the process exit code. */
  run(ctx: CommandContext): Promise<number> | number;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** What the layers below need to know about a command's situation, and where its progress goes. */
export interface SessionFacts {
  readonly cwd: string;
  readonly project: string | null;
  readonly noCache: boolean;
  readonly env: NodeJS.ProcessEnv;
  report(line: string): void;
  warn(line: string): void;
}

/**
 * The facts for a command. Progress ("Creating virtualenv ...") goes to stdout, or to stderr for
 * commands whose stdout belongs to something else (`run`, `shell`, `export` to stdout).
 */
export function sessionFacts(
  { globals, output }: Pick<CommandContext, "globals" | "output">,
  progress: "stdout" | "stderr" = "stdout",
): SessionFacts {
  return {
    cwd: globals.cwd,
    project: globals.project,
    noCache: globals.noCache,
    env: process.env,
    report: progress === "stdout" ? (line) => output.line(line) : (line) => output.note(line),
    warn: (line) => output.warn(line),
  };
}

/** The group an add/remove targets: -D is `-G dev` (deprecated, as in Poetry). */
export function targetGroup(ctx: Pick<CommandContext, "options" | "output">, fallback: string | null): string | null {
  const { options, output } = ctx;
  const group = options.string("group");
  if (options.flag("dev")) {
    output.warn("The --dev option is deprecated, use the `--group dev` notation instead.");
    if (group !== undefined && group !== "dev") throw new UsageError("--dev and --group name different groups.", "Use one of them.");
    return "dev";
  }
  return group ?? fallback;
}
