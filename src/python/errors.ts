/** Typed failures of interpreter discovery and virtual environment management. */
import { InvalidInputError, UsageError, VerseError } from "../errors.ts";

/** An interpreter could not be run, hung, crashed or printed something that is not a report. */
export class InterpreterQueryError extends VerseError {
  /** One line saying why, used in rejection lists ("timed out after 10 s"). */
  readonly reason: string;
  constructor(executable: string, reason: string, detail?: string) {
    super(`Could not query the Python interpreter ${executable}: ${reason}${detail ? `\n${detail}` : ""}`, {
      hint: "Check that this interpreter starts (run it with --version), or pick another one with `verse env use`.",
    });
    this.reason = reason;
  }
}

/** No interpreter satisfies the project's constraint (the message lists each rejection). */
export class NoSuitableInterpreter extends VerseError {}

/** A `.python-version` file (or an explicit request) names a Python that is not installed. */
export class PythonNotInstalled extends InvalidInputError {}

/** `verse env use <x>` with something that is neither a path, a version nor "system". */
export class InvalidPythonRequest extends UsageError {}

/** A virtual environment could not be made; nothing was left on disk. */
export class VenvCreationError extends VerseError {}

/** `env remove` / `env info` named an environment that does not exist. */
export class EnvironmentNotFound extends VerseError {}
