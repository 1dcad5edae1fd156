/** Typed failures of `publish`, each naming the repository or file and what to do. */
import { ExitCode, InvalidInputError, VerseError } from "../errors.ts";

/** No repository of that name, no artifacts to upload, a file that is not a distribution. */
export class PublishConfigError extends InvalidInputError {}

/** No credentials and no way to ask for them (non-interactive). */
export class MissingCredentialsError extends VerseError {}

/** The repository refused the credentials (401/403). */
export class AuthenticationError extends VerseError {}

/** The repository refused the upload (400, 409...). */
export class UploadRejectedError extends VerseError {}

/** The repository could not be reached after the retries. */
export class UploadNetworkError extends VerseError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { hint, exitCode: ExitCode.network, cause });
  }
}

/** The OIDC token exchange of trusted publishing failed (no permission, no publisher configured...). */
export class TrustedPublishingError extends VerseError {}
