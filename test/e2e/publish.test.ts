/**
 * `verse publish` against the test index's legacy upload endpoint, judged by pip: what verse
 * uploads, `pip download`/`pip install <name>==<version> --index-url <local>` gets back byte for
 * byte. Also: the form's fields and digests, sdist first and only the current version,
 * --skip-existing, --dry-run, --build, retries, tokens, wrong and missing credentials (the
 * message names the repository and never shows the password).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";

const FIXTURES = resolve(import.meta.dir, "../fixtures/build");
const PYTHON = "/root/.pyenv/versions/3.11.7/bin/python";
const USER = "alice";
const PASSWORD = "s3cret-Pa55word";
const TIMEOUT = 120_000;

let work: string;
let env: Record<string, string>;
let index: IndexServer;
let project: string;
const skip = !binaryBuilt();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "verse-publish-"));
  env = cleanEnv(join(work, "home"));
  index = await startIndexServer({ auth: { username: USER, password: PASSWORD } });
  project = join(work, "srcpkg");
  cpSync(join(FIXTURES, "poetry-src"), project, { recursive: true });
});
afterAll(async () => {
  await index?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

const repoEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ POETRY_REPOSITORIES_LOCAL_URL: `${index.url}/legacy/`, ...extra });
const withBasic = (): Record<string, string> => repoEnv({ POETRY_HTTP_BASIC_LOCAL_USERNAME: USER, POETRY_HTTP_BASIC_LOCAL_PASSWORD: PASSWORD });
/** Asynchronous on purpose: the index runs in this process, so a blocking spawn would starve it. */
async function spawn(cmd: string[], cwd: string, extra: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const p = Bun.spawn(cmd, { cwd, env: { ...env, ...extra }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { exitCode, stdout, stderr };
}
const verse = (args: string[], extra: Record<string, string> = {}, cwd = project) => spawn([VERSE_BIN, ...args], cwd, extra);

async function pip(args: string[], python = PYTHON): Promise<{ code: number; out: string }> {
  const r = await spawn([python, "-m", "pip", "--disable-pip-version-check", "--no-input", ...args], work);
  return { code: r.exitCode, out: r.stdout + r.stderr };
}

describe.skipIf(skip)("verse publish", () => {
  test("uploads the sdist then the wheel with every metadata field and the three digests", async () => {
    expect((await verse(["build"])).exitCode).toBe(0);
    // another version's files in dist/ are never uploaded
    writeFileSync(join(project, "dist", "srcpkg-0.3.0-py3-none-any.whl"), "old");
    const r = await verse(["publish", "-r", "local"], withBasic());
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Publishing srcpkg (0.3.1) to local");
    const ok = index.uploads.filter((u) => u.status === 200);
    expect(ok.map((u) => u.filename)).toEqual(["srcpkg-0.3.1.tar.gz", "srcpkg-0.3.1-py3-none-any.whl"]);
    for (const u of ok) {
      const bytes = readFileSync(join(project, "dist", u.filename));
      expect(u.fields[":action"]).toBe("file_upload");
      expect(u.fields.protocol_version).toBe("1");
      expect(u.fields.metadata_version).toBe("2.4");
      expect(u.fields.name).toBe("srcpkg");
      expect(u.fields.version).toBe("0.3.1");
      expect(u.fields.summary).toBe("A src-layout Poetry project");
      expect(u.fields.author).toBe("Alan Turing");
      expect(u.fields.author_email).toBe("alan@example.com");
      expect(u.fields.requires_python).toBe(">=3.8,<4.0");
      expect(u.fields.requires_dist).toBe("click (>=8.1,<8.2)");
      expect(u.fields.classifiers).toContain("Programming Language :: Python :: 3.8");
      expect(u.fields.description_content_type).toBe("text/x-rst");
      expect(u.fields.description).toContain("The src layout.");
      expect(u.fields.md5_digest).toBe(createHash("md5").update(bytes).digest("hex"));
      expect(u.fields.sha256_digest).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(u.fields.blake2_256_digest).toBe(blake2b256Python(bytes));
      expect(u.fields.filetype).toBe(u.filename.endsWith(".whl") ? "bdist_wheel" : "sdist");
      expect(u.fields.pyversion).toBe(u.filename.endsWith(".whl") ? "py3" : "source");
    }
  }, TIMEOUT);

  test("pip gets the same files back from the index", async () => {
    const url = index.simpleUrlWithAuth;
    const down = join(work, "downloaded");
    const r = await pip(["download", "--no-deps", "--only-binary", ":all:", "--index-url", url, "-d", down, "srcpkg==0.3.1"]);
    expect(r.code).toBe(0);
    const got = readdirSync(down);
    expect(got).toEqual(["srcpkg-0.3.1-py3-none-any.whl"]);
    expect(Buffer.compare(readFileSync(join(down, got[0] as string)), readFileSync(join(project, "dist", got[0] as string)))).toBe(0);
    const venv = join(work, "venv");
    expect(Bun.spawnSync([PYTHON, "-m", "venv", venv]).exitCode).toBe(0);
    const inst = await pip(["install", "--no-deps", "--index-url", url, "srcpkg==0.3.1"], join(venv, "bin", "python"));
    expect(inst.out).toContain("Successfully installed srcpkg-0.3.1");
    const ran = Bun.spawnSync([join(venv, "bin", "srcpkg-run")], { env, stdout: "pipe" });
    expect(ran.stdout.toString().trim()).toBe("srcpkg ran");
  }, TIMEOUT);

  test("a different file of an existing name: a clear failure, or skipped with --skip-existing", async () => {
    writeFileSync(join(project, "src", "srcpkg", "__init__.py"), "# changed\n");
    expect((await verse(["build", "--clean"])).exitCode).toBe(0);
    let r = await verse(["publish", "-r", "local"], withBasic());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("srcpkg-0.3.1.tar.gz already exists on repository local");
    expect(r.stderr).toContain("File already exists"); // the server's reason
    expect(r.stderr).toContain("--skip-existing");
    r = await verse(["publish", "-r", "local", "--skip-existing"], withBasic());
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/File exists\. Skipping/g)?.length).toBe(2);
  }, TIMEOUT);

  test("--dry-run sends nothing and needs no credentials", async () => {
    const before = index.uploads.length;
    const r = await verse(["publish", "-r", "local", "--dry-run", "-n"], repoEnv());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("dry run");
    expect(index.uploads.length).toBe(before);
  }, TIMEOUT);

  test("wrong credentials: the message names the repository and never shows the password", async () => {
    const wrong = "Wr0ng-Secret-Value";
    const r = await verse(["publish", "-r", "local", "-u", USER, "-p", wrong, "--skip-existing"], repoEnv());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("authentication to repository local");
    expect(r.stderr).toContain("HTTP 403");
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  }, TIMEOUT);

  test("no credentials with -n: a failure naming the settings and variables to set", async () => {
    const r = await verse(["publish", "-r", "local", "-n"], repoEnv());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("no credentials for repository local");
    for (const hint of ["pypi-token.local", "http-basic.local", "POETRY_PYPI_TOKEN_LOCAL", "POETRY_HTTP_BASIC_LOCAL_USERNAME", "POETRY_HTTP_BASIC_LOCAL_PASSWORD"]) expect(r.stderr).toContain(hint);
  }, TIMEOUT);

  test("an unknown repository is named", async () => {
    const r = await verse(["publish", "-r", "nowhere"], repoEnv());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("repository nowhere is not defined");
  }, TIMEOUT);

  test("--build, a token from POETRY_PYPI_TOKEN_<NAME>, and a retry after a server error", async () => {
    const dir = join(work, "flat");
    cpSync(join(FIXTURES, "poetry-flat"), dir, { recursive: true });
    index.options.auth = { username: "__token__", password: "pypi-test-token" };
    index.faults = { errors: { count: 1, status: 503, match: /^\/legacy/ } };
    try {
      const r = await verse(["publish", "-r", "local", "--build"], repoEnv({ POETRY_PYPI_TOKEN_LOCAL: "pypi-test-token" }), dir);
      expect(r.stderr).toBe("");
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain("Built flatpkg-1.2.0-py3-none-any.whl");
      const flat = index.uploads.filter((u) => u.fields.name === "flatpkg" && u.status === 200).map((u) => u.filename);
      expect(flat).toEqual(["flatpkg-1.2.0.tar.gz", "flatpkg-1.2.0-py3-none-any.whl"]);
      expect(r.stdout + r.stderr).not.toContain("pypi-test-token");
    } finally {
      index.options.auth = { username: USER, password: PASSWORD };
      index.faults = {};
    }
  }, TIMEOUT);
});

/** BLAKE2b with a 32-byte digest, computed by Python's hashlib (the reference PyPI uses). */
function blake2b256Python(data: Uint8Array): string {
  const r = Bun.spawnSync([PYTHON, "-c", "import hashlib,sys; print(hashlib.blake2b(sys.stdin.buffer.read(), digest_size=32).hexdigest())"], { stdin: data, stdout: "pipe" });
  return r.stdout.toString().trim();
}
