/**
 * Entry point: parse argv, apply the global options, dispatch, and turn errors into a message
 * and an exit code (see ExitCode in errors.ts). No stack trace unless -vvv.
 *
 * Every command pays for what this module's imports do at load, so they stay small: commands are
 * loaded only when run (commands/registry.ts), output goes through console.log/error rather than
 * process.stdout/stderr (cli/streams.ts), and node:path is loaded only for -C/-P.
 */
import { renderAppHelp, renderCommandHelp } from "./cli/help.ts";
import { Output } from "./cli/output.ts";
import { commandIn, parseCommandLine } from "./cli/parse.ts";
import { consoleStderr, consoleStdout, isTerminal } from "./cli/streams.ts";
import { enableTrace } from "./cli/trace.ts";
import type { GlobalOptions } from "./cli/spec.ts";
import { prepareCommand, registry } from "./commands/registry.ts";
import { ExitCode, VerseError } from "./errors.ts";
import { VERSE_VERSION } from "./version.ts";

/** node:path's resolve, loaded only when -C or -P asks for it. */
function resolvePath(base: string, path: string): string {
  return (require("node:path") as typeof import("node:path")).resolve(base, path);
}

/** Verbosity and colour from raw argv, so that even a parse error is rendered as asked. */
function earlyOutput(argv: readonly string[]): Output {
  let verbosity = 0;
  let ansi: boolean | null = null;
  for (const a of argv) {
    if (a === "--") break;
    if (a === "-q" || a === "--quiet") verbosity = -1;
    else if (a === "--verbose") verbosity = Math.min(3, verbosity + 1);
    else if (/^-v+$/.test(a)) verbosity = Math.min(3, a.length - 1);
    else if (a === "--ansi") ansi = true;
    else if (a === "--no-ansi") ansi = false;
  }
  return new Output({ verbosity, ansi, env: process.env, stdout: consoleStdout, stderr: consoleStderr });
}

export function renderError(output: Output, error: unknown): number {
  if (error instanceof VerseError) {
    output.error(error.message);
    if (error.hint) output.errorRaw(error.hint);
    if (output.verbosity >= 3 && error.stack) output.errorRaw(`\n${error.stack}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.error(`Unexpected error: ${message}`);
  if (output.verbosity >= 3 && error instanceof Error && error.stack) output.errorRaw(`\n${error.stack}`);
  else output.errorRaw("Run again with -vvv to see the details, and please report it.");
  return ExitCode.failure;
}

export async function main(argv: readonly string[]): Promise<number> {
  let output = earlyOutput(argv);
  try {
    const named = commandIn(argv, registry);
    if (named) await prepareCommand(named);
    const line = parseCommandLine(argv, registry);
    const g = line.globals;
    output = new Output({
      verbosity: g.flag("quiet") ? -1 : Math.min(3, g.strings("verbose").length),
      ansi: g.flag("no-ansi") ? false : g.flag("ansi") ? true : null,
      env: process.env,
      stdout: consoleStdout,
      stderr: consoleStderr,
    });
    if (g.flag("version")) {
      output.result(`verse (version ${VERSE_VERSION})`);
      return ExitCode.ok;
    }
    if (!line.command || g.flag("help")) {
      if (line.command) renderCommandHelp(output, line.command);
      else renderAppHelp(output, registry, VERSE_VERSION);
      return ExitCode.ok;
    }
    const originalCwd = process.cwd();
    const directory = g.string("directory");
    const project = g.string("project");
    const cwd = directory ? resolvePath(originalCwd, directory) : originalCwd;
    if (directory) {
      try {
        process.chdir(cwd);
      } catch {
        throw new VerseError(`The directory ${cwd} does not exist or cannot be entered.`, { hint: "Check the path given to -C/--directory.", exitCode: ExitCode.usage });
      }
    }
    // --python is an explicit interpreter request; discovery reads it as VERSE_PYTHON, and so do
    // the verse processes a command starts.
    const python = g.string("python");
    if (python) process.env.VERSE_PYTHON = python;
    const noInteraction = g.flag("no-interaction");
    const globals: GlobalOptions = {
      verbosity: output.verbosity,
      // asked on first use: most commands never ask a question
      get interactive() {
        return !noInteraction && isTerminal(0);
      },
      noCache: g.flag("no-cache"),
      cwd,
      project: project ? resolvePath(originalCwd, project) : null,
    };
    return await line.command.run({ args: line.args, options: line.options, globals, output, passthrough: line.passthrough });
  } catch (error) {
    return renderError(output, error);
  }
}

if (import.meta.main) {
  enableTrace(process.env, (t) => consoleStderr.write(t));
  // The executable starts with JavaScriptCore's tier-up thresholds scaled up (build.ts,
  // --compile-jit-policy): most commands end within ~100 ms, and compiling their run-once code
  // cost more CPU than it saved (a warm lock: ~110 -> ~80 ms of CPU). Work that lasts longer (a
  // large resolution or install) gets the normal policy back.
  setTimeout(() => Bun.unsafe.setJITPolicy(1), 250).unref();
  process.on("SIGINT", () => {
    // While `run` or `shell` has a child, the child gets the signal and its exit code is ours.
    if (process.listenerCount("SIGINT") > 1) return;
    consoleStderr.write("\nInterrupted.\n");
    process.exit(ExitCode.interrupted);
  });
  // A closed pipe (`verse list | head -1`) ends the output quietly, as for any Unix tool: the
  // console sinks drop what the reader no longer takes, and stdStream() exits on EPIPE.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
