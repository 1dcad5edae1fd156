/** PEP 503 / PEP 508 project names: validation and normalization. Pure, no I/O. */
import { InvalidInputError } from "../errors.ts";

export class InvalidName extends InvalidInputError {}

/** A project name that has been normalized (PEP 503): lowercase, runs of `-_.` folded to `-`. */
export type NormalizedName = string & { readonly __normalized: unique symbol };

const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
const SEPARATOR_RUN = /[-_.]+/g;

/** True when `name` is a valid distribution name per the core metadata spec. */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** PEP 503 normalization. With `validate`, an invalid name throws InvalidName. */
export function canonicalizeName(name: string, validate = false): NormalizedName {
  if (validate && !isValidName(name)) {
    throw new InvalidName(
      `invalid project name: ${JSON.stringify(name)}`,
      "A name has ASCII letters, digits, '.', '_' and '-', and starts and ends with a letter or digit.",
    );
  }
  return name.replace(SEPARATOR_RUN, "-").toLowerCase() as NormalizedName;
}

/** True when `name` is already in its normalized form. */
export function isNormalizedName(name: string): boolean {
  return isValidName(name) && canonicalizeName(name) === name;
}

/** The form used in wheel and sdist file names and dist-info directories (PEP 427/625). */
export function escapeName(name: string): string {
  return name.replace(SEPARATOR_RUN, "_").toLowerCase();
}
