/** Reading a PEP 508 marker string into the marker algebra (poetry-core's parse_marker). */
import { formatItem, type MarkerAtom, type MarkerItem, type MarkerList } from "./markers-parse.ts";
import { Pep508Marker } from "./markers-pep508.ts";
import { ANY_MARKER, EMPTY_MARKER, conjunction, disjunction, singleFromItem, type Marker } from "./markers-algebra.ts";

function fromAtom(atom: MarkerAtom): Marker {
  if (!Array.isArray(atom)) return singleFromItem(atom as MarkerItem, formatItem(atom as MarkerItem));
  return fromList(atom as MarkerList);
}

function fromList(list: MarkerList): Marker {
  const groups: Marker[][] = [[]];
  for (const part of list) {
    if (part === "or") groups.push([]);
    else if (part !== "and") groups[groups.length - 1]!.push(fromAtom(part));
  }
  return disjunction(groups.map((g) => conjunction(g)));
}

const cache = new Map<string, Marker>();

/**
 * Parses a marker into the algebra (memoized): "" is ANY_MARKER, "<empty>" EMPTY_MARKER.
 * Throws InvalidMarker for a malformed marker.
 */
export function parseMarker(text: string): Marker {
  let m = cache.get(text);
  if (m === undefined) {
    const t = text.trim();
    m = t === "" ? ANY_MARKER : t === "<empty>" ? EMPTY_MARKER : fromList(Pep508Marker.parse(text).tree);
    remember(text, m);
  }
  return m;
}

/** The algebra's form of a marker already parsed (a requirement's): the same as parsing its text, without reading it again. */
export function markerFromPep508(parsed: Pep508Marker): Marker {
  const text = parsed.toString();
  let m = cache.get(text);
  if (m === undefined) {
    m = fromList(parsed.tree);
    remember(text, m);
  }
  return m;
}

function remember(text: string, m: Marker): void {
  if (cache.size > 20_000) cache.clear();
  cache.set(text, m);
}
