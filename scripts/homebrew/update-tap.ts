/**
 * Writes the formula into a Homebrew tap checkout (<tap>/Formula/verse.rb) and, when the tap is a
 * git repository, commits it there ("verse <version>"). Pushing is left to the caller (the
 * release workflow), which holds the credentials.
 *   bun scripts/homebrew/update-tap.ts --tap ../homebrew-tap --release-dir dist/release [--base-url URL] [--no-commit]
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_BASE_URL, readRelease } from "./generate.ts";
import { formulaText } from "./formula.ts";

export interface TapUpdate {
  path: string;
  committed: boolean;
}

function git(tap: string, args: string[]): { code: number; out: string } {
  const r = Bun.spawnSync(["git", "-C", tap, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
}

export function updateTap(tap: string, releaseDir: string, baseUrl: string, commit = true): TapUpdate {
  const manifest = readRelease(releaseDir);
  const path = join(tap, "Formula", "verse.rb");
  mkdirSync(join(tap, "Formula"), { recursive: true });
  writeFileSync(path, formulaText(manifest, { baseUrl }));
  if (!commit || !existsSync(join(tap, ".git"))) return { path, committed: false };
  const add = git(tap, ["add", "Formula/verse.rb"]);
  if (add.code !== 0) throw new Error(`git add failed in ${tap}: ${add.out}`);
  // Nothing staged: the tap already has this formula.
  if (git(tap, ["diff", "--cached", "--quiet"]).code === 0) return { path, committed: false };
  const c = git(tap, ["commit", "-m", `verse ${manifest.version}`]);
  if (c.code !== 0) throw new Error(`git commit failed in ${tap}: ${c.out}`);
  return { path, committed: true };
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.main) {
  const tap = flag("--tap");
  if (!tap) {
    console.error("usage: update-tap.ts --tap DIR [--release-dir DIR] [--base-url URL] [--no-commit]");
    process.exit(2);
  }
  const r = updateTap(resolve(tap), resolve(flag("--release-dir") ?? "dist/release"), flag("--base-url") ?? DEFAULT_BASE_URL, !process.argv.includes("--no-commit"));
  console.log(`${r.committed ? "committed" : "wrote"} ${r.path}`);
}
