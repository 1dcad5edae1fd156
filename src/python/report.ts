/** Text for `env info` and `python list`, kept out of the command files. */
import type { ProjectEnvironment } from "./environment.ts";
import type { ListedInterpreter } from "./discover.ts";
import { isSupported } from "./query.ts";

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}

/** Poetry's `env info` layout: the virtualenv, then its base. */
export function envInfoLines(env: ProjectEnvironment | null, valid: boolean): string[] {
  const pairs = (title: string, rows: [string, string][]) => [title, ...table(rows.map(([k, v]) => [`${k}:`, v])), ""];
  const venv: [string, string][] = env
    ? [
        ["Python", env.info.version],
        ["Implementation", env.info.implementation],
        ["Path", env.root],
        ["Executable", env.python],
        ["Valid", valid ? "True" : "False"],
      ]
    : [
        ["Python", "NA"],
        ["Implementation", "NA"],
        ["Path", "NA"],
        ["Executable", "NA"],
      ];
  const lines = pairs("Virtualenv", venv);
  if (env) {
    const b = env.base.info;
    lines.push(
      ...pairs("Base", [
        ["Platform", b.markers.sys_platform],
        ["OS", b.markers.os_name],
        ["Python", b.version],
        ["Path", b.prefix],
        ["Executable", env.base.realpath],
      ]),
    );
  }
  return lines.slice(0, -1);
}

/** `python list`: one row per interpreter found, in discovery order. */
export function pythonListLines(found: readonly ListedInterpreter[]): { rows: string[]; failures: string[] } {
  const rows: string[][] = [["Version", "Implementation", "Source", "Path"]];
  const failures: string[] = [];
  for (const f of found) {
    if (!f.interpreter) {
      failures.push(`${f.candidate.path} (${f.candidate.source}): ${f.error}`);
      continue;
    }
    const info = f.interpreter.info;
    const note = !isSupported(info) ? " (unsupported)" : info.is_venv ? " (virtualenv)" : "";
    rows.push([info.version, info.implementation, f.candidate.source, f.candidate.path + note]);
  }
  return { rows: rows.length > 1 ? table(rows) : [], failures };
}
