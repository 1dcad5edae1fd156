/**
 * verse's tokenizer must split argv exactly as node:util's parseArgs does in lenient mode (the
 * parser it replaces at start-up): checked on hand-picked lines and on many generated ones.
 */
import { describe, expect, test } from "bun:test";
import { parseArgs } from "node:util";
import { tokenize, type TokenOption } from "../../../src/cli/tokenize.ts";

const SPEC: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {
  verbose: { type: "boolean", short: "v", multiple: true },
  quiet: { type: "boolean", short: "q" },
  directory: { type: "string", short: "C" },
  group: { type: "string", short: "G" },
  extras: { type: "string", short: "E", multiple: true },
  "dry-run": { type: "boolean" },
  python: { type: "string" },
};
const OPTIONS = new Map<string, TokenOption>(Object.entries(SPEC).map(([name, o]) => [name, { takesValue: o.type === "string", short: o.short }]));

function reference(args: string[]) {
  const parsed = parseArgs({ args, options: SPEC, strict: false, allowPositionals: true, tokens: true });
  const options = (parsed.tokens ?? []).flatMap((t) =>
    t.kind === "option" ? [{ name: t.name, rawName: t.rawName, value: t.value, inlineValue: t.inlineValue }] : [],
  );
  return { options, positionals: parsed.positionals };
}

const CASES: string[][] = [
  [],
  ["add", "requests"],
  ["-vvv", "add"],
  ["-C", "/tmp", "add", "-Gdev", "--extras=a", "-E", "b", "--dry-run"],
  ["-vGdev", "x"],
  ["-vqC"],
  ["-vqCdir", "x"],
  ["--group"],
  ["-G"],
  ["--group", "--dry-run"],
  ["-G", "-v"],
  ["--dry-run=yes"],
  ["--unknown", "value"],
  ["--unknown=value"],
  ["-x", "-xyz", "-vx"],
  ["-", "--", "-v", "--group", "x"],
  ["--=x", "--=a=b", "--a=", "--=", "---", "----x=1"],
  ["run", "python", "-c", "print(1)", "--help"],
  ["", "-", "--", ""],
  ["-E", "a", "-Eb", "--extras", "c", "--extras=d=e"],
];

describe("tokenize matches parseArgs (lenient mode)", () => {
  test.each(CASES.map((c) => [c.join(" ") || "(empty)", c] as const))("%s", (_label, args) => {
    expect(tokenize(args, OPTIONS)).toEqual(reference(args));
  });

  test("on 3000 generated command lines", () => {
    const words = ["-v", "-vv", "-q", "-C", "-Cdir", "-vC", "-vCdir", "-G", "-Gdev", "-qGx", "-E", "-Ea", "-x", "-xv", "-vx", "--verbose", "--group", "--group=g", "--group=", "--dry-run", "--dry-run=1", "--python", "--python=3.12", "--unknown", "--unknown=1", "--", "-", "", "add", "name", "a=b", "--=z", "-=", "-v=1"];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      const args = Array.from({ length: random(7) }, () => words[random(words.length)]!);
      expect({ args, ...tokenize(args, OPTIONS) }).toEqual({ args, ...reference(args) });
    }
  });
});
