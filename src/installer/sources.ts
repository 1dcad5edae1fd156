/**
 * Getting the source of a non-wheel package onto disk, and naming it by content so the wheel
 * built from it can be cached:
 *   sdist       downloaded from its index (verified against the lock), key = its sha256
 *   local-file  an archive on disk (sdist or wheel), key = its sha256
 *   url         downloaded through the IndexClient (verified when the lock has a hash), key = sha256
 *   directory   used in place, key = a hash of its files (paths and contents, build output left out)
 *   vcs (git)   the system `git`: a bare clone per URL in the cache (fetched when the commit is
 *               missing), checked out at branch/tag/rev into a scratch directory, key = the commit
 *               (+ subdirectory). A locked full commit whose wheel is cached needs no git at all.
 * An archive that is already a wheel is reported as such (no build).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { sha256File } from "../cache/index.ts";
import { atomicMoveDir, CacheLayout, withFileLock } from "../cache/index.ts";
import type { IndexClient, PackageFile } from "../index/index.ts";
import type { LockedPackage } from "../lock/index.ts";
import type { Artifact } from "./artifact.ts";
import { BuildError } from "./errors.ts";
import { findIndexFile, lockedHashes, type FetchContext } from "./fetch.ts";

/** A source tree ready to build, or an archive that is already a wheel. */
export type AcquiredSource =
  | { readonly kind: "tree"; readonly dir: string; readonly key: string }
  | { readonly kind: "wheel"; readonly path: string; readonly sha256: string };

/** What `keyOf` can tell before fetching anything (a cached build needs no download). */
export type EarlyKey = string | null;

const FULL_COMMIT = /^[0-9a-f]{40}$/i;

/** The source key when it is known from the lock alone: sdist sha256, a locked git commit. */
export function earlyKey(a: Artifact): EarlyKey {
  switch (a.kind) {
    case "sdist":
      return a.sha256 === null ? null : `sdist:${a.sha256}`;
    case "vcs":
      return a.vcs === "git" && FULL_COMMIT.test(a.rev) ? `git:${a.rev.toLowerCase()}:${a.subdirectory ?? ""}` : null;
    case "local-file":
    case "url": {
      const m = a.file === null ? null : /^sha256:([0-9a-f]{64})$/i.exec(a.file.hash);
      return m ? `sdist:${(m[1] as string).toLowerCase()}` : null;
    }
    default:
      return null;
  }
}

/** Directories that hold build output or tool state, not source. */
const SKIPPED_DIRS = new Set([".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "build", "dist", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules"]);

/** A hash of a directory's files (relative paths, modes' executable bit and contents). */
export function directoryHash(dir: string): string {
  const h = new Bun.CryptoHasher("sha256");
  const walk = (abs: string, rel: string): void => {
    const entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(abs, e.name);
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || e.name.endsWith(".egg-info") || e.name.startsWith(".verse-")) continue;
        walk(p, r);
      } else if (e.isFile()) {
        const data = readFileSync(p);
        h.update(`${r}\0${statSync(p).mode & 0o111 ? "x" : "-"}\0${data.length}\0`);
        h.update(data);
      }
    }
  };
  walk(dir, "");
  return h.digest("hex");
}

