/**
 * The one error base of verse. Every layer throws a subclass of VerseError carrying a message
 * a user can act on, an optional hint (what to do next) and an exit code. The CLI renders it
 * without a stack trace unless -vvv. This module imports nothing, so every layer may use it.
 */

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** A command ran and failed (resolution, install, build...). */
  failure: 1,
  /** Bad usage: unknown command or option, missing argument. */
  usage: 2,
  /** Bad input data: unparsable pyproject.toml, invalid version or constraint. */
  invalidInput: 3,
  /** Network or index failure. */
  network: 4,
  /** Interrupted (Ctrl-C). 128 + SIGINT, as shells report it. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class VerseError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

/** Bad usage of the command line. */
export class UsageError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.usage });
  }
}

/** Input data (a version, a specifier, a file) that does not follow its standard. */
export class InvalidInputError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.invalidInput });
  }
}
