/**
 * How a file goes from the unpacked-wheel cache into an environment. `clone` makes a
 * copy-on-write reflink (btrfs, XFS, APFS) that shares blocks yet stays independent; `hardlink`
 * shares the inode (an edit in the environment would show in the cache, which is why verse
 * never writes through a linked file); `copy` always works. `auto` tries clone, then hardlink,
 * then copy, and remembers the first that works so later files skip failing system calls.
 */
import { constants, copyFileSync, linkSync, symlinkSync, unlinkSync } from "node:fs";
import { UsageError } from "../errors.ts";

export const LINK_MODES = ["auto", "clone", "hardlink", "symlink", "copy"] as const;
export type LinkMode = (typeof LINK_MODES)[number];
type Concrete = Exclude<LinkMode, "auto">;

export function parseLinkMode(text: string | undefined | null): LinkMode {
  if (text === undefined || text === null || text === "") return "auto";
  if ((LINK_MODES as readonly string[]).includes(text)) return text as LinkMode;
  throw new UsageError(`Unknown link mode '${text}'.`, `Use one of: ${LINK_MODES.join(", ")}.`);
}

function once(mode: Concrete, src: string, dst: string): void {
  switch (mode) {
    case "clone":
      copyFileSync(src, dst, constants.COPYFILE_FICLONE_FORCE);
      return;
    case "hardlink":
      linkSync(src, dst);
      return;
    case "symlink":
      symlinkSync(src, dst);
      return;
    case "copy":
      copyFileSync(src, dst);
  }
}

const FALLBACK_CODES = new Set(["ENOTSUP", "EOPNOTSUPP", "EXDEV", "EPERM", "EINVAL", "ENOSYS", "EMLINK", "EACCES"]);

export class Linker {
  private current: Concrete;
  private readonly chain: readonly Concrete[];
  /** The mode actually used for the last file (for reports and tests). */
  used: Concrete;

  constructor(mode: LinkMode) {
    this.chain = mode === "auto" ? ["clone", "hardlink", "copy"] : mode === "clone" ? ["clone", "copy"] : [mode];
    this.current = this.chain[0] as Concrete;
    this.used = this.current;
  }

  /** Put `src` at `dst` (replacing a file already there). */
  link(src: string, dst: string): void {
    for (;;) {
      try {
        once(this.current, src, dst);
        this.used = this.current;
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "";
        if (code === "EEXIST") {
          unlinkSync(dst);
          continue;
        }
        const i = this.chain.indexOf(this.current);
        if (!FALLBACK_CODES.has(code) || i === this.chain.length - 1) throw e;
        this.current = this.chain[i + 1] as Concrete;
      }
    }
  }
}
