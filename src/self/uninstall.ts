/**
 * `verse self uninstall [--all]`: removes what the installer created (the binary, the env scripts,
 * the marked lines in shell start-up files, the receipt) and, with --all, verse's cache and data.
 * Returns what it removed so the command can tell the user.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { userCacheDir, userDataDir } from "../cache/index.ts";
import { UpdateError } from "./errors.ts";
import { refuse, resolveOwnership } from "./ownership.ts";
import { installDataDir, type Env } from "./receipt.ts";
import { rcCandidates, stripMarkedLines } from "./rc-files.ts";
import { swapPaths } from "./swap.ts";

export interface UninstallRequest {
  readonly binary: string;
  readonly env: Env;
  readonly all: boolean;
  readonly platform?: NodeJS.Platform;
}

export interface UninstallReport {
  readonly removed: string[];
  /** Start-up files from which verse's lines were taken out. */
  readonly edited: string[];
}

function removeIfEmptyDir(dir: string): boolean {
  try {
    if (readdirSync(dir).length > 0) return false;
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** Windows keeps a running .exe locked: move it aside, and have a detached cmd delete it once verse exits. */
function removeRunningWindowsExe(binary: string): void {
  const aside = swapPaths(binary, "win32", 0).aside!;
  rmSync(aside, { force: true });
  renameSync(binary, aside);
  const child = Bun.spawn(["cmd.exe", "/d", "/c", `ping -n 3 127.0.0.1 >NUL & del /f /q "${aside}"`], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  child.unref();
}

/** Takes the install directory out of the user PATH that install.ps1 extended. */
function removeFromWindowsUserPath(dir: string): void {
  const script = [
    `$dir = '${dir.replaceAll("'", "''")}'`,
    "$path = [Environment]::GetEnvironmentVariable('Path', 'User')",
    "if ($path) { $parts = $path -split ';' | Where-Object { $_ -and ($_.TrimEnd('\\') -ne $dir.TrimEnd('\\')) }",
    "[Environment]::SetEnvironmentVariable('Path', ($parts -join ';'), 'User') }",
  ].join("; ");
  Bun.spawnSync(["powershell.exe", "-NoProfile", "-NonInteractive", "-Command", script], { stdout: "ignore", stderr: "ignore" });
}

export function selfUninstall(req: UninstallRequest): UninstallReport {
  const platform = req.platform ?? process.platform;
  const owner = resolveOwnership(req.binary, req.env, platform);
  if (owner.kind !== "installer") throw refuse(owner, "uninstall");
  const removed: string[] = [];
  const edited: string[] = [];
  const home = req.env.HOME || req.env.USERPROFILE || homedir();

  try {
    if (existsSync(owner.receipt.binary)) {
      if (platform === "win32") removeRunningWindowsExe(owner.receipt.binary);
      else rmSync(owner.receipt.binary, { force: true });
      removed.push(owner.receipt.binary);
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UpdateError(`Cannot remove ${owner.receipt.binary} (${why}); nothing else was removed.`, "Check the permissions of its directory.");
  }

  if (platform === "win32") {
    if (owner.receipt.path_modified) {
      removeFromWindowsUserPath(owner.receipt.install_dir);
      edited.push("the user PATH");
    }
  } else {
    for (const rc of rcCandidates(req.env, home)) {
      if (!existsSync(rc)) continue;
      const stripped = stripMarkedLines(readFileSync(rc, "utf8"));
      if (stripped === null) continue;
      // The fish snippet is a file of the installer's own: drop it once it holds nothing else.
      if (rc.endsWith("verse.env.fish") && stripped.trim() === "") {
        rmSync(rc, { force: true });
        removed.push(rc);
      } else {
        writeFileSync(rc, stripped);
        edited.push(rc);
      }
    }
  }

  const dataDir = installDataDir(req.env, platform);
  for (const name of ["env", "env.fish", "env.ps1"]) {
    const path = join(dataDir, name);
    if (existsSync(path)) {
      rmSync(path, { force: true });
      removed.push(path);
    }
  }
  rmSync(owner.receiptPath, { force: true });
  removed.push(owner.receiptPath);

  if (req.all) {
    for (const dir of new Set([userCacheDir(req.env, platform), userDataDir(req.env, platform), dataDir])) {
      if (existsSync(dir)) {
        rmSync(dir, { recursive: true, force: true });
        removed.push(dir);
      }
    }
  } else if (removeIfEmptyDir(dataDir)) {
    removed.push(dataDir);
  }
  return { removed, edited };
}
