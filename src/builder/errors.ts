/** Typed failures of the builder: each names the file or setting at fault and what to do. */
import { InvalidInputError, VerseError } from "../errors.ts";

/** The project cannot be packaged as declared (missing package, bad script path...). */
export class BuildConfigError extends InvalidInputError {}

/** The project asks for something verse cannot build yet (another PEP 517 backend, a build script). */
export class UnsupportedBuildError extends VerseError {}

/** Reading a source file or writing an artifact failed. */
export class BuildIoError extends VerseError {}