/** Unpack an sdist (.tar.gz, .tgz, .tar.bz2, .zip) into `into`; returns its top directory. */
export async function unpackArchive(archive: string, into: string, label: string): Promise<string> {
  mkdirSync(into, { recursive: true });
  const name = basename(archive).toLowerCase();
  try {
    if (name.endsWith(".zip")) {
      const { unzipSync } = await import("fflate");
      const files = unzipSync(new Uint8Array(readFileSync(archive)));
      for (const [path, data] of Object.entries(files)) {
        if (path.endsWith("/")) continue;
        if (path.startsWith("/") || path.split("/").some((s) => s === "..")) throw new BuildError(`The archive of ${label} has a path escaping its directory: ${path}`);
        const out = join(into, path);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, data);
      }
    } else {
      // node-tar refuses absolute paths and `..` by default (preservePaths: false)
      const { x: untar } = await import("tar");
      await untar({ file: archive, cwd: into, strict: true });
    }
  } catch (e) {
    if (e instanceof BuildError) throw e;
    throw new BuildError(`Cannot unpack the source archive of ${label} (${basename(archive)}): ${(e as Error).message}`, { hint: "The file is damaged or not an sdist; run `verse cache clear` and try again." });
  }
  const top = readdirSync(into);
  // an sdist holds one `<name>-<version>/` directory; anything else is built where it is
  const only = top.length === 1 ? join(into, top[0] as string) : null;
  return only !== null && statSync(only).isDirectory() ? only : into;
}

function fileOf(url: string, hashes: Readonly<Record<string, string>>): PackageFile {
  const clean = url.split("#")[0] as string;
  return { filename: decodeURIComponent(basename(new URL(clean).pathname)), url: clean, hashes, requiresPython: null, yanked: false, coreMetadata: false, source: "url" };
}

export interface SourceContext {
  readonly fetch: FetchContext;
  /** A scratch directory owned by this build (removed after it). */
  readonly scratch: string;
  readonly label: string;
}

/** Fetch (or find) the source of a non-wheel artifact. */
export async function acquireSource(ctx: SourceContext, pkg: LockedPackage, a: Exclude<Artifact, { kind: "wheel" }>): Promise<AcquiredSource> {
  switch (a.kind) {
    case "sdist": {
      const indexFile = await findIndexFile(ctx.fetch, pkg, a.file);
      ctx.fetch.progress.start(a.file.file);
      let path: string;
      try {
        path = await ctx.fetch.client().download(indexFile, lockedHashes(a.file));
        ctx.fetch.progress.end(a.file.file, true);
      } catch (e) {
        ctx.fetch.progress.end(a.file.file, false);
        throw e;
      }
      const sha = a.sha256 ?? (await sha256File(path));
      return { kind: "tree", dir: await unpackArchive(path, join(ctx.scratch, "src"), ctx.label), key: `sdist:${sha}` };
    }
    case "local-file":
      return archiveSource(ctx, a.path, a.file === null ? {} : lockedHashes(a.file));
    case "url": {
      const file = fileOf(a.url, a.file === null ? {} : lockedHashes(a.file));
      const path = await ctx.fetch.client().download(file, file.hashes);
      return archiveSource(ctx, path, {});
    }
    case "directory": {
      if (!existsSync(a.path) || !statSync(a.path).isDirectory()) {
        throw new BuildError(`Cannot install ${ctx.label}: the directory ${a.path} does not exist.`, { hint: "Fix the path dependency in pyproject.toml, then run `verse lock`." });
      }
      return { kind: "tree", dir: a.path, key: `dir:${directoryHash(a.path)}` };
    }
    case "vcs": {
      if (a.vcs !== "git") throw new BuildError(`Cannot install ${ctx.label}: ${a.vcs} dependencies are not supported (only git).`);
      const { dir, commit } = await gitCheckout(ctx, a.url, a.rev);
      const sub = a.subdirectory;
      const tree = sub ? join(dir, sub) : dir;
      if (sub && (!existsSync(tree) || sub.split(/[\\/]/).includes(".."))) throw new BuildError(`Cannot install ${ctx.label}: ${a.url}@${commit} has no subdirectory ${sub}.`);
      return { kind: "tree", dir: tree, key: `git:${commit}:${sub ?? ""}` };
    }
  }
}

