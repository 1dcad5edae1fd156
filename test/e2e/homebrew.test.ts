/**
 * The Homebrew formula generated from release directories: a real build.ts release of this host
 * (with its .tar.gz), and a four-platform release packaged by the same scripts/release.ts from
 * stand-in binaries (cross-building four real ones takes minutes). `ruby -c` accepts the formula,
 * and every url/sha256 pair matches the release's SHA256SUMS. update-tap.ts writes and commits it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FormulaError } from "../../scripts/homebrew/formula.ts";
import { generateFormula } from "../../scripts/homebrew/generate.ts";
import { updateTap } from "../../scripts/homebrew/update-tap.ts";
import { packageRelease } from "../../scripts/release.ts";

const ROOT = resolve(import.meta.dir, "../..");
const BASE = "https://example.test/verse/releases";
const HOST = `${process.platform === "darwin" ? "darwin" : "linux"}-${process.arch === "arm64" ? "arm64" : "x64"}`;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "verse-brew-"));
  const r = Bun.spawnSync([process.execPath, "build.ts", "--release", "0.3.0", "--targets", HOST, "--out", join(dir, "real")], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`release build failed: ${r.stderr.toString()}`);
  const stand = join(dir, "stand-ins");
  mkdirSync(stand);
  const built = ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64", "linux-x64-musl", "windows-x64"].map((t) => {
    const artifact = `verse-${t}${t.startsWith("windows") ? ".exe" : ""}`;
    writeFileSync(join(stand, artifact), `#!/bin/sh\necho "verse (version 0.4.0) for ${t}"\n`);
    return { path: join(stand, artifact), artifact };
  });
  await packageRelease(built, "0.4.0", join(dir, "four"));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function sums(release: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(join(release, "SHA256SUMS"), "utf8").trim().split("\n")) {
    const [hash, file] = line.split("  ");
    map.set(file!, hash!);
  }
  return map;
}

/** url -> sha256 pairs in formula order. */
function pairs(formula: string): [string, string][] {
  return [...formula.matchAll(/url "([^"]+)"\n\s+sha256 "([0-9a-f]{64})"/g)].map((m) => [m[1]!, m[2]!]);
}

function rubyCheck(formula: string): void {
  const path = join(dir, `formula-${Math.random().toString(36).slice(2)}.rb`);
  writeFileSync(path, formula);
  const r = Bun.spawnSync(["ruby", "-c", path], { stdout: "pipe", stderr: "pipe" });
  expect(r.stderr.toString()).toBe("");
  expect(r.stdout.toString().trim()).toBe("Syntax OK");
}

describe("Homebrew formula", () => {
  test("from a four-platform release: on_macos/on_linux x on_arm/on_intel, sha256s of the .tar.gz from SHA256SUMS", () => {
    const release = join(dir, "four");
    const formula = generateFormula(release, BASE);
    rubyCheck(formula);
    const expected = sums(release);
    expect(pairs(formula)).toEqual(
      ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64"].map((t) => [`${BASE}/download/v0.4.0/verse-${t}.tar.gz`, expected.get(`verse-${t}.tar.gz`)!]),
    );
    expect(formula).toMatch(/on_macos do\n    on_arm do[\s\S]*on_intel do[\s\S]*on_linux do\n    on_arm do[\s\S]*on_intel do/);
    expect(formula).toContain('version "0.4.0"');
    expect(formula).toContain('bin.install "verse"');
    expect(formula).toContain('generate_completions_from_executable(bin/"verse", "completions")');
    expect(formula).toContain('shell_output("#{bin}/verse --version")');
    expect(formula).toContain('system bin/"verse", "new", "demo"');
  });

  test("from a real build.ts release of this host (other platforms left out on request)", () => {
    const release = join(dir, "real");
    expect(() => generateFormula(release, BASE)).toThrow(FormulaError);
    const formula = generateFormula(release, BASE, true);
    rubyCheck(formula);
    expect(pairs(formula)).toEqual([[`${BASE}/download/v0.3.0/verse-${HOST}.tar.gz`, sums(release).get(`verse-${HOST}.tar.gz`)!]]);
  });

  test("a manifest that disagrees with SHA256SUMS is refused", () => {
    const copy = join(dir, "tampered");
    mkdirSync(copy);
    const manifest = readFileSync(join(dir, "four", "manifest.json"), "utf8");
    writeFileSync(join(copy, "manifest.json"), manifest);
    writeFileSync(join(copy, "SHA256SUMS"), readFileSync(join(dir, "four", "SHA256SUMS"), "utf8").replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0")));
    expect(() => generateFormula(copy, BASE)).toThrow("disagree");
  });

  test("the checked-in scripts/homebrew/verse.rb is a formula ruby accepts", () => {
    rubyCheck(readFileSync(join(ROOT, "scripts/homebrew/verse.rb"), "utf8"));
  });
});

describe("update-tap.ts", () => {
  test("writes Formula/verse.rb into a tap and commits it when the tap is a git repository", () => {
    const tap = join(dir, "tap");
    mkdirSync(tap);
    const git = (args: string[]) =>
      Bun.spawnSync(["git", "-C", tap, ...args], {
        env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.test", GIT_CONFIG_GLOBAL: "/dev/null" },
        stdout: "pipe",
        stderr: "pipe",
      });
    expect(git(["init", "-q"]).exitCode).toBe(0);
    const prev = { ...process.env };
    Object.assign(process.env, { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.test" });
    try {
      const r = updateTap(tap, join(dir, "four"), BASE);
      expect(r.committed).toBe(true);
      expect(readFileSync(join(tap, "Formula/verse.rb"), "utf8")).toBe(generateFormula(join(dir, "four"), BASE));
      expect(git(["log", "--format=%s"]).stdout.toString().trim()).toBe("verse 0.4.0");
      // Running it again changes nothing and commits nothing.
      expect(updateTap(tap, join(dir, "four"), BASE).committed).toBe(false);
    } finally {
      for (const k of ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"]) {
        if (prev[k] === undefined) delete process.env[k];
        else process.env[k] = prev[k];
      }
    }
    // A plain directory gets the file, no commit.
    const plain = join(dir, "plain-tap");
    mkdirSync(plain);
    expect(updateTap(plain, join(dir, "four"), BASE)).toEqual({ path: join(plain, "Formula/verse.rb"), committed: false });
    expect(existsSync(join(plain, "Formula/verse.rb"))).toBe(true);
  });
});
