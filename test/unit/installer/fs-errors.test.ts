import { describe, expect, test } from "bun:test";
import { VerseError } from "../../../src/errors.ts";
import { InstallError } from "../../../src/installer/errors.ts";
import { fsInstallError, fsProblemOf } from "../../../src/installer/fs-errors.ts";

function errno(code: string, path?: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: failed`) as NodeJS.ErrnoException;
  e.code = code;
  if (path !== undefined) e.path = path;
  return e;
}

describe("file system refusals become InstallErrors that say where and what to do", () => {
  const places = { cache: "/c/cache", env: "/p/.venv" };

  test("a full disk in the environment names the file and suggests moving the environment", () => {
    const e = fsInstallError(errno("ENOSPC", "/p/.venv/lib/x.py"), { places, doing: "Installing x-1.0-py3-none-any.whl" })!;
    expect(e).toBeInstanceOf(InstallError);
    expect(e.message).toBe("Installing x-1.0-py3-none-any.whl failed. No space left on device: could not write /p/.venv/lib/x.py (in the environment)");
    expect(e.hint).toContain("virtualenvs.in-project");
    expect(e.hint).not.toContain("cache-dir");
  });

  test("a read-only cache suggests moving the cache; a pathless write goes where the caller says", () => {
    const ro = fsInstallError(errno("EROFS", "/c/cache/artifacts/a.whl"), { places })!;
    expect(ro.message).toBe("Read-only file system: could not write /c/cache/artifacts/a.whl (in the cache)");
    expect(ro.hint).toContain("cache-dir");
    const pathless = fsInstallError(errno("EDQUOT"), { places, pathlessIn: "cache" })!;
    expect(pathless.message).toBe("Disk quota exceeded: could not write to the cache at /c/cache");
  });

  test("the errno behind another layer's error is found; other errors are left alone", () => {
    const wrapped = new VerseError("Download failed", { cause: errno("ENOSPC", "/c/cache/x") });
    expect(fsProblemOf(wrapped)).toBe("no-space");
    expect(fsInstallError(wrapped, { places })?.message).toContain("(in the cache)");
    expect(fsInstallError(errno("ECONNRESET"), { places })).toBeNull();
    expect(fsInstallError(new InstallError("already explained"), { places })).toBeNull();
    expect(fsInstallError("not an error")).toBeNull();
  });

  test("permission problems name the directory to check", () => {
    const e = fsInstallError(errno("EACCES", "/elsewhere/f"), { places })!;
    expect(e.message).toBe("Permission denied: could not write /elsewhere/f");
    expect(e.hint).toContain("/elsewhere/f");
  });
});
