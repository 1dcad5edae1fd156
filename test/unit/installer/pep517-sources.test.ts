/**
 * Source acquisition for PEP 517 builds: git checkouts through the system git (tag, branch that
 * moves, commit, unknown ref), sdist archives (tar.gz, zip, escaping paths refused).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { BuildError } from "../../../src/installer/errors.ts";
import { DownloadProgress } from "../../../src/installer/progress.ts";
import { git, gitCheckout, unpackArchive, type SourceContext } from "../../../src/installer/sources.ts";
import { makeTarGz } from "../../helpers/make-wheel.ts";

let root: string;
let repo: string;
const gitEnv = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

async function g(...args: string[]): Promise<string> {
  Object.assign(process.env, gitEnv);
  const r = await git(args, repo);
  if (r.code !== 0) throw new Error(r.err);
  return r.out.trim();
}

function ctx(name: string): SourceContext {
  const scratch = mkdtempSync(join(root, `scratch-${name}-`));
  return { fetch: { cacheRoot: join(root, "cache"), client: () => { throw new Error("no index needed"); }, progress: new DownloadProgress(null), concurrency: 1 }, scratch, label: "pkg (1.0)" };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-sources-"));
  repo = join(root, "repo");
  mkdirSync(repo);
  await g("init", "-q", "-b", "main");
  writeFileSync(join(repo, "v.txt"), "one\n");
  await g("add", "-A");
  await g("commit", "-q", "-m", "one");
  await g("tag", "v1");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("git", () => {
  test("a tag, a commit, and a branch that moves (fetched again)", async () => {
    const first = await g("rev-parse", "HEAD");
    const tag = await gitCheckout(ctx("tag"), repo, "v1");
    expect(tag.commit).toBe(first);
    expect(readFileSync(join(tag.dir, "v.txt"), "utf8")).toBe("one\n");
    writeFileSync(join(repo, "v.txt"), "two\n");
    await g("commit", "-q", "-am", "two");
    const second = await g("rev-parse", "HEAD");
    const branch = await gitCheckout(ctx("branch"), repo, "main");
    expect(branch.commit).toBe(second);
    expect(readFileSync(join(branch.dir, "v.txt"), "utf8")).toBe("two\n");
    const commit = await gitCheckout(ctx("commit"), repo, first);
    expect(readFileSync(join(commit.dir, "v.txt"), "utf8")).toBe("one\n");
    expect(existsSync(join(root, "cache", "git-v1", "db"))).toBe(true);
  });
  test("an unknown ref or repository is a BuildError naming the package", async () => {
    await expect(gitCheckout(ctx("nope"), repo, "no-such-tag")).rejects.toThrow(/pkg \(1\.0\).*no branch, tag or commit named no-such-tag/);
    const missing = gitCheckout(ctx("missing"), join(root, "nowhere"), "main");
    await expect(missing).rejects.toBeInstanceOf(BuildError);
  });
});

describe("archives", () => {
  const enc = new TextEncoder();
  test("tar.gz and zip sdists unpack to their top directory", async () => {
    const tgz = join(root, "a-1.0.tar.gz");
    writeFileSync(tgz, makeTarGz([["a-1.0/setup.py", enc.encode("pass\n")]]));
    const top = await unpackArchive(tgz, join(root, "ua"), "a (1.0)");
    expect(readFileSync(join(top, "setup.py"), "utf8")).toBe("pass\n");
    const zip = join(root, "b-1.0.zip");
    writeFileSync(zip, zipSync({ "b-1.0/setup.py": enc.encode("pass\n") }));
    const topz = await unpackArchive(zip, join(root, "ub"), "b (1.0)");
    expect(topz.endsWith("b-1.0")).toBe(true);
  });
  test("a zip entry escaping the directory is refused; a damaged archive is a BuildError", async () => {
    const zip = join(root, "evil-1.0.zip");
    writeFileSync(zip, zipSync({ "../evil.py": enc.encode("x") }));
    await expect(unpackArchive(zip, join(root, "ue"), "evil (1.0)")).rejects.toThrow(/escaping/);
    const junk = join(root, "junk-1.0.tar.gz");
    writeFileSync(junk, "not an archive");
    await expect(unpackArchive(junk, join(root, "uj"), "junk (1.0)")).rejects.toBeInstanceOf(BuildError);
  });
});
