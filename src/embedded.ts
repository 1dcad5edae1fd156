/**
 * The one way to read a resource from embed/. In the compiled binary these live in Bun's
 * embedded file system; nothing is read relative to a source file or the binary's location.
 */
import { readFileSync } from "node:fs";
import { VerseError } from "./errors.ts";
import { EMBEDDED } from "./embedded.gen.ts";

export class MissingResource extends VerseError {}

function pathOf(name: string): string {
  const path = EMBEDDED[name];
  if (path === undefined) {
    throw new MissingResource(`embedded resource not found: ${name}`, { hint: "This is a bug in the verse build: please report it." });
  }
  return path;
}

/** Names (paths relative to embed/) of every embedded resource. */
export function listEmbedded(): string[] {
  return Object.keys(EMBEDDED).sort();
}

export function readEmbeddedText(name: string): string {
  return readFileSync(pathOf(name), "utf8");
}

export function readEmbeddedBytes(name: string): Uint8Array {
  return readFileSync(pathOf(name));
}
