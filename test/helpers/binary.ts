/** Running the compiled dist/verse as a user would (tests build it first through `npm test`). */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const VERSE_BIN = resolve(import.meta.dir, "../../dist", process.platform === "win32" ? "verse.exe" : "verse");

export function binaryBuilt(): boolean {
  return existsSync(VERSE_BIN);
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A clean environment: no inherited colour, Poetry or verse settings, and a private HOME. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(POETRY_|VERSE_|PIP_|VIRTUAL_ENV|CONDA_PREFIX|NO_COLOR|FORCE_COLOR|XDG_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, HOME: home, PIP_CONFIG_FILE: "/dev/null", ...extra };
}

export function runBinary(bin: string, args: string[], options: { cwd: string; env: Record<string, string>; stdin?: string }): RunResult {
  const result = Bun.spawnSync([bin, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin === undefined ? "ignore" : Buffer.from(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** The compiled verse, spawned without blocking (for tests whose index server runs in this process). */
export async function spawnVerse(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn([VERSE_BIN, ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}
