/** Errors of the package-source layer. Messages name the source and never carry credentials. */
import { ExitCode, VerseError } from "../errors.ts";

/** The network failed: unreachable host, reset, timeout, or an HTTP error status. */
export class NetworkError extends VerseError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { hint, exitCode: ExitCode.network, cause });
  }
}

/** An HTTP response with an unexpected status. */
export class HttpStatusError extends NetworkError {
  readonly status: number;
  constructor(status: number, message: string, hint?: string) {
    super(message, hint);
    this.status = status;
  }
}

/** 401/403 from a source: the credentials are missing or wrong. */
export class AuthenticationError extends HttpStatusError {}

/** Asked for the network while offline, and the cache does not have the answer. */
export class OfflineError extends NetworkError {}

/** A downloaded file's hash differs from the one the index or the lock file promised. */
export class HashMismatchError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.failure });
  }
}

/** No configured source knows the project. */
export class PackageNotFoundError extends VerseError {}

/** Bad source configuration (reserved name, duplicate, missing url, unknown source). */
export class SourceConfigError extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.invalidInput });
  }
}

/** The metadata of a file cannot be known without building it (a dynamic or old sdist). */
export class MetadataUnavailableError extends VerseError {}

/** An index answered with something that is not a valid simple-API page or archive. */
export class InvalidIndexResponse extends VerseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.network });
  }
}
