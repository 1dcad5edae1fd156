/**
 * Windows discovery (PEP 514 registry and the `py` launcher).
 *
 * Plan, for when verse runs on Windows (it cannot run on this Linux machine, so only the pure
 * parsing below is unit-tested):
 *   - `py --list-paths` (py -0p) lists every registered interpreter, one per line:
 *     ` -V:3.12 *        C:\Python312\python.exe` (the `*` marks the default). verse runs it
 *     once, parses it with parsePyLauncherList and offers the paths in that order.
 *   - PEP 514: HKEY_CURRENT_USER then HKEY_LOCAL_MACHINE (64- then 32-bit view),
 *     `Software\Python\<Company>\<Tag>\InstallPath` with its `ExecutablePath` value (or
 *     `<default>\python.exe`); read with `reg query <key> /s` and parsed by parseRegQuery.
 *     The `PythonCore` company is CPython from python.org; others (ContinuumAnalytics...) follow.
 *   - The Microsoft Store `python.exe` alias in %LOCALAPPDATA%\Microsoft\WindowsApps is skipped:
 *     it may be an installer stub that opens the Store.
 * Until a Windows runner exists, windowsCandidates returns nothing on other platforms.
 */
import type { Candidate, SourceContext } from "./sources.ts";

export interface PyLauncherEntry {
  readonly tag: string;
  readonly path: string;
  readonly isDefault: boolean;
}

/** Parses `py --list-paths` output (both the 3.11+ "-V:3.12" and the older "-3.12-64" forms). */
export function parsePyLauncherList(text: string): PyLauncherEntry[] {
  const out: PyLauncherEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(-V:\S+|-\d[\w.-]*)\s+(\*\s+)?(\S.*\.exe)\s*$/i.exec(line);
    if (!m) continue;
    out.push({ tag: m[1]!.replace(/^-V:|^-/, ""), path: m[3]!.trim(), isDefault: m[2] !== undefined });
  }
  return out;
}

/** Parses `reg query HKCU\Software\Python /s` output into each InstallPath's executable. */
export function parseRegQuery(text: string): string[] {
  const out: string[] = [];
  let key = "";
  let dir: string | null = null;
  let exe: string | null = null;
  const flush = () => {
    if (/\\InstallPath$/i.test(key)) {
      if (exe) out.push(exe);
      else if (dir) out.push(`${dir.replace(/\\$/, "")}\\python.exe`);
    }
    dir = exe = null;
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^HKEY_/.test(line)) {
      flush();
      key = line.trim();
      continue;
    }
    const m = /^\s+(\(Default\)|ExecutablePath)\s+REG_SZ\s+(.+?)\s*$/i.exec(line);
    if (!m) continue;
    if (m[1]!.toLowerCase() === "executablepath") exe = m[2]!;
    else dir = m[2]!;
  }
  flush();
  return out;
}

export function windowsCandidates(ctx: SourceContext): Candidate[] {
  if (ctx.platform !== "win32") return [];
  const run = (args: string[]): string => {
    try {
      const r = Bun.spawnSync(args, { stdout: "pipe", stderr: "ignore", timeout: 5000 });
      return r.exitCode === 0 ? r.stdout.toString() : "";
    } catch {
      return "";
    }
  };
  const fromPy = parsePyLauncherList(run(["py", "--list-paths"])).map((e) => ({ path: e.path, source: "py-launcher" as const }));
  const fromReg = ["HKCU\\Software\\Python", "HKLM\\Software\\Python"].flatMap((k) => parseRegQuery(run(["reg", "query", k, "/s"])));
  return [...fromPy, ...fromReg.map((path) => ({ path, source: "registry" as const }))];
}
