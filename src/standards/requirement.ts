/**
 * PEP 508 dependency specifiers (`name[extras] specifiers ; marker` or `name @ url ; marker`),
 * parsed exactly as packaging 26 parses them, with its error messages, printing and equality.
 */
import { InvalidInputError } from "../errors.ts";
import { canonicalizeName } from "./names.ts";
import { Specifier, SpecifierSet } from "./specifier.ts";
import { canonicalizeVersion, pyRepr } from "./version.ts";
import { ParserSyntaxError, Tokenizer } from "./markers-tokenizer.ts";
import { parseMarkerList } from "./markers-parse.ts";
import { Pep508Marker } from "./markers-pep508.ts";

export class InvalidRequirement extends InvalidInputError {}

const HINT = 'A requirement looks like: requests[socks]>=2.8,<3; python_version >= "3.8"';

export interface Requirement {
  /** The name as written (not normalized). */
  readonly name: string;
  /** Extras as written, without duplicates, in first-seen order. */
  readonly extras: readonly string[];
  readonly specifier: SpecifierSet;
  readonly url: string | null;
  readonly marker: Pep508Marker | null;
}

interface Parsed {
  name: string;
  extras: string[];
  specifier: string;
  url: string;
  marker: Pep508Marker | null;
}

function parseExtrasList(t: Tokenizer): string[] {
  const extras: string[] = [];
  if (!t.check("IDENTIFIER")) return extras;
  extras.push(t.read().text);
  for (;;) {
    t.consume("WS");
    if (t.check("IDENTIFIER", true)) t.fail("Expected comma between extra names");
    if (!t.check("COMMA")) break;
    t.read();
    t.consume("WS");
    extras.push(t.expect("IDENTIFIER", "extra name after comma").text);
  }
  return extras;
}

function parseExtras(t: Tokenizer): string[] {
  if (!t.check("LEFT_BRACKET", true)) return [];
  return t.enclosing("LEFT_BRACKET", "RIGHT_BRACKET", "extras", () => {
    t.consume("WS");
    const extras = parseExtrasList(t);
    t.consume("WS");
    return extras;
  });
}

function parseVersionMany(t: Tokenizer): string {
  let out = "";
  while (t.check("SPECIFIER")) {
    const start = t.position;
    const text = t.read().text;
    out += text;
    if (t.check("VERSION_PREFIX_TRAIL", true)) {
      const equality = text.startsWith("==") || text.startsWith("!=");
      t.fail(
        equality
          ? ".* suffix cannot be used with pre-release, post-release, dev or local versions"
          : ".* suffix can only be used with `==` or `!=` operators",
        start,
        t.position + 1,
      );
    }
    if (t.check("VERSION_LOCAL_LABEL_TRAIL", true)) {
      t.fail("Local version label can only be used with `==` or `!=` operators", start, t.position);
    }
    t.consume("WS");
    if (!t.check("COMMA")) break;
    out += t.read().text;
    t.consume("WS");
  }
  return out;
}

function parseSpecifier(t: Tokenizer): string {
  return t.enclosing("LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "version specifier", () => {
    t.consume("WS");
    const s = parseVersionMany(t);
    t.consume("WS");
    return s;
  });
}

function parseRequirementMarker(t: Tokenizer, spanStart: number, expected: string): Pep508Marker {
  if (!t.check("SEMICOLON")) t.fail(`Expected ${expected} or end`, spanStart);
  t.read();
  const list = parseMarkerList(t);
  t.consume("WS");
  return new Pep508Marker(list);
}

function parseSource(source: string): Parsed {
  const t = new Tokenizer(source);
  t.consume("WS");
  const name = t.expect("IDENTIFIER", "package name at the start of dependency specifier").text;
  t.consume("WS");
  const extras = parseExtras(t);
  t.consume("WS");
  let url = "";
  let specifier = "";
  let marker: Pep508Marker | null = null;
  if (t.check("AT")) {
    t.read();
    t.consume("WS");
    const urlStart = t.position;
    url = t.expect("URL", "URL after @").text;
    if (!t.check("END", true)) {
      t.expect("WS", "whitespace after URL");
      if (!t.check("END", true)) {
        marker = parseRequirementMarker(t, urlStart, "semicolon (after URL and whitespace)");
      }
    }
  } else {
    const specifierStart = t.position;
    specifier = parseSpecifier(t);
    t.consume("WS");
    if (!t.check("END", true)) {
      marker = parseRequirementMarker(
        t,
        specifierStart,
        specifier
          ? "comma (within version specifier), semicolon (after version specifier)"
          : "semicolon (after name with no version specifier)",
      );
    }
  }
  t.expect("END", "end of dependency specifier");
  return { name, extras, specifier, url, marker };
}

/** SpecifierSet from the matched text; a clause the set rejects names itself, as packaging does. */
function buildSpecifierSet(text: string): SpecifierSet {
  for (const piece of text.split(",")) {
    const clause = piece.trim();
    if (clause === "") continue;
    try {
      Specifier.parse(clause);
    } catch {
      throw new InvalidRequirement(`Invalid specifier: ${pyRepr(clause)}`, HINT);
    }
  }
  return SpecifierSet.parse(text);
}

const cache = new Map<string, Requirement>();

/** Parses a PEP 508 requirement (memoized); throws InvalidRequirement with packaging's message. */
export function parseRequirement(source: string): Requirement {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  let parsed: Parsed;
  try {
    parsed = parseSource(source);
  } catch (e) {
    if (e instanceof ParserSyntaxError) throw new InvalidRequirement(e.message, HINT);
    throw e;
  }
  const extras = [...new Set(parsed.extras)];
  const req: Requirement = Object.freeze({
    name: parsed.name,
    extras,
    specifier: buildSpecifierSet(parsed.specifier),
    url: parsed.url === "" ? null : parsed.url,
    marker: parsed.marker,
  });
  if (cache.size > 50_000) cache.clear();
  cache.set(source, req);
  return req;
}

/** packaging's `str(Requirement)`. */
export function requirementToString(r: Requirement): string {
  let out = r.name;
  if (r.extras.length > 0) out += `[${[...new Set(r.extras)].sort().join(",")}]`;
  const spec = r.specifier.toString();
  if (spec) out += spec;
  if (r.url) {
    out += ` @ ${r.url}`;
    if (r.marker) out += " ";
  }
  if (r.marker) out += `; ${r.marker.toString()}`;
  return out;
}

/** The specifier set as packaging compares it: a set of (operator, canonical version). */
export function specifierSetKey(s: SpecifierSet): string {
  const keys = s.specifiers.map((sp) => {
    const version = canonicalizeVersion(sp.version, sp.operator !== "~=");
    return `${sp.operator}${version}`;
  });
  return [...new Set(keys)].sort().join(",");
}

/** packaging's `Requirement.__eq__`: normalized name and extras, specifiers as a set. */
export function requirementsEqual(a: Requirement, b: Requirement): boolean {
  const extrasKey = (r: Requirement) => [...new Set(r.extras.map((e) => canonicalizeName(e)))].sort().join(",");
  return (
    canonicalizeName(a.name) === canonicalizeName(b.name) &&
    extrasKey(a) === extrasKey(b) &&
    a.specifier.equals(b.specifier) &&
    a.url === b.url &&
    (a.marker === null ? b.marker === null : b.marker !== null && a.marker.equals(b.marker))
  );
}
