/**
 * The shell start-up files the installers may have edited, and the removal of their marked lines.
 * install.sh appends `\n<line>  # verse\n`; a line ending in the marker is ours, the blank line
 * written before it too. Nothing else in a user's file is touched.
 */
import { join } from "node:path";
import type { Env } from "./receipt.ts";

export const RC_MARKER = "  # verse";

export function rcCandidates(env: Env, home: string): string[] {
  const config = env.XDG_CONFIG_HOME || join(home, ".config");
  const zdot = env.ZDOTDIR || home;
  const files = [
    join(home, ".profile"),
    join(home, ".bashrc"),
    join(home, ".bash_profile"),
    join(zdot, ".zshenv"),
    join(zdot, ".zshrc"),
    join(config, "fish", "conf.d", "verse.env.fish"),
  ];
  return [...new Set(files)];
}

/** The text without verse's marked lines, or null when it has none. */
export function stripMarkedLines(text: string): string | null {
  const lines = text.split("\n");
  const kept: string[] = [];
  let changed = false;
  for (const line of lines) {
    if (line.replace(/\r$/, "").endsWith(RC_MARKER)) {
      changed = true;
      // The installer put a blank line before its own; take that back too.
      if (kept.length > 0 && kept[kept.length - 1]!.replace(/\r$/, "") === "") kept.pop();
      continue;
    }
    kept.push(line);
  }
  return changed ? kept.join("\n") : null;
}
