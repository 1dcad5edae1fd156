/**
 * packaging's `Marker`: a PEP 508 marker kept as written (grouping and order), printed in
 * packaging's normalized form, compared by that form, and evaluated per packaging 26.
 * Poetry's simplifying algebra over markers lives in markers-algebra*.ts.
 */
import { InvalidInputError } from "../errors.ts";
import { ParserSyntaxError } from "./markers-tokenizer.ts";
import { formatMarkerList, parseMarkerSource, type MarkerList } from "./markers-parse.ts";
import { evaluateMarker, type EvaluateContext, type EvaluationEnvironment } from "./markers-eval.ts";

export class InvalidMarker extends InvalidInputError {}

const MARKER_HINT = 'A marker looks like: python_version >= "3.8" and sys_platform == "linux"';

const cache = new Map<string, Pep508Marker>();

export class Pep508Marker {
  readonly tree: MarkerList;
  private text: string | undefined;

  constructor(tree: MarkerList) {
    this.tree = tree;
  }

  /** Parses a marker string (memoized); throws InvalidMarker with packaging's message. */
  static parse(source: string): Pep508Marker {
    let m = cache.get(source);
    if (m === undefined) {
      try {
        m = new Pep508Marker(parseMarkerSource(source));
      } catch (e) {
        if (e instanceof ParserSyntaxError) throw new InvalidMarker(e.message, MARKER_HINT);
        throw e;
      }
      if (cache.size > 20_000) cache.clear();
      cache.set(source, m);
    }
    return m;
  }

  toString(): string {
    return (this.text ??= formatMarkerList(this.tree));
  }

  equals(other: Pep508Marker): boolean {
    return this === other || this.toString() === other.toString();
  }

  /** packaging's `&`: both sides kept as groups. */
  and(other: Pep508Marker): Pep508Marker {
    return new Pep508Marker([this.tree, "and", other.tree]);
  }

  /** packaging's `|`. */
  or(other: Pep508Marker): Pep508Marker {
    return new Pep508Marker([this.tree, "or", other.tree]);
  }

  /**
   * Evaluates against `environment` (a complete marker environment: this pure module does not
   * know the running interpreter). Throws UndefinedComparison / UndefinedEnvironmentName.
   */
  evaluate(environment: EvaluationEnvironment, context: EvaluateContext = "metadata"): boolean {
    return evaluateMarker(this.tree, environment, context);
  }

  isAny(): boolean {
    return false;
  }

  isEmpty(): boolean {
    return false;
  }
}

export function parsePep508Marker(source: string): Pep508Marker {
  return Pep508Marker.parse(source);
}
