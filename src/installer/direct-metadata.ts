/**
 * The installer's answer to the lock's DirectSourceReader: the metadata of a git, url, file or
 * directory dependency, read from the wheel it is (a wheel file or URL) or builds into (the same
 * PEP 517 machinery and built-wheel cache `install` uses, so the install after the lock reuses
 * the build). A git reference is resolved to its commit first; an archive is hashed for `files`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { CacheLayout, sha256File } from "../cache/index.ts";
import type { IndexClient, PackageFile } from "../index/index.ts";
import type { DirectSourceInfo, DirectSourceReader } from "../lock/index.ts";
import type { Artifact } from "./artifact.ts";
import type { BuildInterpreter } from "./build-env.ts";
import type { Config } from "../project/core.ts";
import { BuildError } from "./errors.ts";
import type { FetchContext } from "./fetch.ts";
import { DownloadProgress } from "./progress.ts";
import { gitCheckout } from "./sources.ts";

export interface DirectReaderOptions {
  readonly cacheRoot: string;
  readonly client: () => IndexClient;
  /** The interpreter builds run with; asked for only when something must be built. */
  readonly interpreter: () => Promise<BuildInterpreter>;
  /** installer.build-config-settings apply to these builds too. */
  readonly config: Config;
  readonly detail: (text: string) => void;
}

function metadataIn(wheelDir: string, label: string): string {
  const info = readdirSync(wheelDir).find((e) => e.endsWith(".dist-info"));
  if (info === undefined) throw new BuildError(`The wheel of ${label} has no .dist-info directory.`);
  return readFileSync(join(wheelDir, info, "METADATA"), "utf8");
}

function urlFile(url: string): PackageFile {
  const clean = url.split("#")[0] as string;
  return { filename: decodeURIComponent(basename(new URL(clean).pathname)), url: clean, hashes: {}, requiresPython: null, yanked: false, coreMetadata: false, source: "url" };
}

/**
 * The package name a git dependency declares (its pyproject.toml, in the subdirectory if one is
 * given), read from a checkout without building; null when it declares none (a setup.py-only
 * project) or the reference is missing. `add` uses it for a git URL given without a name, as
 * Poetry reads the name from the package rather than from the URL.
 */
export async function gitProjectName(
  fetch: Pick<FetchContext, "cacheRoot">,
  req: { readonly url: string; readonly rev?: string; readonly subdirectory?: string },
  readName: (dir: string) => string | null,
): Promise<string | null> {
  const layout = new CacheLayout(fetch.cacheRoot);
  layout.ensure();
  const scratch = mkdtempSync(join(layout.tmpDir(), "add-git-"));
  try {
    const ctx = { fetch: { ...fetch, client: () => { throw new Error("no index needed"); }, progress: new DownloadProgress(null), concurrency: 1 }, scratch, label: req.url };
    const { dir } = await gitCheckout(ctx, req.url, req.rev ?? "");
    return readName(req.subdirectory ? join(dir, req.subdirectory) : dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function directSourceReader(o: DirectReaderOptions): DirectSourceReader {
  const fetch: FetchContext = { cacheRoot: o.cacheRoot, client: o.client, progress: new DownloadProgress(null), concurrency: 4 };
  let builder: Promise<(req: { name: string; version: string; artifact: Artifact }) => Promise<{ wheelDir: string }>> | null = null;
  const wheelOf = async (name: string, artifact: Exclude<Artifact, { kind: "wheel" }>): Promise<string> => {
    builder ??= (async () => {
      // loaded on first need, as install does: most locks build nothing
      const { configSettingsFrom, makeWheelBuilder } = await import("./build-wheel.ts");
      return makeWheelBuilder({ fetch, interp: await o.interpreter(), configSettings: configSettingsFrom(o.config), detail: o.detail });
    })();
    const build = await builder;
    return metadataIn((await build({ name, version: "(direct)", artifact })).wheelDir, name);
  };
  const archive = async (name: string, path: string, filename: string): Promise<DirectSourceInfo> => {
    const sha256 = await sha256File(path);
    const metadata = await wheelOf(name, { kind: "local-file", path, file: { file: filename, hash: `sha256:${sha256}` } });
    return { metadata, archive: { filename, sha256 } };
  };
  return async (req, name) => {
    switch (req.kind) {
      case "git": {
        const layout = new CacheLayout(o.cacheRoot);
        layout.ensure();
        const scratch = mkdtempSync(join(layout.tmpDir(), "lock-git-"));
        let commit: string;
        try {
          ({ commit } = await gitCheckout({ fetch, scratch, label: name }, req.url, req.rev ?? ""));
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
        const metadata = await wheelOf(name, { kind: "vcs", vcs: "git", url: req.url, rev: commit, subdirectory: req.subdirectory });
        return { metadata, commit };
      }
      case "url": {
        const file = urlFile(req.url);
        const path = await fetch.client().download(file, {});
        return archive(name, path, file.filename);
      }
      case "file":
        return archive(name, req.path, basename(req.path));
      case "directory":
        return { metadata: await wheelOf(name, { kind: "directory", path: req.path, develop: false }) };
    }
  };
}
