/**
 * Who installed the running verse, which decides whether `self update` / `self uninstall` may act:
 * only a binary that install.sh / install.ps1 put in place (its receipt names it) is ours to replace.
 */
import { realpathSync } from "node:fs";
import { INSTALL_COMMAND } from "./constants.ts";
import { ManagedInstallError } from "./errors.ts";
import { managerByPath, underBrewPrefix, HOMEBREW, type Manager } from "./manager.ts";
import { readReceipt, receiptPath, type Env, type Receipt } from "./receipt.ts";

export type Ownership =
  | { readonly kind: "installer"; readonly binary: string; readonly receipt: Receipt; readonly receiptPath: string }
  | { readonly kind: "manager"; readonly binary: string; readonly manager: Manager }
  /** A receipt exists, but for another copy of verse than the one running. */
  | { readonly kind: "other-copy"; readonly binary: string; readonly receipt: Receipt; readonly receiptPath: string }
  | { readonly kind: "unknown"; readonly binary: string };

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  const norm = (p: string) => (platform === "win32" ? real(p).toLowerCase() : real(p));
  return norm(a) === norm(b);
}

/** `brew --prefix` when brew is on PATH, else null. */
export function brewPrefix(): string | null {
  const brew = Bun.which("brew");
  if (!brew) return null;
  const r = Bun.spawnSync([brew, "--prefix"], { stdout: "pipe", stderr: "ignore" });
  const out = r.stdout.toString().trim();
  return r.exitCode === 0 && out ? out : null;
}

export function resolveOwnership(
  binary: string,
  env: Env,
  platform: NodeJS.Platform = process.platform,
  prefix: () => string | null = brewPrefix,
): Ownership {
  const paths = [binary, real(binary)];
  const manager = managerByPath(paths);
  if (manager) return { kind: "manager", binary, manager };
  const path = receiptPath(env, platform);
  const receipt = readReceipt(path);
  if (receipt && samePath(receipt.binary, binary, platform)) return { kind: "installer", binary, receipt, receiptPath: path };
  if (underBrewPrefix(paths, env, prefix())) return { kind: "manager", binary, manager: HOMEBREW };
  if (receipt) return { kind: "other-copy", binary, receipt, receiptPath: path };
  return { kind: "unknown", binary };
}

/** The refusal for anything but an installer-owned binary. */
export function refuse(o: Exclude<Ownership, { kind: "installer" }>, action: "update" | "uninstall"): ManagedInstallError {
  switch (o.kind) {
    case "manager":
      return new ManagedInstallError(
        `verse at ${o.binary} was installed by ${o.manager.name}, which manages its ${action === "update" ? "updates" : "removal"}.`,
        `Run \`${action === "update" ? o.manager.update : o.manager.uninstall}\` instead.`,
      );
    case "other-copy":
      return new ManagedInstallError(
        `This verse (${o.binary}) is not the one the installer put in place (${o.receipt.binary}, see ${o.receiptPath}).`,
        `Run \`${o.receipt.binary} self ${action}\` instead, or ${action === "update" ? "replace this copy yourself" : "delete this copy yourself"}.`,
      );
    case "unknown":
      return new ManagedInstallError(
        `verse at ${o.binary} has no install receipt, so it was not installed by install.sh and cannot ${action} itself.`,
        action === "update"
          ? `Update it with the tool that installed it, or reinstall with the installer: ${INSTALL_COMMAND}`
          : `Remove it with the tool that installed it, or delete ${o.binary} yourself.`,
      );
  }
}
