/** The installer's errors: each names the package or file and says what to do next. */
import { InvalidInputError, UsageError, VerseError } from "../errors.ts";

/** A wheel that cannot be installed as it is (broken RECORD, a path escaping the environment...). */
export class InvalidWheelError extends InvalidInputError {}

/** Installing failed on the way (disk full, permissions...). */
export class InstallError extends VerseError {}

/** A locked package has no file this interpreter can use. */
export class NoCompatibleArtifactError extends VerseError {}

/** A non-wheel package could not be built into a wheel. */
export class BuildError extends VerseError {}

/** A group asked for with --with/--without/--only does not exist. */
export class GroupNotFoundError extends UsageError {}

/** An extra asked for with -E does not exist in the project. */
export class ExtraNotFoundError extends UsageError {}

/** `verse run` was given something that cannot be run. */
export class RunError extends VerseError {}
