/**
 * The undo journal of an install (src/installer/env-journal.ts) on a fake environment: whatever
 * the journaled operations do — uninstall through it, link over files that were there, write
 * scripts in place of others, add directories — undo() gives back every path with its content
 * and mode, and commit() leaves the new state with no backup behind.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { ProjectEnvironment } from "../../../src/python/index.ts";
import { EnvJournal } from "../../../src/installer/env-journal.ts";
import { scanInstalled } from "../../../src/installer/installed.ts";
import { uninstall } from "../../../src/installer/uninstall.ts";
import { canonicalizeName } from "../../../src/standards/names.ts";

let root: string;
let site: string;
let bin: string;
let cache: string;

/** Only what the journal reads of an environment. */
function fakeEnv(): ProjectEnvironment {
  const layout = { purelib: site, platlib: site, scripts: bin, include: join(root, "include"), data: root };
  return { kind: "venv", root, layout } as unknown as ProjectEnvironment;
}

function put(path: string, text: string, mode = 0o644): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text, { mode });
}

/** A distribution with a RECORD, as an installer leaves it. */
function dist(name: string, version: string, files: Record<string, string>): void {
  const info = `${name}-${version}.dist-info`;
  const lines: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    put(join(site, rel), text);
    lines.push(`${rel},,`);
  }
  put(join(site, info, "METADATA"), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n\n`);
  lines.push(`${info}/METADATA,,`, `${info}/RECORD,,`);
  put(join(site, info, "RECORD"), `${lines.join("\n")}\n`);
}

function snapshot(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(root, p);
      if (rel === ".verse") continue;
      if (e.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(p)}`);
      else if (e.isDirectory()) {
        out.push(`${rel}/`);
        walk(p);
      } else out.push(`${rel} ${(lstatSync(p).mode & 0o777).toString(8)} ${readFileSync(p, "utf8")}`);
    }
  };
  walk(root);
  return out.sort();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "verse-journal-"));
  site = join(root, "lib", "python3.12", "site-packages");
  bin = join(root, "bin");
  cache = mkdtempSync(join(tmpdir(), "verse-journal-cache-"));
  dist("alpha", "1.0", { "alpha/__init__.py": "A1\n", "alpha/old.py": "OLD\n", "../../../bin/alpha-cli": "#!py alpha 1\n" });
  dist("keep", "1.0", { "keep/__init__.py": "K\n", "shared/data.txt": "keep's\n" });
  put(join(site, "alpha", "__pycache__", "old.cpython-312.pyc"), "bytecode");
  put(join(bin, "tool"), "#!py tool\n", 0o755);
  symlinkSync("lib", join(root, "lib64"));
  put(join(root, ".verse", "state.json"), '{"v":1}');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe("EnvJournal", () => {
  test("an upgrade, an overwrite of another package's file, a replaced script and new directories are all undone", () => {
    const before = snapshot();
    const journal = EnvJournal.open(fakeEnv());
    // the upgrade: alpha 1.0 uninstalled through the journal, alpha 2.0 linked
    const installed = scanInstalled([site]);
    uninstall(installed.get(canonicalizeName("alpha"))!, root, (p, whole) => journal.discard(p, whole));
    expect(existsSync(join(site, "alpha-1.0.dist-info"))).toBe(false);
    expect(existsSync(join(bin, "alpha-cli"))).toBe(false);
    const linker = journal.linker("copy");
    const src = (name: string, text: string): string => {
      put(join(cache, name), text);
      return join(cache, name);
    };
    mkdirSync(join(site, "alpha"), { recursive: true });
    linker.link(src("a2", "A2\n"), join(site, "alpha", "__init__.py"));
    put(join(site, "alpha-2.0.dist-info", "RECORD"), "alpha/__init__.py,,\n");
    put(join(bin, "alpha-cli"), "#!py alpha 2\n", 0o755);
    // another package links over keep's file, writes over an unrelated script, adds a tree
    mkdirSync(join(site, "shared"), { recursive: true });
    linker.link(src("g", "good's\n"), join(site, "shared", "data.txt"));
    unlinkSync(join(bin, "tool"));
    put(join(bin, "tool"), "#!py other tool\n", 0o755);
    put(join(site, "good", "deep", "x.py"), "X\n");
    put(join(root, "share", "good", "data"), "d\n");
    writeFileSync(join(root, ".verse", "state.json"), "changed");
    expect(snapshot()).not.toEqual(before);

    expect(journal.undo()).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(readFileSync(join(root, ".verse", "state.json"), "utf8")).toBe('{"v":1}');
    expect(readdirSync(join(root, ".verse"))).toEqual(["state.json"]);
  });

  test("commit keeps the new state and drops the backup", () => {
    const journal = EnvJournal.open(fakeEnv());
    uninstall(scanInstalled([site]).get(canonicalizeName("keep"))!, root, (p, whole) => journal.discard(p, whole));
    journal.commit();
    expect(existsSync(join(site, "keep"))).toBe(false);
    expect(existsSync(join(site, "shared", "data.txt"))).toBe(false);
    expect(readdirSync(join(root, ".verse"))).toEqual(["state.json"]);
  });

  test("a RECORD line naming a directory never takes the directory away", () => {
    const journal = EnvJournal.open(fakeEnv());
    journal.discard(site);
    journal.discard(join(site, "alpha"));
    expect(existsSync(join(site, "alpha", "__init__.py"))).toBe(true);
    journal.discard(join(site, "alpha-1.0.dist-info"), true);
    expect(existsSync(join(site, "alpha-1.0.dist-info"))).toBe(false);
    expect(journal.undo()).toEqual([]);
    expect(existsSync(join(site, "alpha-1.0.dist-info", "RECORD"))).toBe(true);
  });

  test("a path saved twice (moved aside, replaced, then uninstalled again) comes back with its first content", () => {
    const before = snapshot();
    const journal = EnvJournal.open(fakeEnv());
    const target = join(site, "shared", "data.txt");
    journal.protect(target);
    put(target, "first replacement\n");
    journal.discard(target);
    put(target, "second replacement\n");
    journal.protect(target); // already saved: the replacement is not taken for the original
    expect(journal.undo()).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  test("without a state file before, undo leaves none", () => {
    rmSync(join(root, ".verse"), { recursive: true });
    const journal = EnvJournal.open(fakeEnv());
    put(join(root, ".verse", "state.json"), "new");
    journal.undo();
    expect(existsSync(join(root, ".verse", "state.json"))).toBe(false);
  });
});
