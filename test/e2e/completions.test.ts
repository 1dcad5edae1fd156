/**
 * `verse completions <shell>`: each script is loaded into the real shell and asked for
 * completions, and every command in the registry must appear, so the scripts cannot drift from
 * the command definitions. PowerShell is only checked when pwsh is installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registry } from "../../src/commands/registry.ts";
import { cleanEnv, runBinary, VERSE_BIN } from "../helpers/binary.ts";

let dir: string;
const scripts: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "verse-completions-"));
  for (const shell of ["bash", "zsh", "fish", "powershell"]) {
    const r = runBinary(VERSE_BIN, ["completions", shell], { cwd: dir, env: cleanEnv(dir) });
    if (r.exitCode !== 0) throw new Error(`verse completions ${shell} failed: ${r.stderr}`);
    scripts[shell] = join(dir, `verse.${shell}`);
    writeFileSync(scripts[shell]!, r.stdout);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const visible = registry.commands.filter((c) => !c.hidden);
const topWords = [...new Set(visible.map((c) => c.name.split(" ")[0]!))].sort();

function sh(cmd: string[]): { code: number; out: string; err: string } {
  const r = Bun.spawnSync(cmd, { cwd: dir, env: { HOME: dir, PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "dumb" }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString(), err: r.stderr.toString() };
}

function requireShell(name: string): string {
  const path = Bun.which(name);
  if (!path) throw new Error(`${name} is not installed (apt-get install ${name})`);
  return path;
}

test("an unknown shell is a usage error naming the supported ones", () => {
  const r = runBinary(VERSE_BIN, ["completions", "tcsh"], { cwd: dir ?? tmpdir(), env: cleanEnv(tmpdir()) });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain("bash, zsh, fish, powershell");
});

describe("bash", () => {
  /** Runs the completion function for a command line whose last word is being completed. */
  function complete(words: string[]): string[] {
    const array = words.map((w) => `'${w}'`).join(" ");
    const r = sh([requireShell("bash"), "--norc", "--noprofile", "-c", `source '${scripts.bash}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _verse; printf '%s\\n' "\${COMPREPLY[@]}"`]);
    expect(r.err).toBe("");
    return r.out.split("\n").filter(Boolean).sort();
  }

  test("registers itself for verse", () => {
    const r = sh([requireShell("bash"), "--norc", "--noprofile", "-c", `source '${scripts.bash}' && complete -p verse`]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe("complete -o filenames -F _verse verse");
  });

  test("offers every top-level command and namespace from the registry", () => {
    expect(complete(["verse", ""])).toEqual(topWords);
  });

  test("sub-commands, options, globals, option values", () => {
    expect(complete(["verse", "self", ""])).toEqual(["uninstall", "update", "version"]);
    expect(complete(["verse", "-C", "somewhere", "self", "up"])).toEqual(["update"]);
    expect(complete(["verse", "self", "update", "--d"])).toEqual(["--directory", "--dry-run"]);
    expect(complete(["verse", "completions", ""])).toEqual(["bash", "fish", "powershell", "zsh"]);
    expect(complete(["verse", "--no-"])).toEqual(["--no-ansi", "--no-cache", "--no-interaction", "--no-plugins"]);
    // -C takes a directory: files are offered, not commands.
    writeFileSync(join(dir, "marker-file"), "");
    expect(complete(["verse", "-C", "marker-"])).toEqual(["marker-file"]);
  });

  test("every command's options are offered for it", () => {
    for (const c of visible) {
      const expected = (c.options ?? []).filter((o) => !o.hidden).map((o) => `--${o.name}`);
      if (expected.length === 0) continue;
      const got = complete(["verse", ...c.name.split(" "), "--"]);
      for (const e of expected) expect(got).toContain(e);
    }
  });
});

describe("zsh", () => {
  test("loads after compinit and registers _verse", () => {
    const r = sh([requireShell("zsh"), "-f", "-c", `autoload -U compinit && compinit -u -D && source '${scripts.zsh}' && print -r -- $_comps[verse]`]);
    expect(r.err).toBe("");
    expect(r.out.trim()).toBe("_verse");
  });

  /** Calls _verse with zsh's completion variables set and _describe/_files stubbed to print. */
  function complete(words: string[]): string[] {
    const array = words.map((w) => `'${w}'`).join(" ");
    const script = [
      `source '${scripts.zsh}' 2>/dev/null || true`,
      `_describe() { shift 2; local name; for name in "$@"; do [[ $name == -- ]] && continue; for item in \${(P)name}; do print -r -- \${item%%:*}; done; done }`,
      `_files() { print -r -- '<files>' }`,
      `compdef() { : }`,
      `words=(${array}); CURRENT=${words.length}`,
      "_verse",
    ].join("\n");
    const r = sh([requireShell("zsh"), "-f", "-c", script]);
    expect(r.err).toBe("");
    return r.out.split("\n").filter(Boolean).map((w) => w.replaceAll("\\:", ":")).sort();
  }

  test("commands, sub-commands, options and values", () => {
    expect(complete(["verse", ""])).toEqual(topWords);
    expect(complete(["verse", "env", ""])).toEqual(visible.filter((c) => c.name.startsWith("env ")).map((c) => c.name.slice(4)).sort());
    expect(complete(["verse", "self", "update", "-"])).toContain("--dry-run");
    expect(complete(["verse", "self", "update", "-"])).toContain("--no-cache");
    expect(complete(["verse", "--directory", ""])).toEqual(["<files>"]);
    expect(complete(["verse", "completions", ""])).toEqual(["bash", "fish", "powershell", "zsh"]);
  });
});

describe("fish", () => {
  function complete(line: string): string[] {
    const r = sh([requireShell("fish"), "--no-config", "-c", `source '${scripts.fish}'; complete -C '${line}'`]);
    expect(r.err).toBe("");
    return r.out.split("\n").filter(Boolean).map((l) => l.split("\t")[0]!).sort();
  }

  test("commands, sub-commands, options and values", () => {
    expect(complete("verse ")).toEqual(topWords);
    expect(complete("verse self ")).toEqual(["uninstall", "update", "version"]);
    expect(complete("verse -C /tmp self up")).toEqual(["update"]);
    expect(complete("verse self update --dr")).toEqual(["--dry-run"]);
    expect(complete("verse completions ")).toEqual(["bash", "fish", "powershell", "zsh"]);
  });
});

describe("powershell", () => {
  const pwsh = Bun.which("pwsh");
  test.skipIf(!pwsh)(pwsh ? "loads in pwsh" : "loads in pwsh (skipped: pwsh is not installed here; neither Debian nor npm ships it)", () => {
    const r = sh([pwsh!, "-NoProfile", "-NonInteractive", "-Command", `. '${scripts.powershell}'; 'ok'`]);
    expect(r.out.trim()).toBe("ok");
  });
});
