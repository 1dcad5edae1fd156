import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { README, renderReadme } from "../../scripts/gen-readme.ts";

test("README's command reference lists every command (run `bun scripts/gen-readme.ts`)", () => {
  const text = readFileSync(README, "utf8");
  expect(text).toBe(renderReadme(text));
});

test("README shows the two set-up commands", () => {
  const text = readFileSync(README, "utf8");
  expect(text).toContain("npm ci && npm run demo");
  expect(text).toContain("npm ci && npm test");
});