async function archiveSource(ctx: SourceContext, path: string, hashes: Readonly<Record<string, string>>): Promise<AcquiredSource> {
  if (!existsSync(path)) throw new BuildError(`Cannot install ${ctx.label}: the file ${path} does not exist.`);
  const sha = await sha256File(path);
  if (hashes.sha256 !== undefined && hashes.sha256 !== sha) {
    throw new BuildError(`Hash mismatch for ${basename(path)} (${ctx.label}): expected sha256:${hashes.sha256}, got sha256:${sha}.`, { hint: "The file changed since the lock was written: run `verse lock`." });
  }
  if (path.endsWith(".whl")) return { kind: "wheel", path, sha256: sha };
  return { kind: "tree", dir: await unpackArchive(path, join(ctx.scratch, "src"), ctx.label), key: `sdist:${sha}` };
}

// ------------------------------------------------------------------------------------ git

/** Runs git without a terminal prompt; output kept for the error message. */
export function git(args: readonly string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: process.env.GIT_ASKPASS ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.on("error", (e: NodeJS.ErrnoException) => resolve({ code: e.code === "ENOENT" ? 127 : 1, out, err: e.code === "ENOENT" ? "git was not found on PATH" : e.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, out, err }));
  });
}

async function mustGit(label: string, what: string, args: readonly string[], cwd?: string): Promise<string> {
  const r = await git(args, cwd);
  if (r.code !== 0) {
    throw new BuildError(`Cannot install ${label}: ${what} failed.\n\n${r.err.trim().split("\n").slice(-15).map((l) => `  ${l}`).join("\n")}`, {
      hint: r.code === 127 ? "Install git and make sure it is on PATH." : "Check the repository URL and the branch, tag or rev in pyproject.toml (then `verse lock`).",
    });
  }
  return r.out.trim();
}

/** Check out `rev` of the repository at `url` into the scratch directory; returns it and the commit. */
export async function gitCheckout(ctx: SourceContext, url: string, rev: string): Promise<{ dir: string; commit: string }> {
  const layout = new CacheLayout(ctx.fetch.cacheRoot);
  const urlHash = new Bun.CryptoHasher("sha256").update(url).digest("hex");
  const db = layout.gitDbDir(urlHash);
  const cloneUrl = url.replace(/^git\+/, "");
  const want = rev === "" ? "HEAD" : rev;
  const findCommit = async (): Promise<string | null> => {
    for (const candidate of [want, `refs/tags/${want}`, `refs/heads/${want}`]) {
      const r = await git(["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`], db);
      if (r.code === 0) return r.out.trim();
    }
    return null;
  };
  // one process at a time updates a repository's clone (two packages may come from one repository)
  const commit = await withFileLock(layout.lockPath(`git-${urlHash}`), async () => {
    if (!existsSync(db)) {
      const tmp = join(ctx.scratch, "db");
      await mustGit(ctx.label, `cloning ${cloneUrl}`, ["clone", "--bare", "--quiet", cloneUrl, tmp]);
      atomicMoveDir(tmp, db);
    }
    // a branch or tag may move: fetch unless rev is a commit the clone already has
    if (!FULL_COMMIT.test(want) || (await findCommit()) === null) {
      await mustGit(ctx.label, `fetching ${cloneUrl}`, ["fetch", "--quiet", "--force", "--tags", cloneUrl, "+refs/heads/*:refs/heads/*"], db);
    }
    return findCommit();
  });
  if (commit === null) {
    throw new BuildError(`Cannot install ${ctx.label}: ${cloneUrl} has no branch, tag or commit named ${want}.`, { hint: "Fix the branch, tag or rev in pyproject.toml, then run `verse lock`." });
  }
  const dir = join(ctx.scratch, "checkout");
  await mustGit(ctx.label, "checking out the repository", ["clone", "--quiet", "--no-checkout", "--shared", db, dir]);
  await mustGit(ctx.label, `checking out ${commit}`, ["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit], dir);
  if (existsSync(join(dir, ".gitmodules"))) {
    await mustGit(ctx.label, "updating submodules", ["-c", "protocol.file.allow=always", "submodule", "update", "--init", "--recursive", "--quiet"], dir);
  }
  return { dir, commit };
}
