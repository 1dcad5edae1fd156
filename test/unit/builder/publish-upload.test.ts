/** The publisher's pieces against a tiny upload endpoint in this process (async fetch only). */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/project/index.ts";
import {
  AuthenticationError, MissingCredentialsError, PublishConfigError, UploadNetworkError, UploadRejectedError,
  findArtifacts, resolveCredentials, resolveRepository,
} from "../../../src/publisher/index.ts";
import { uploadFile } from "../../../src/publisher/upload.ts";
import type { UploadForm } from "../../../src/publisher/form.ts";

let replies: { status: number; body: string }[] = [];
let seen: { auth: string | null; fields: string[] }[] = [];
let server: ReturnType<typeof Bun.serve>;
let home: string;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const form = await req.formData();
      seen.push({ auth: req.headers.get("authorization"), fields: [...form.keys()] });
      const r = replies.shift() ?? { status: 200, body: "OK" };
      return new Response(r.body, { status: r.status });
    },
  });
  home = mkdtempSync(join(tmpdir(), "verse-publish-unit-"));
});
afterAll(() => {
  server.stop(true);
  rmSync(home, { recursive: true, force: true });
});

const repo = () => ({ name: "local", url: `http://127.0.0.1:${server.port}/legacy/` });
const creds = { username: "bob", password: "hunter2-secret" };
const form: UploadForm = { fields: [[":action", "file_upload"], ["name", "demo"]], filename: "demo-1.0.tar.gz", content: new Uint8Array([1, 2, 3]) };
const opts = { skipExisting: false, transport: {}, backoffMs: 1 };

describe("uploadFile", () => {
  test("sends basic auth and the form, the file as `content`", async () => {
    replies = [];
    seen = [];
    expect(await uploadFile(repo(), creds, form, opts)).toBe("uploaded");
    expect(seen[0]?.auth).toBe(`Basic ${Buffer.from("bob:hunter2-secret").toString("base64")}`);
    expect(seen[0]?.fields).toEqual([":action", "name", "content"]);
  });

  test("401 and 403: an AuthenticationError naming the repository, never the password", async () => {
    for (const status of [401, 403]) {
      replies = [{ status, body: "Invalid or non-existent authentication information." }];
      const err = await uploadFile(repo(), creds, form, opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect((err as Error).message).toContain("repository local");
      expect((err as Error).message).toContain(`HTTP ${status}: Invalid or non-existent authentication information.`);
      expect(`${(err as Error).message} ${(err as AuthenticationError).hint}`).not.toContain("hunter2");
    }
  });

  test("409 / 'File already exists': an error with the reason, or skipped with --skip-existing", async () => {
    replies = [{ status: 409, body: "Conflict" }];
    expect(await uploadFile(repo(), creds, form, { ...opts, skipExisting: true })).toBe("skipped");
    replies = [{ status: 400, body: "File already exists. See https://pypi.org/help/#file-name-reuse" }];
    const err = await uploadFile(repo(), creds, form, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect((err as Error).message).toContain("already exists on repository local: HTTP 400: File already exists");
  });

  test("another 400 shows the server's reason", async () => {
    replies = [{ status: 400, body: "Invalid value for classifiers. Error: Classifier 'Foo' is not a valid classifier." }];
    const err = await uploadFile(repo(), creds, form, { ...opts, skipExisting: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect((err as Error).message).toContain("Classifier 'Foo' is not a valid classifier.");
  });

  test("503 is retried; an unreachable server gives an UploadNetworkError after the attempts", async () => {
    replies = [{ status: 503, body: "busy" }];
    seen = [];
    expect(await uploadFile(repo(), creds, form, opts)).toBe("uploaded");
    expect(seen.length).toBe(2);
    const dead = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${dead.port}/legacy/`;
    dead.stop(true);
    const err = await uploadFile({ name: "gone", url }, creds, form, { ...opts, attempts: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadNetworkError);
    expect((err as Error).message).toContain("could not reach repository gone");
  });
});

describe("repository, credentials and artifacts", () => {
  const config = (env: Record<string, string>) => loadConfig({ env: { HOME: home, ...env } });

  test("pypi by default; a named repository must be configured", () => {
    expect(resolveRepository(config({}), null).url).toBe("https://upload.pypi.org/legacy/");
    expect(resolveRepository(config({ POETRY_REPOSITORIES_LOCAL_URL: "http://x/legacy/" }), "local").url).toBe("http://x/legacy/");
    expect(() => resolveRepository(config({}), "nope")).toThrow(PublishConfigError);
  });

  test("-u/-p, then the token (user __token__), then http-basic; none without a prompt fails naming the settings", async () => {
    const r = { name: "local", url: "http://x/" };
    const c = config({ POETRY_PYPI_TOKEN_LOCAL: "tok", POETRY_HTTP_BASIC_LOCAL_USERNAME: "u", POETRY_HTTP_BASIC_LOCAL_PASSWORD: "p" });
    expect(await resolveCredentials(c, r, { username: "x", password: "y", prompter: null })).toEqual({ username: "x", password: "y" });
    expect(await resolveCredentials(c, r, { username: null, password: null, prompter: null })).toEqual({ username: "__token__", password: "tok" });
    const basic = config({ POETRY_HTTP_BASIC_LOCAL_USERNAME: "u", POETRY_HTTP_BASIC_LOCAL_PASSWORD: "p" });
    expect(await resolveCredentials(basic, r, { username: null, password: null, prompter: null })).toEqual({ username: "u", password: "p" });
    const err = await resolveCredentials(config({}), r, { username: null, password: null, prompter: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingCredentialsError);
    expect((err as MissingCredentialsError).hint).toContain("POETRY_HTTP_BASIC_LOCAL_USERNAME");
    const asked: string[] = [];
    const prompter = { ask: async (q: string) => (asked.push(q), "me"), askHidden: async (q: string) => (asked.push(q), "pw") };
    expect(await resolveCredentials(config({}), r, { username: null, password: null, prompter })).toEqual({ username: "me", password: "pw" });
    expect(asked).toEqual(["Username: ", "Password: "]);
  });

  test("only the current version's files, sdist first", () => {
    const dist = join(home, "dist");
    mkdirSync(dist, { recursive: true });
    for (const f of ["demo-1.0-py3-none-any.whl", "demo-1.0.tar.gz", "demo-0.9.tar.gz", "other-1.0.tar.gz", "notes.txt"]) writeFileSync(join(dist, f), "");
    expect(findArtifacts(dist, "Demo", "1.0").map((a) => a.filename)).toEqual(["demo-1.0.tar.gz", "demo-1.0-py3-none-any.whl"]);
    expect(() => findArtifacts(dist, "demo", "2.0")).toThrow(/no files of demo 2\.0/);
  });
});
