/** Failures of `verse self ...`: each says what happened and what to run instead. */
import { ExitCode, VerseError } from "../errors.ts";

/** verse was installed by something that owns its updates (Homebrew, a package manager...). */
export class ManagedInstallError extends VerseError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.failure });
  }
}

/** The install receipt exists but cannot be read or does not match its schema. */
export class ReceiptError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.invalidInput });
  }
}

/** A download from the release server failed (network, HTTP status). */
export class DownloadError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.network });
  }
}

/** The update could not be verified or applied; the installed verse is left as it was. */
export class UpdateError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.failure });
  }
}

/** A version given on the command line that is not a semantic version. */
export class BadVersionError extends VerseError {
  constructor(version: string) {
    super(`"${version}" is not a valid verse version.`, { hint: "Give a release version such as 0.2.0 (a leading v is accepted).", exitCode: ExitCode.usage });
  }
}
