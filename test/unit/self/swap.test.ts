/** The swap's path logic, Windows included (an in-memory file system stands in for NTFS). */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeLeftover, swapIn, swapPaths, type SwapFs } from "../../../src/self/swap.ts";

/** A fake file system that, like Windows, refuses to overwrite or delete a running exe (but renames it). */
function fakeWindowsFs(files: Record<string, string>, running: Set<string>): SwapFs & { files: Record<string, string> } {
  const key = (p: string) => p.toLowerCase();
  const store = new Map(Object.entries(files).map(([k, v]) => [key(k), v]));
  return {
    get files() {
      return Object.fromEntries(store);
    },
    exists: (p) => store.has(key(p)),
    remove: (p) => {
      if (running.has(key(p))) throw new Error(`EBUSY: ${p} is in use`);
      store.delete(key(p));
    },
    rename: (from, to) => {
      if (!store.has(key(from))) throw new Error(`ENOENT: ${from}`);
      if (store.has(key(to)) && running.has(key(to))) throw new Error(`EPERM: ${to} is in use`);
      if (store.has(key(to))) throw new Error(`EEXIST: ${to}`);
      const v = store.get(key(from))!;
      store.delete(key(from));
      store.set(key(to), v);
      // A renamed running image keeps running under its new name.
      if (running.delete(key(from))) running.add(key(to));
    },
  };
}

describe("swapPaths", () => {
  test("POSIX: a hidden staged file beside the binary, nothing moved aside", () => {
    expect(swapPaths("/home/u/.local/bin/verse", "linux", 42)).toEqual({ staged: "/home/u/.local/bin/.verse.update-42", aside: null });
  });
  test("Windows: the staged file ends in .exe (to be runnable), the running exe goes to verse.exe.old", () => {
    expect(swapPaths("C:\\Users\\u\\.local\\bin\\verse.exe", "win32", 7)).toEqual({
      staged: "C:\\Users\\u\\.local\\bin\\.verse.update-7.exe",
      aside: "C:\\Users\\u\\.local\\bin\\verse.exe.old",
    });
  });
});

describe("swapIn on Windows", () => {
  const exe = "C:\\Users\\u\\.local\\bin\\verse.exe";
  const { staged, aside } = swapPaths(exe, "win32", 1);

  test("moves the running exe aside, then puts the new one in its place", () => {
    const running = new Set([exe.toLowerCase()]);
    const fs = fakeWindowsFs({ [exe]: "old", [staged]: "new" }, running);
    swapIn(staged, exe, "win32", fs);
    expect(fs.files).toEqual({ [exe.toLowerCase()]: "new", [aside!.toLowerCase()]: "old" });
  });

  test("an old .old from a previous update is removed first, or skipped while it still runs", () => {
    const fs = fakeWindowsFs({ [exe]: "old", [staged]: "new", [aside!]: "older" }, new Set([exe.toLowerCase()]));
    swapIn(staged, exe, "win32", fs);
    expect(fs.files[exe.toLowerCase()]).toBe("new");
    expect(fs.files[aside!.toLowerCase()]).toBe("old");

    const busy = fakeWindowsFs({ [exe]: "old", [staged]: "new", [aside!]: "older" }, new Set([exe.toLowerCase(), aside!.toLowerCase()]));
    swapIn(staged, exe, "win32", busy);
    expect(busy.files[exe.toLowerCase()]).toBe("new");
    expect(busy.files[aside!.toLowerCase()]).toBe("older");
    expect(Object.keys(busy.files).some((k) => k.startsWith(`${aside!.toLowerCase()}.`))).toBe(true);
  });

  test("if the new exe cannot be moved in, the old one is put back", () => {
    const fs = fakeWindowsFs({ [exe]: "old" }, new Set([exe.toLowerCase()]));
    expect(() => swapIn(staged, exe, "win32", fs)).toThrow("ENOENT");
    expect(fs.files).toEqual({ [exe.toLowerCase()]: "old" });
  });

  test("removeLeftover deletes verse.exe.old once it no longer runs", () => {
    const fs = fakeWindowsFs({ [exe]: "new", [aside!]: "old" }, new Set());
    removeLeftover(exe, "win32", fs);
    expect(fs.files).toEqual({ [exe.toLowerCase()]: "new" });
  });
});

test("swapIn on POSIX replaces the file by rename (real file system)", () => {
  const dir = mkdtempSync(join(tmpdir(), "verse-swap-"));
  try {
    const bin = join(dir, "verse");
    writeFileSync(bin, "old");
    const { staged } = swapPaths(bin, "linux", 3);
    writeFileSync(staged, "new");
    swapIn(staged, bin, "linux");
    expect(readFileSync(bin, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["verse"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
