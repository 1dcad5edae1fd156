/** Upload progress (a bar on a terminal, plain lines otherwise), the counted multipart body, and the OIDC base URL. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { formatBytes, oidcBase, parseTrustedPublishing, PublishConfigError, UploadProgress } from "../../../src/publisher/index.ts";
import { multipartBody, uploadFile } from "../../../src/publisher/upload.ts";
import type { UploadForm } from "../../../src/publisher/form.ts";

function recorder(isTTY: boolean) {
  const raw: string[] = [];
  const lines: string[] = [];
  return { raw, lines, progress: new UploadProgress({ isTTY, write: (t: string) => raw.push(t) }, (l) => lines.push(l)) };
}

describe("UploadProgress", () => {
  test("on a terminal: a bar redrawn in place with the bytes, then one final line", () => {
    const r = recorder(true);
    r.progress.start("demo-1.0.tar.gz", 2048);
    r.progress.advance(1100, 2200);
    r.progress.advance(2200, 2200);
    r.progress.end("uploaded");
    expect(r.raw[0]).toContain("\r\x1b[2K - Uploading demo-1.0.tar.gz ░░░");
    expect(r.raw[0]).toContain("0%");
    expect(r.raw.some((t) => t.includes(" 50% ") && t.includes("1.1 KiB/2.1 KiB"))).toBe(true);
    expect(r.raw.some((t) => t.includes("100%") && t.includes("█".repeat(30)))).toBe(true);
    expect(r.raw[r.raw.length - 1]).toBe("\r\x1b[2K");
    expect(r.lines).toEqual([" - Uploading demo-1.0.tar.gz 100% (2.0 KiB)"]);
  });

  test("elsewhere: plain lines only, no control characters", () => {
    const r = recorder(false);
    r.progress.start("demo-1.0-py3-none-any.whl", 10);
    r.progress.advance(5, 10);
    r.progress.end("skipped");
    r.progress.start("demo-1.0.tar.gz", 10);
    r.progress.end("dry-run");
    expect(r.raw).toEqual([]);
    expect(r.lines).toEqual([" - Uploading demo-1.0-py3-none-any.whl File exists. Skipping", " - Uploading demo-1.0.tar.gz (dry run: not sent, 10 B)"]);
  });

  test("sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MiB");
  });
});

describe("the multipart body", () => {
  let server: ReturnType<typeof Bun.serve>;
  let seen: { fields: Record<string, string>; file: string; size: number; length: string | null }[] = [];
  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        const form = await req.formData();
        const fields: Record<string, string> = {};
        let file = "";
        let size = 0;
        for (const [k, v] of form.entries()) {
          if (typeof v === "string") fields[k] = v;
          else {
            file = v.name;
            size = v.size;
          }
        }
        seen.push({ fields, file, size, length: req.headers.get("content-length") });
        return new Response("OK");
      },
    });
  });
  afterAll(() => server.stop(true));

  test("parses as multipart/form-data with a Content-Length, and its bytes are counted as they go", async () => {
    seen = [];
    const content = new Uint8Array(200_000).fill(7);
    const form: UploadForm = { fields: [[":action", "file_upload"], ["description", "Ünïcode\r\nlines \"quoted\""]], filename: "demo-1.0.tar.gz", content };
    const progress: number[] = [];
    const outcome = await uploadFile({ name: "t", url: `http://127.0.0.1:${server.port}/legacy/` }, { username: "u", password: "p" }, form, {
      skipExisting: false,
      transport: {},
      onProgress: (sent) => progress.push(sent),
    });
    expect(outcome).toBe("uploaded");
    expect(seen[0]?.fields).toEqual({ ":action": "file_upload", description: "Ünïcode\r\nlines \"quoted\"" });
    expect(seen[0]?.file).toBe("demo-1.0.tar.gz");
    expect(seen[0]?.size).toBe(200_000);
    const total = multipartBody(form, "b").length - 2 * "b".length; // the same body with another boundary length
    expect(Number(seen[0]?.length)).toBeGreaterThan(total);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(Number(seen[0]?.length));
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });
});

describe("trusted publishing settings", () => {
  test("modes", () => {
    expect(parseTrustedPublishing(null)).toBe("auto");
    for (const m of ["auto", "always", "never"] as const) expect(parseTrustedPublishing(m)).toBe(m);
    expect(() => parseTrustedPublishing("yes")).toThrow(PublishConfigError);
  });

  test("PyPI's upload host has its OIDC endpoints on pypi.org; others on their own origin", () => {
    expect(oidcBase({ name: "pypi", url: "https://upload.pypi.org/legacy/" })).toBe("https://pypi.org");
    expect(oidcBase({ name: "testpypi", url: "https://test.pypi.org/legacy/" })).toBe("https://test.pypi.org");
    expect(oidcBase({ name: "local", url: "http://127.0.0.1:8080/legacy/" })).toBe("http://127.0.0.1:8080");
  });
});
