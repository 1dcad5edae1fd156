import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, linkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { placeGenerated } from "../../../src/installer/generated-files.ts";

const root = mkdtempSync(join(tmpdir(), "verse-generated-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("generated files: shared by hard link in hardlink mode, private otherwise", () => {
  test("two environments share one inode for the same text; another mode writes a private file", () => {
    const cache = join(root, "gen");
    const a = join(root, "a-RECORD");
    const b = join(root, "b-RECORD");
    placeGenerated({ target: a, data: "same text\n", digest: "abcd1234", executable: false, share: true, dir: cache });
    placeGenerated({ target: b, data: "same text\n", digest: "abcd1234", executable: false, share: true, dir: cache });
    expect(readFileSync(b, "utf8")).toBe("same text\n");
    expect(statSync(a).ino).toBe(statSync(b).ino);
    const c = join(root, "c-RECORD");
    placeGenerated({ target: c, data: "same text\n", digest: "abcd1234", executable: false, share: false, dir: cache });
    expect(statSync(c).ino).not.toBe(statSync(a).ino);
    expect(statSync(c).nlink).toBe(1);
  });

  test("replacing a shared file never writes through the link into the cache", () => {
    const cache = join(root, "gen2");
    const a = join(root, "script-a");
    const b = join(root, "script-b");
    placeGenerated({ target: a, data: "#!/bin/sh\nold\n", digest: "old1", executable: true, share: true, dir: cache });
    linkSync(a, b); // b shares a's inode, as a hard-linked script would
    placeGenerated({ target: a, data: "#!/bin/sh\nnew\n", digest: "new1", executable: true, share: false, dir: cache });
    expect(readFileSync(a, "utf8")).toBe("#!/bin/sh\nnew\n");
    expect(readFileSync(b, "utf8")).toBe("#!/bin/sh\nold\n");
    expect(statSync(a).mode & 0o111).toBe(0o111);
  });

  test("a cache that cannot be written falls back to a private file", () => {
    const notADir = join(root, "plain-file");
    writeFileSync(notADir, "x");
    const t = join(root, "fallback");
    placeGenerated({ target: t, data: "text", digest: "ffff", executable: false, share: true, dir: notADir });
    expect(readFileSync(t, "utf8")).toBe("text");
  });
});
