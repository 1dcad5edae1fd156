/**
 * The files git ignores under the project root, as poetry-core asks git for them
 * (`git ls-files --others --ignored --exclude-standard`). Outside a git work tree, or without
 * git, nothing is ignored (poetry-core behaves the same way).
 */
import { spawnSync } from "node:child_process";

const cache = new Map<string, string[]>();

export function gitIgnoredFiles(root: string): string[] {
  const hit = cache.get(root);
  if (hit !== undefined) return hit;
  const files = askGit(root);
  cache.set(root, files);
  return files;
}

function askGit(root: string): string[] {
  let res;
  try {
    res = spawnSync("git", ["-C", root, "ls-files", "--others", "--ignored", "--exclude-standard", "-z"], { encoding: "utf8", timeout: 30_000 });
  } catch {
    return [];
  }
  if (res.status !== 0 || typeof res.stdout !== "string") return [];
  return res.stdout.split("\0").filter((p) => p !== "");
}
