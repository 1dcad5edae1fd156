/**
 * `verse self update / version / uninstall` against a local release server (127.0.0.1) serving two
 * releases made by build.ts. verse is first put in place by the real install.sh, so the receipt is
 * the one users get: from 0.1.0 to 0.2.0, a pinned version, a corrupt download (stays on 0.1.0 and
 * says so), a Homebrew-like install and one without a receipt (refused with a hint), uninstall.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildRelease, startReleaseServer, type ReleaseServer } from "../helpers/release-server.ts";

const INSTALL_SH = resolve(import.meta.dir, "../../scripts/install.sh");
const ASSET = `verse-${process.platform === "darwin" ? "darwin" : "linux"}-${process.arch === "arm64" ? "arm64" : "x64"}`;
let root: string;
let server: ReleaseServer;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-self-update-"));
  buildRelease("0.1.0", join(root, "rel-0.1.0"));
  buildRelease("0.2.0", join(root, "rel-0.2.0"));
  server = startReleaseServer({ "0.1.0": join(root, "rel-0.1.0"), "0.2.0": join(root, "rel-0.2.0") }, "0.2.0");
}, 180_000);

afterAll(() => {
  server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

let homes = 0;
function freshHome(): string {
  const home = join(root, `home-${homes++}`);
  mkdirSync(home);
  writeFileSync(join(home, ".bashrc"), "# user's bashrc\nalias ll='ls -l'\n");
  return home;
}

function env(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, PATH: "/usr/local/bin:/usr/bin:/bin", SHELL: "/bin/bash", VERSE_DOWNLOAD_URL: server.url, NO_COLOR: "1", ...extra };
}

/**
 * Children are awaited, never spawnSync'd: the release server runs in this process, and a
 * synchronous spawn would block the event loop that has to answer the child's requests.
 */
async function spawn(cmd: string[], envVars: Record<string, string>, cwd: string) {
  const proc = Bun.spawn(cmd, { env: envVars, cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out, err };
}

/** Installs `version` with install.sh into a fresh HOME and returns the binary's path. */
async function installed(version: string, extra: Record<string, string> = {}): Promise<{ home: string; bin: string }> {
  const home = freshHome();
  const r = await spawn(["sh", INSTALL_SH, "-q"], env(home, { VERSE_VERSION: version, ...extra }), home);
  if (r.code !== 0) throw new Error(`install.sh failed: ${r.err}`);
  return { home, bin: join(home, ".local/bin/verse") };
}

function run(bin: string, args: string[], home: string, extra: Record<string, string> = {}) {
  return spawn([bin, ...args], env(home, extra), home);
}

function versionOf(bin: string): string {
  return Bun.spawnSync([bin, "--version"], { stdout: "pipe" }).stdout.toString().trim();
}

function receipt(home: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(home, ".local/share/verse/install-receipt.json"), "utf8")) as Record<string, unknown>;
}

/** Nothing staged is left beside the binary. */
function onlyVerseIn(dir: string): void {
  expect(readdirSync(dir)).toEqual(["verse"]);
}

