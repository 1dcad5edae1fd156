/**
 * Release packaging: from compiled binaries, a release directory holding each binary bare and as
 * an archive (.tar.gz, or .zip for Windows), SHA256SUMS over every file, manifest.json
 * (version, target, file, sha256, size) and VERSION. Its layout is what install.sh, the Homebrew
 * formula generator and `verse self update` read.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { basename, join } from "node:path";
import { zipSync } from "fflate";
import * as tar from "tar";

export interface ManifestEntry {
  version: string;
  target: string;
  file: string;
  kind: "binary" | "archive";
  sha256: string;
  size: number;
}

export interface Manifest {
  version: string;
  files: ManifestEntry[];
}

/** Fixed archive timestamps keep a release reproducible. */
const EPOCH = new Date(Number(process.env.SOURCE_DATE_EPOCH ?? 315532800) * 1000);

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function targetOf(artifact: string): string {
  return artifact.replace(/^verse-/, "").replace(/\.exe$/, "");
}

export async function packageRelease(
  built: { path: string; artifact: string }[],
  version: string,
  outDir: string,
  options: { archives?: boolean } = {},
): Promise<Manifest> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files: ManifestEntry[] = [];
  const add = (file: string, target: string, kind: ManifestEntry["kind"]) => {
    const path = join(outDir, file);
    files.push({ version, target, file, kind, sha256: sha256File(path), size: statSync(path).size });
  };
  for (const { path, artifact } of built) {
    const target = targetOf(artifact);
    const bare = join(outDir, artifact);
    copyFileSync(path, bare);
    if (!artifact.endsWith(".exe")) chmodSync(bare, 0o755);
    add(artifact, target, "binary");
    if (options.archives === false) continue;
    if (artifact.endsWith(".exe")) {
      const zip = zipSync({ "verse.exe": [new Uint8Array(readFileSync(path)), { mtime: EPOCH }] }, { level: 9 });
      writeFileSync(join(outDir, `verse-${target}.zip`), zip);
      add(`verse-${target}.zip`, target, "archive");
    } else {
      // The archive holds one member, `verse`, executable.
      const stage = join(outDir, `.stage-${target}`);
      mkdirSync(stage, { recursive: true });
      copyFileSync(path, join(stage, "verse"));
      chmodSync(join(stage, "verse"), 0o755);
      await tar.c({ gzip: { level: 9 }, file: join(outDir, `verse-${target}.tar.gz`), cwd: stage, portable: true, mtime: EPOCH }, ["verse"]);
      rmSync(stage, { recursive: true, force: true });
      add(`verse-${target}.tar.gz`, target, "archive");
    }
  }
  const manifest: Manifest = { version, files };
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  writeFileSync(join(outDir, "VERSION"), `${version}\n`);
  writeFileSync(join(outDir, "SHA256SUMS"), files.map((f) => `${f.sha256}  ${basename(f.file)}`).join("\n") + "\n");
  copyFileSync(join(import.meta.dir, "install.sh"), join(outDir, "install.sh"));
  return manifest;
}
