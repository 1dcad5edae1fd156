/** Finding the project directory: the closest directory at or above `start` with a pyproject.toml. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export function findProjectRootFrom(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "pyproject.toml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
