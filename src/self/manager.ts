/**
 * Who owns this verse binary. A package manager that installed verse also owns its updates and
 * removal; `self update` / `self uninstall` then refuse and name the command to run instead.
 * Detection is by the binary's path (resolved through symlinks, as Homebrew links bin/verse into
 * its Cellar), plus `HOMEBREW_PREFIX`/`HOMEBREW_CELLAR` when the shell exports them.
 */
import type { Env } from "./receipt.ts";

export interface Manager {
  readonly name: string;
  readonly update: string;
  readonly uninstall: string;
}

export const HOMEBREW: Manager = { name: "Homebrew", update: "brew upgrade verse", uninstall: "brew uninstall verse" };

/** Path fragments (forward slashes, lower case) that identify a manager's install trees. */
const BY_PATH: readonly { fragment: string; manager: Manager }[] = [
  { fragment: "/cellar/verse/", manager: HOMEBREW },
  { fragment: "/nix/store/", manager: { name: "Nix", update: "nix profile upgrade verse (or your Nix configuration)", uninstall: "nix profile remove verse" } },
  { fragment: "/scoop/apps/verse/", manager: { name: "Scoop", update: "scoop update verse", uninstall: "scoop uninstall verse" } },
  { fragment: "/microsoft/winget/packages/", manager: { name: "WinGet", update: "winget upgrade verse", uninstall: "winget uninstall verse" } },
  { fragment: "/snap/", manager: { name: "Snap", update: "snap refresh verse", uninstall: "snap remove verse" } },
  { fragment: "/node_modules/", manager: { name: "npm", update: "npm update -g verse", uninstall: "npm uninstall -g verse" } },
  { fragment: "/pipx/venvs/", manager: { name: "pipx", update: "pipx upgrade verse", uninstall: "pipx uninstall verse" } },
];

function normal(path: string): string {
  return path.replaceAll("\\", "/").toLowerCase();
}

function under(path: string, dir: string | undefined): boolean {
  if (!dir) return false;
  const d = normal(dir).replace(/\/+$/, "");
  return d.length > 1 && normal(path).startsWith(`${d}/`);
}

/** A manager recognised from an unambiguous path fragment (a Cellar, the Nix store...), or null. */
export function managerByPath(paths: readonly string[]): Manager | null {
  for (const path of paths) {
    const p = normal(path);
    for (const { fragment, manager } of BY_PATH) if (p.includes(fragment)) return manager;
  }
  return null;
}

/**
 * Whether the binary lies under Homebrew's prefix (`HOMEBREW_PREFIX`, `HOMEBREW_CELLAR`, or
 * `brewPrefix` = `brew --prefix`, which the caller runs so this stays pure). Weaker evidence than
 * a Cellar path: /usr/local is also Homebrew's prefix on Intel Macs, so a receipt wins over it.
 */
export function underBrewPrefix(paths: readonly string[], env: Env, brewPrefix: string | null): boolean {
  return paths.some((p) => under(p, env.HOMEBREW_CELLAR) || under(p, env.HOMEBREW_PREFIX) || under(p, brewPrefix ?? undefined));
}
