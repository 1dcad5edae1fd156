/** The lock layer's errors: each names the file (and line when known) and what to do. */
import { InvalidInputError, VerseError } from "../errors.ts";

export const REGENERATE_HINT = "Run `verse lock --regenerate` to write a new lock file from pyproject.toml.";

/** A poetry.lock that cannot be read: bad TOML, a missing or mistyped field, an unknown format. */
export class LockFileError extends InvalidInputError {
  readonly file: string;
  readonly line: number | null;
  constructor(file: string, line: number | null, reason: string, hint: string = REGENERATE_HINT) {
    super(`${file}${line !== null ? `:${line}` : ""}: ${reason}`, hint);
    this.file = file;
    this.line = line;
  }
}

export class LockNotFoundError extends VerseError {
  constructor(file: string) {
    super(`${file} does not exist`, { hint: "Run `verse lock` to create it." });
  }
}

/** The lock does not match pyproject.toml any more (content-hash differs). */
export class StaleLockError extends VerseError {
  constructor() {
    super("pyproject.toml changed significantly since poetry.lock was last generated. Run `verse lock` to fix the lock file.");
  }
}

/** pyproject.toml holds a value Python's json module cannot encode (a TOML date), so no content-hash exists. */
export class ContentHashError extends InvalidInputError {}
