/**
 * Sources take their settings from verse's config as Poetry's do: `http-basic.<name>` credentials
 * (set with `verse config`, stored in auth.toml) open an index that needs a login; a wrong
 * password gets a 401 message naming the source and never the password; the lock is untouched.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";

let root: string;
let index: IndexServer;
let env: Record<string, string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-idxcfg-"));
  index = await startIndexServer({ auth: { username: "alice", password: "s3cret-pw" }, dists: [makeWheel({ name: "tinypkg", version: "1.0.0" })] });
  env = cleanEnv(join(root, "home"), { XDG_CONFIG_HOME: join(root, "config"), XDG_CACHE_HOME: join(root, "cache") });
});
afterAll(async () => {
  await index.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Async: the index server runs in this process. */
async function verse(args: string[], cwd: string) {
  const p = Bun.spawn([VERSE_BIN, ...args], { cwd, env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

test("http-basic credentials from `verse config` reach the source; a wrong password is named, not shown", async () => {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(
    join(dir, "pyproject.toml"),
    `[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.8"\ndependencies = ["tinypkg>=1"]\n\n[[tool.poetry.source]]\nname = "private"\nurl = "${index.simpleUrl}"\npriority = "primary"\n`,
  );
  const denied = await verse(["lock", "-n"], dir);
  expect(denied.code).not.toBe(0);
  expect(denied.err).toContain("private");
  expect(existsSync(join(dir, "poetry.lock"))).toBe(false);

  expect((await verse(["config", "http-basic.private", "alice", "wrong-pw"], dir)).code).toBe(0);
  const wrong = await verse(["lock", "-n"], dir);
  expect(wrong.code).not.toBe(0);
  expect(wrong.err).toContain("private");
  expect(wrong.err + wrong.out).not.toContain("wrong-pw");
  expect(existsSync(join(dir, "poetry.lock"))).toBe(false);

  expect((await verse(["config", "http-basic.private", "alice", "s3cret-pw"], dir)).code).toBe(0);
  const ok = await verse(["lock", "-n"], dir);
  expect(ok.err).not.toContain("s3cret-pw");
  expect(ok.code).toBe(0);
  expect(existsSync(join(dir, "poetry.lock"))).toBe(true);
}, 60_000);
