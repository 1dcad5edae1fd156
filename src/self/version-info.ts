/** `verse self version`: the version and how this copy was installed. */
import { resolveOwnership } from "./ownership.ts";
import type { Env } from "./receipt.ts";

export interface VersionInfo {
  readonly version: string;
  readonly binary: string;
  /** "install.sh", "install.ps1", a manager's name, or null when unknown. */
  readonly installedBy: string | null;
  readonly receiptPath: string | null;
  readonly target: string | null;
}

export function versionInfo(binary: string, version: string, env: Env, platform: NodeJS.Platform = process.platform): VersionInfo {
  const o = resolveOwnership(binary, env, platform);
  switch (o.kind) {
    case "installer":
      return { version, binary, installedBy: o.receipt.source, receiptPath: o.receiptPath, target: o.receipt.target };
    case "manager":
      return { version, binary, installedBy: o.manager.name, receiptPath: null, target: null };
    default:
      return { version, binary, installedBy: null, receiptPath: null, target: null };
  }
}
