/**
 * Writes scripts/homebrew/verse.rb (or --out) from a release directory made by build.ts:
 *   bun scripts/homebrew/generate.ts --release-dir dist/release --base-url https://github.com/verse-pm/verse/releases [--out FILE] [--allow-missing]
 * The manifest's sha256s are cross-checked against the directory's SHA256SUMS first.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formulaText, FormulaError, type ReleaseManifest } from "./formula.ts";

export const DEFAULT_BASE_URL = "https://github.com/verse-pm/verse/releases";

export function readRelease(dir: string): ReleaseManifest {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as ReleaseManifest;
  const sums = new Map<string, string>();
  for (const line of readFileSync(join(dir, "SHA256SUMS"), "utf8").split("\n")) {
    const m = /^([0-9a-f]{64}) [ *]?(\S+)$/.exec(line.trim());
    if (m) sums.set(m[2]!, m[1]!);
  }
  for (const f of manifest.files) {
    if (sums.get(f.file) !== f.sha256) throw new FormulaError(`${f.file}: manifest.json and SHA256SUMS disagree`);
  }
  return manifest;
}

export function generateFormula(releaseDir: string, baseUrl: string, allowMissing = false): string {
  return formulaText(readRelease(releaseDir), { baseUrl, allowMissing });
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.main) {
  const dir = resolve(flag("--release-dir") ?? "dist/release");
  const out = resolve(flag("--out") ?? join(import.meta.dir, "verse.rb"));
  const text = generateFormula(dir, flag("--base-url") ?? DEFAULT_BASE_URL, process.argv.includes("--allow-missing"));
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
