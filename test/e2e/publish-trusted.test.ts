/**
 * Trusted publishing end to end: the compiled binary, "on GitHub Actions" (GITHUB_ACTIONS=true,
 * ACTIONS_ID_TOKEN_REQUEST_URL pointing at the test index's stand-in for GitHub's ID-token
 * endpoint), exchanges an OIDC token for an upload token at the test index's /_/oidc endpoints
 * and uploads with it; pip then gets the files back. Also: when `auto` does and does not try
 * it, `always` failures (no id-token permission, GitHub refusing, no matching publisher) with
 * their messages, `never`, and that no token is ever printed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";

const FIXTURES = resolve(import.meta.dir, "../fixtures/build");
const PYTHON = "/root/.pyenv/versions/3.11.7/bin/python";
const REQUEST_TOKEN = "gha-request-token-123";
const MINTED = "pypi-minted-upload-token-456";
const TIMEOUT = 120_000;
const skip = !binaryBuilt();

let work: string;
let env: Record<string, string>;
let index: IndexServer;
let project: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "verse-publish-oidc-"));
  env = cleanEnv(join(work, "home"));
  index = await startIndexServer({
    auth: { username: "__token__", password: MINTED },
    trustedPublishing: { audience: "verse-test-audience", requestToken: REQUEST_TOKEN, mintedToken: MINTED },
  });
  project = join(work, "flat");
  cpSync(join(FIXTURES, "poetry-flat"), project, { recursive: true });
});
afterAll(async () => {
  await index?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

/** Asynchronous: the index runs in this process. */
async function spawn(cmd: string[], extra: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const p = Bun.spawn(cmd, { cwd: project, env: { ...env, ...extra }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { exitCode, stdout, stderr };
}
const verse = (args: string[], extra: Record<string, string> = {}) => spawn([VERSE_BIN, ...args], extra);

const repo = (): Record<string, string> => ({ POETRY_REPOSITORIES_LOCAL_URL: `${index.url}/legacy/` });
const actions = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...repo(),
  GITHUB_ACTIONS: "true",
  ACTIONS_ID_TOKEN_REQUEST_URL: `${index.url}/_/oidc/github-token?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
  ...extra,
});
const oidcCalls = () => index.requests.filter((r) => r.path.startsWith("/_/oidc/")).map((r) => `${r.method} ${r.path} ${r.status}`);
const noSecrets = (text: string) => {
  for (const s of [REQUEST_TOKEN, MINTED, "test-oidc."]) expect(text).not.toContain(s);
};

describe.skipIf(skip)("verse publish --trusted-publishing", () => {
  test("auto on GitHub Actions without credentials: OIDC exchange, then the upload with the minted token", async () => {
    expect((await spawn([VERSE_BIN, "build"])).exitCode).toBe(0);
    index.resetLog();
    const r = await verse(["publish", "-r", "local", "-n"], actions());
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("trusted publishing");
    expect(r.stdout).toContain(" - Uploading flatpkg-1.2.0.tar.gz 100%");
    expect(oidcCalls()).toEqual(["GET /_/oidc/audience 200", "GET /_/oidc/github-token 200", "POST /_/oidc/mint-token 200"]);
    expect(index.uploads.filter((u) => u.status === 200).map((u) => u.filename)).toEqual(["flatpkg-1.2.0.tar.gz", "flatpkg-1.2.0-py3-none-any.whl"]);
    noSecrets(r.stdout + r.stderr);
  }, TIMEOUT);

  test("pip gets the uploaded files back", async () => {
    const down = join(work, "down");
    const url = index.simpleUrlWithAuth;
    const p = Bun.spawn([PYTHON, "-m", "pip", "--disable-pip-version-check", "--no-input", "download", "--no-deps", "--index-url", url, "-d", down, "flatpkg==1.2.0"], { env, stdout: "pipe", stderr: "pipe" });
    expect(await p.exited).toBe(0);
    const got = readdirSync(down);
    expect(got).toEqual(["flatpkg-1.2.0-py3-none-any.whl"]);
    expect(Buffer.compare(readFileSync(join(down, got[0] as string)), readFileSync(join(project, "dist", got[0] as string)))).toBe(0);
  }, TIMEOUT);

  test("auto with configured credentials, or off GitHub Actions: no exchange", async () => {
    index.resetLog();
    let r = await verse(["publish", "-r", "local", "-n", "--skip-existing"], actions({ POETRY_PYPI_TOKEN_LOCAL: MINTED }));
    expect(r.exitCode).toBe(0);
    expect(oidcCalls()).toEqual([]);
    const { GITHUB_ACTIONS: _, ...offActions } = actions();
    r = await verse(["publish", "-r", "local", "-n"], offActions);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("no credentials for repository local");
    expect(oidcCalls()).toEqual([]);
    r = await verse(["publish", "-r", "local", "-n", "--trusted-publishing", "never"], actions());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("no credentials for repository local");
    expect(oidcCalls()).toEqual([]);
  }, TIMEOUT);

  test("always: without the id-token permission, a failure that says how to grant it", async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL: _u, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t, ...noPermission } = actions();
    const r = await verse(["publish", "-r", "local", "--trusted-publishing", "always"], noPermission);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("ACTIONS_ID_TOKEN_REQUEST_URL");
    expect(r.stderr).toContain("id-token: write");
  }, TIMEOUT);

  test("always: GitHub refusing the OIDC token, and no matching publisher (the index's reason shown)", async () => {
    index.resetLog();
    const before = index.uploads.length;
    let r = await verse(["publish", "-r", "local", "--trusted-publishing", "always"], actions({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong-request-token" }));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("GitHub Actions refused an OIDC token (HTTP 401)");
    noSecrets(r.stdout + r.stderr);
    index.options.trustedPublishing!.publisherConfigured = false;
    try {
      r = await verse(["publish", "-r", "local", "--trusted-publishing", "always"], actions());
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("repository local refused to mint an upload token (HTTP 422)");
      expect(r.stderr).toContain("invalid-publisher: valid token, but no corresponding publisher");
      noSecrets(r.stdout + r.stderr);
      // auto: a warning, then the ordinary credentials (none here, so -n fails naming them)
      r = await verse(["publish", "-r", "local", "-n"], actions());
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("Trusted publishing was not possible");
      expect(r.stderr).toContain("no credentials for repository local");
    } finally {
      index.options.trustedPublishing!.publisherConfigured = true;
    }
    expect(index.uploads.length).toBe(before);
  }, TIMEOUT);

  test("a repository without trusted publishing, and a bad mode", async () => {
    const saved = index.options.trustedPublishing;
    index.options.trustedPublishing = undefined;
    try {
      const r = await verse(["publish", "-r", "local", "--trusted-publishing", "always"], actions());
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("repository local does not support trusted publishing");
    } finally {
      index.options.trustedPublishing = saved;
    }
    const bad = await verse(["publish", "-r", "local", "--trusted-publishing", "sometimes"], actions());
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain("auto, always or never");
  }, TIMEOUT);
});
