/** Release asset names, as build.ts and the installers spell them: verse-<os>-<arch>[-musl][.exe]. */
import { existsSync, readdirSync } from "node:fs";

export function assetName(platform: NodeJS.Platform, arch: string, musl: boolean): string | null {
  const os = platform === "win32" ? "windows" : platform === "darwin" ? "darwin" : platform === "linux" ? "linux" : null;
  const cpu = arch === "x64" ? "x64" : arch === "arm64" ? "arm64" : null;
  if (!os || !cpu) return null;
  return `verse-${os}-${cpu}${os === "linux" && musl ? "-musl" : ""}${os === "windows" ? ".exe" : ""}`;
}

/** Whether this Linux runs on musl (a musl loader and no glibc). */
export function hostIsMusl(): boolean {
  if (process.platform !== "linux") return false;
  try {
    const glibc = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6"];
    return readdirSync("/lib").some((f) => f.startsWith("ld-musl-")) && !glibc.some((p) => existsSync(p));
  } catch {
    return false;
  }
}

/** The asset to download: the installer's choice from the receipt when there is one, else this host's. */
export function chooseAsset(receiptTarget: string | undefined): string | null {
  if (receiptTarget && /^verse-[a-z0-9]+-[a-z0-9]+(-musl)?(-baseline)?(\.exe)?$/.test(receiptTarget)) return receiptTarget;
  return assetName(process.platform, process.arch, hostIsMusl());
}
