/**
 * PEP 508 environment markers. Two views of one grammar:
 * - `Pep508Marker` (packaging's Marker): kept as written, printed and compared as packaging does;
 *   what a Requirement carries.
 * - the algebra (`parseMarker`, poetry-core's markers): simplified on construction, with
 *   intersection, union, complement and the python-version reduction the resolver and the
 *   lock file need.
 */
export { InvalidMarker, Pep508Marker, parsePep508Marker } from "./markers-pep508.ts";
export {
  UndefinedComparison,
  UndefinedEnvironmentName,
  type EvaluateContext,
  type EvaluationEnvironment,
  type MarkerEnvironment,
} from "./markers-eval.ts";
export {
  ANY_MARKER,
  EMPTY_MARKER,
  MarkerUnion,
  MultiMarker,
  SingleMarker,
  type Marker,
} from "./markers-algebra.ts";
export { markerFromPep508, parseMarker } from "./markers-algebra-parse.ts";
