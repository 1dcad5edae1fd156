import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { MANIFEST, manifestText } from "../../scripts/gen-embed.ts";
import { listEmbedded, readEmbeddedText, MissingResource } from "../../src/embedded.ts";

test("src/embedded.gen.ts lists exactly the files under embed/ (run `bun scripts/gen-embed.ts`)", () => {
  expect(readFileSync(MANIFEST, "utf8")).toBe(manifestText());
});

test("resources are read through the manifest; a missing one is a typed error", () => {
  expect(listEmbedded()).toContain("about.txt");
  expect(readEmbeddedText("about.txt")).toContain("verse");
  expect(() => readEmbeddedText("nope.txt")).toThrow(MissingResource);
});