describe("verse self update", async () => {
  test("updates from 0.1.0 to the latest 0.2.0, verifies it, swaps it in and rewrites the receipt", async () => {
    const { home, bin } = await installed("0.1.0");
    expect(versionOf(bin)).toBe("verse (version 0.1.0)");
    const r = await run(bin, ["self", "update"], home);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Updated verse 0.1.0 -> 0.2.0");
    expect(versionOf(bin)).toBe("verse (version 0.2.0)");
    expect(receipt(home)).toMatchObject({ version: "0.2.0", target: ASSET, source: "install.sh" });
    expect(server.requests).toContain(`/download/v0.2.0/${ASSET}`);
    expect(server.requests).toContain("/download/v0.2.0/SHA256SUMS");
    onlyVerseIn(join(home, ".local/bin"));
    // Already the latest now.
    const again = await run(bin, ["self", "update"], home);
    expect(again.code).toBe(0);
    expect(again.out).toContain("already the latest version");
  }, 60_000);

  test("--dry-run tells what it would do and changes nothing", async () => {
    const { home, bin } = await installed("0.1.0");
    const r = await run(bin, ["self", "update", "--dry-run"], home);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Would update verse 0.1.0 -> 0.2.0");
    expect(r.out).toContain(`${server.url}/download/v0.2.0/${ASSET}`);
    expect(versionOf(bin)).toBe("verse (version 0.1.0)");
    expect(receipt(home).version).toBe("0.1.0");
  }, 60_000);

  test("a pinned version (with a leading v) goes there, even backwards", async () => {
    const { home, bin } = await installed("0.2.0");
    const r = await run(bin, ["self", "update", "v0.1.0"], home);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Updated verse 0.2.0 -> 0.1.0");
    expect(versionOf(bin)).toBe("verse (version 0.1.0)");
    const bad = await run(bin, ["self", "update", "latest-please"], home);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"latest-please" is not a valid verse version');
  }, 60_000);

  test("a corrupt download is refused: verse stays on 0.1.0 and says so", async () => {
    const { home, bin } = await installed("0.1.0");
    server.tamper.add(ASSET);
    try {
      const r = await run(bin, ["self", "update"], home);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`Checksum mismatch for ${ASSET}`);
      expect(r.err).toContain("verse stays at 0.1.0");
      expect(versionOf(bin)).toBe("verse (version 0.1.0)");
      expect(receipt(home).version).toBe("0.1.0");
      onlyVerseIn(join(home, ".local/bin"));
    } finally {
      server.tamper.delete(ASSET);
    }
  }, 60_000);

  test("an unreachable server is a network error (exit 4) and changes nothing", async () => {
    const { home, bin } = await installed("0.1.0");
    const r = await run(bin, ["self", "update"], home, { VERSE_DOWNLOAD_URL: "http://127.0.0.1:9/nowhere" });
    expect(r.code).toBe(4);
    expect(r.err).toContain("Could not download");
    expect(versionOf(bin)).toBe("verse (version 0.1.0)");
  }, 60_000);

  test("a Homebrew-like install (under Cellar/verse/<v>/bin, linked into bin) is refused with a hint", async () => {
    const home = freshHome();
    const cellarBin = join(home, "homebrew/Cellar/verse/0.1.0/bin");
    mkdirSync(cellarBin, { recursive: true });
    copyFileSync(join(root, "rel-0.1.0", ASSET), join(cellarBin, "verse"));
    chmodSync(join(cellarBin, "verse"), 0o755);
    mkdirSync(join(home, "homebrew/bin"));
    symlinkSync(join(cellarBin, "verse"), join(home, "homebrew/bin/verse"));
    for (const bin of [join(cellarBin, "verse"), join(home, "homebrew/bin/verse")]) {
      const r = await run(bin, ["self", "update"], home);
      expect(r.code).toBe(1);
      expect(r.err).toContain("was installed by Homebrew");
      expect(r.err).toContain("Run `brew upgrade verse` instead.");
      const u = await run(bin, ["self", "uninstall"], home);
      expect(u.code).toBe(1);
      expect(u.err).toContain("`brew uninstall verse`");
      expect((await run(bin, ["self", "version"], home)).out).toContain("installed by: Homebrew");
    }
    expect(versionOf(join(cellarBin, "verse"))).toBe("verse (version 0.1.0)");
  }, 60_000);

  test("a binary without an install receipt is refused with a hint", async () => {
    const home = freshHome();
    const bin = join(home, "downloads/verse");
    mkdirSync(join(home, "downloads"));
    copyFileSync(join(root, "rel-0.1.0", ASSET), bin);
    chmodSync(bin, 0o755);
    const r = await run(bin, ["self", "update"], home);
    expect(r.code).toBe(1);
    expect(r.err).toContain("has no install receipt");
    expect(r.err).toContain("install.sh | sh");
    expect(versionOf(bin)).toBe("verse (version 0.1.0)");
  }, 60_000);
});

describe("verse self version", async () => {
  test("shows the version and the installer that put it there", async () => {
    const { home, bin } = await installed("0.1.0");
    const r = await run(bin, ["self", "version"], home);
    expect(r.code).toBe(0);
    expect(r.out).toContain("verse 0.1.0");
    expect(r.out).toContain("installed by: install.sh");
    expect(r.out).toContain(`target:       ${ASSET}`);
    expect((await run(bin, ["self", "version", "--short"], home)).out).toBe("0.1.0\n");
  }, 60_000);
});

describe("verse self uninstall", async () => {
  test("removes the binary, env scripts, marked rc lines and receipt, and says so", async () => {
    const { home, bin } = await installed("0.1.0");
    const bashrcBefore = "# user's bashrc\nalias ll='ls -l'\n";
    expect(readFileSync(join(home, ".bashrc"), "utf8")).toContain("# verse");
    mkdirSync(join(home, ".cache/verse/cached"), { recursive: true });
    const r = await run(bin, ["self", "uninstall"], home);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`removed ${bin}`);
    expect(r.out).toContain(`removed verse's lines from ${join(home, ".bashrc")}`);
    expect(r.out).toContain("verse is uninstalled.");
    expect(existsSync(bin)).toBe(false);
    expect(existsSync(join(home, ".local/share/verse/env"))).toBe(false);
    expect(existsSync(join(home, ".local/share/verse/install-receipt.json"))).toBe(false);
    expect(readFileSync(join(home, ".bashrc"), "utf8")).toBe(bashrcBefore);
    expect(readFileSync(join(home, ".profile"), "utf8")).not.toContain("verse");
    // Without --all the cache stays.
    expect(existsSync(join(home, ".cache/verse/cached"))).toBe(true);
  }, 60_000);

  test("--all also removes the cache and data directories", async () => {
    const { home, bin } = await installed("0.1.0", { VERSE_NO_MODIFY_PATH: "1" });
    mkdirSync(join(home, ".cache/verse/cached"), { recursive: true });
    mkdirSync(join(home, ".local/share/verse/virtualenvs"), { recursive: true });
    const r = await run(bin, ["self", "uninstall", "--all"], home);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`removed ${join(home, ".cache/verse")}`);
    expect(existsSync(join(home, ".cache/verse"))).toBe(false);
    expect(existsSync(join(home, ".local/share/verse"))).toBe(false);
    expect(existsSync(bin)).toBe(false);
    expect(readFileSync(join(home, ".bashrc"), "utf8")).toBe("# user's bashrc\nalias ll='ls -l'\n");
  }, 60_000);
});
