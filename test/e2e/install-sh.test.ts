/**
 * scripts/install.sh against a local release server (127.0.0.1) serving releases made by
 * build.ts: a clean install, a pinned version, a checksum mismatch, PATH edits made once only,
 * --no-modify-path, and the same under sh, dash and bash; shellcheck passes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildRelease, startReleaseServer, type ReleaseServer } from "../helpers/release-server.ts";

const SCRIPT = resolve(import.meta.dir, "../../scripts/install.sh");
let root: string;
let server: ReleaseServer;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-install-"));
  buildRelease("0.1.0", join(root, "rel-0.1.0"));
  buildRelease("0.2.0", join(root, "rel-0.2.0"));
  server = startReleaseServer({ "0.1.0": join(root, "rel-0.1.0"), "0.2.0": join(root, "rel-0.2.0") }, "0.2.0");
}, 120_000);

afterAll(() => {
  server?.stop();
  rmSync(root, { recursive: true, force: true });
});

let homes = 0;
function freshHome(): string {
  const home = join(root, `home-${homes++}`);
  mkdirSync(home);
  writeFileSync(join(home, ".bashrc"), "# user's bashrc\n");
  return home;
}

/** Async: the release server lives in this process, so a blocking spawn would starve it. */
async function install(shell: string, home: string, extraEnv: Record<string, string> = {}, args: string[] = []) {
  const env: Record<string, string> = {
    HOME: home,
    PATH: "/usr/local/bin:/usr/bin:/bin",
    SHELL: "/bin/bash",
    VERSE_DOWNLOAD_URL: server.url,
    ...extraEnv,
  };
  const proc = Bun.spawn([shell, SCRIPT, ...args], { env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out, err };
}

function version(bin: string): string {
  return Bun.spawnSync([bin, "--version"], { stdout: "pipe" }).stdout.toString().trim();
}

describe("install.sh", () => {
  for (const shell of ["sh", "dash", "bash"]) {
    test(`a clean install under ${shell}: latest version, ~/.local/bin, PATH via rc files, a receipt`, async () => {
      if (!Bun.which(shell)) throw new Error(`${shell} is not installed`);
      const home = freshHome();
      const r = await install(shell, home);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      const bin = join(home, ".local/bin/verse");
      expect(version(bin)).toBe("verse (version 0.2.0)");
      expect(r.out).toContain("Installed: verse (version 0.2.0)");
      const envScript = readFileSync(join(home, ".local/share/verse/env"), "utf8");
      expect(envScript).toContain(join(home, ".local/bin"));
      expect(readFileSync(join(home, ".profile"), "utf8")).toContain(".local/share/verse/env");
      expect(readFileSync(join(home, ".bashrc"), "utf8")).toContain("# user's bashrc");
      const receipt = JSON.parse(readFileSync(join(home, ".local/share/verse/install-receipt.json"), "utf8"));
      expect(receipt).toMatchObject({ version: "0.2.0", install_dir: join(home, ".local/bin"), source: "install.sh", path_modified: true });
      // The env script really puts verse on PATH for a POSIX shell.
      const probe = Bun.spawnSync(["sh", "-c", `. "${home}/.local/share/verse/env"; command -v verse`], { env: { HOME: home, PATH: "/usr/bin:/bin" }, stdout: "pipe" });
      expect(probe.stdout.toString().trim()).toBe(bin);
    }, 30_000);
  }

  test("VERSE_VERSION pins a version; VERSE_INSTALL_DIR chooses the directory", async () => {
    const home = freshHome();
    const dir = join(home, "tools");
    const r = await install("sh", home, { VERSE_VERSION: "0.1.0", VERSE_INSTALL_DIR: dir, VERSE_NO_MODIFY_PATH: "1" });
    expect(r.code).toBe(0);
    expect(version(join(dir, "verse"))).toBe("verse (version 0.1.0)");
    expect(server.requests.some((p) => p === "/download/v0.1.0/verse-linux-x64" || p.startsWith("/download/v0.1.0/verse-"))).toBe(true);
  }, 30_000);

  test("a checksum mismatch fails closed and installs nothing", async () => {
    const home = freshHome();
    const target = readFileSync(join(root, "rel-0.2.0", "SHA256SUMS"), "utf8").split("\n")[0]!.split("  ")[1]!;
    server.tamper.add(target);
    try {
      const r = await install("sh", home);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain("checksum mismatch");
      expect(r.err).toContain("Nothing was installed");
      expect(existsSync(join(home, ".local/bin/verse"))).toBe(false);
      expect(existsSync(join(home, ".profile"))).toBe(false);
      expect(existsSync(join(home, ".local/share/verse/install-receipt.json"))).toBe(false);
    } finally {
      server.tamper.delete(target);
    }
  }, 30_000);

  test("PATH edits happen once, however often it runs", async () => {
    const home = freshHome();
    for (let i = 0; i < 3; i++) expect((await install("sh", home)).code).toBe(0);
    for (const rc of [".profile", ".bashrc"]) {
      const text = readFileSync(join(home, rc), "utf8");
      expect(text.split(".local/share/verse/env").length - 1).toBe(1);
    }
  }, 60_000);

  test("--no-modify-path leaves the rc files alone", async () => {
    const home = freshHome();
    const r = await install("bash", home, {}, ["--no-modify-path"]);
    expect(r.code).toBe(0);
    expect(existsSync(join(home, ".profile"))).toBe(false);
    expect(readFileSync(join(home, ".bashrc"), "utf8")).toBe("# user's bashrc\n");
    expect(r.out).toContain("Add ");
    const receipt = JSON.parse(readFileSync(join(home, ".local/share/verse/install-receipt.json"), "utf8"));
    expect(receipt.modify_path).toBe(false);
  }, 30_000);

  test("an unknown version fails with a clear message", async () => {
    const r = await install("sh", freshHome(), { VERSE_VERSION: "9.9.9" });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("is 9.9.9 a released version?");
  }, 30_000);

  test("shellcheck passes", () => {
    const shellcheck = Bun.which("shellcheck");
    if (!shellcheck) throw new Error("shellcheck is not installed (apt-get install shellcheck; .ci/run does it)");
    const r = Bun.spawnSync([shellcheck, "-s", "sh", SCRIPT], { stdout: "pipe", stderr: "pipe" });
    expect(r.stdout.toString()).toBe("");
    expect(r.exitCode).toBe(0);
  });
});
