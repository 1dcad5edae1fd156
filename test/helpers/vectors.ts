/** Access to the conformance vectors in ../shared/vectors (beside the checkout). */
import { readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const VECTORS_DIR = resolve(import.meta.dir, "../../../shared/vectors");

export function vectorsAvailable(): boolean {
  return existsSync(VECTORS_DIR);
}

/** Parse a JSON vector file, e.g. loadVector("packaging/versions.json"). */
export function loadVector<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(join(VECTORS_DIR, relativePath), "utf8")) as T;
}
