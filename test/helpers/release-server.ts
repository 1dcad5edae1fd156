/**
 * A release download server on 127.0.0.1 for install.sh and `self update` tests. It serves
 * release directories made by scripts/release.ts in the layout the installer expects:
 *   /latest/download/<file>        -> the newest release
 *   /download/v<version>/<file>    -> that release
 * `tamper` corrupts the bytes of one file name (a checksum-mismatch test); `requests` logs paths.
 * The server runs inside the test process: drive clients with Bun.spawn (async), never
 * Bun.spawnSync, which blocks the event loop and so the server.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ReleaseServer {
  url: string;
  requests: string[];
  tamper: Set<string>;
  setLatest(version: string): void;
  stop(): void;
}

export function startReleaseServer(releases: Record<string, string>, latest: string): ReleaseServer {
  const requests: string[] = [];
  const tamper = new Set<string>();
  let current = latest;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname;
      requests.push(path);
      let m = /^\/latest\/download\/([^/]+)$/.exec(path);
      let version = current;
      let file: string | undefined = m?.[1];
      if (!m) {
        m = /^\/download\/v([^/]+)\/([^/]+)$/.exec(path);
        if (m) {
          version = m[1]!;
          file = m[2];
        }
      }
      const dir = releases[version];
      if (!file || !dir || !existsSync(join(dir, file))) return new Response("not found", { status: 404 });
      if (!tamper.has(file)) return new Response(Bun.file(join(dir, file)));
      const body = Buffer.from(readFileSync(join(dir, file)));
      body[body.length - 1]! ^= 0xff;
      return new Response(body);
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    tamper,
    setLatest: (v) => {
      current = v;
    },
    stop: () => server.stop(true),
  };
}

/** Builds a host-only release of `version` into `outDir` (no archives: the tests use the bare binary). */
export function buildRelease(version: string, outDir: string): void {
  const root = join(import.meta.dir, "../..");
  const target = `${process.platform === "darwin" ? "darwin" : "linux"}-${process.arch === "arm64" ? "arm64" : "x64"}`;
  const r = Bun.spawnSync([process.execPath, "build.ts", "--release", version, "--targets", target, "--out", outDir, "--no-archives"], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
  });
  if (r.exitCode !== 0) throw new Error(`release build failed: ${r.stderr.toString()}`);
}
