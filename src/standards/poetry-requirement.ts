/**
 * PEP 508 requirements read the way poetry-core's Requirement reads them: more lenient than
 * packaging about the version part (any Poetry constraint, so `name>=3.*` is `>=3.0`), with
 * the version as a Poetry constraint and the marker in the marker algebra, and poetry-core's
 * error messages ("Unexpected character at column 4", `invalid version constraint ">=bar"`,
 * `unsatisfiable requirement: ">=0.2,<0.1"`, `invalid URL`).
 */
import { parseConstraint } from "./constraint.ts";
import { ANY_MARKER, parseMarker, type Marker } from "./markers.ts";
import { InvalidRequirement } from "./requirement.ts";
import { ANY, type VersionConstraint } from "./range.ts";
import { InvalidInputError } from "../errors.ts";

export interface PoetryRequirement {
  readonly name: string;
  readonly extras: readonly string[];
  readonly url: string | null;
  /** The version constraint ("*" when none; none for a URL requirement). */
  readonly constraint: VersionConstraint;
  readonly marker: Marker;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$/;

function unexpected(text: string, at: number): InvalidRequirement {
  return new InvalidRequirement(
    `Unexpected character at column ${at + 1}\n\n${text}\n${" ".repeat(at)}^\n`,
    "Write the requirement as `name[extras] (constraint) ; marker` or `name @ url ; marker`.",
  );
}

/** Parses a requirement as poetry-core does; throws InvalidRequirement with its message. */
export function parsePoetryRequirement(text: string): PoetryRequirement {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skip();
  const name = NAME.exec(text.slice(i));
  if (name === null) throw unexpected(text, i);
  i += name[0].length;
  skip();
  let extras: string[] = [];
  if (text[i] === "[") {
    const close = text.indexOf("]", i);
    if (close < 0) throw unexpected(text, text.length);
    extras = text.slice(i + 1, close).split(",").map((e) => e.trim()).filter((e) => e !== "");
    const bad = extras.find((e) => !NAME.test(e) || NAME.exec(e)![0] !== e);
    if (bad !== undefined) throw unexpected(text, text.indexOf(bad, i));
    i = close + 1;
    skip();
  }
  let url: string | null = null;
  let constraint: VersionConstraint = ANY;
  let rest = text.slice(i);
  if (rest.startsWith("@")) {
    if (!/^@\s*\S/.test(rest)) throw unexpected(text, i + 1);
    // A ";" ends the URL only after whitespace (a URL may hold ";").
    const end = /\s+;/.exec(rest);
    url = (end === null ? rest.slice(1) : rest.slice(1, end.index)).trim();
    if (!URL.test(url)) throw new InvalidRequirement(`invalid URL "${url}"`, "Give a full URL such as https://host/file.whl or file:///abs/path.");
    i += end === null ? rest.length : end.index;
    rest = text.slice(i);
  } else if (rest !== "" && !rest.startsWith(";")) {
    const paren = rest.startsWith("(");
    const stop = paren ? rest.indexOf(")") : rest.search(/;|$/);
    if (paren && stop < 0) throw unexpected(text, text.length);
    const spec = rest.slice(paren ? 1 : 0, stop).trim();
    if (!/^(===|==|!=|<=|>=|~=|<|>|\^|~|=)/.test(spec)) throw unexpected(text, i);
    // An inequality on a wildcard ignores the wildcard (">=3.*" is ">=3.0").
    const compact = spec.split(",").map((p) => p.trim().replace(/^(<=|>=|<|>)\s*(.*?)\.\*$/, "$1$2")).join(",");
    try {
      constraint = parseConstraint(compact);
    } catch (e) {
      if (e instanceof InvalidInputError) throw new InvalidRequirement(`invalid version constraint "${compact}"`, e.hint);
      throw e;
    }
    if (constraint.isEmpty()) throw new InvalidRequirement(`unsatisfiable requirement: "${compact}"`, "No version satisfies every part of it.");
    i += paren ? stop + 1 : stop;
    rest = text.slice(i);
  }
  skip();
  let marker: Marker = ANY_MARKER;
  if (i < text.length) {
    if (text[i] !== ";") throw unexpected(text, i);
    const markerText = text.slice(i + 1).trim();
    try {
      marker = parseMarker(markerText);
    } catch (e) {
      if (e instanceof InvalidInputError) throw new InvalidRequirement(`invalid marker "${markerText}": ${e.message}`, e.hint);
      throw e;
    }
  }
  return { name: name[0], extras, url, constraint, marker };
}
