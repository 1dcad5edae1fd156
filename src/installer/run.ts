/**
 * `verse run` and `verse shell`: a program in the project's environment. The environment's
 * scripts directory goes first on PATH and VIRTUAL_ENV is set; a name from the project's
 * scripts runs its entry point with sys.argv[0] set to where the installed script lives, as
 * the installed script would. The child's exit code is returned; a signal that killed it is
 * reported as 128 + its number; SIGINT/SIGTERM/SIGHUP sent to verse are passed on to it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { constants } from "node:os";
import type { Project } from "../project/core.ts";
import type { ProjectEnvironment } from "../python/index.ts";
import { RunError } from "./errors.ts";

export function environmentVariables(env: ProjectEnvironment, base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && k !== "PYTHONHOME") out[k] = v;
  out.VIRTUAL_ENV = env.root;
  out.PATH = [env.layout.scripts, base.PATH ?? ""].filter((p) => p !== "").join(delimiter);
  return out;
}

/** The program and arguments for `run <name> args...`. */
export function commandLine(project: Project | null, env: ProjectEnvironment, name: string, args: readonly string[]): string[] {
  const script = project?.scripts.find((s) => s.name === name && s.type !== "file");
  if (script !== undefined) {
    const installed = join(env.layout.scripts, name);
    if (existsSync(installed)) return [env.python, installed, ...args];
    const [module, attr] = script.reference.split(":").map((s) => s.trim()) as [string, string | undefined];
    const head = (attr ?? "").split(".")[0];
    const code =
      "import sys\n" +
      `sys.argv[0] = ${JSON.stringify(installed)}\n` +
      (attr ? `from ${module} import ${head}\nsys.exit(${attr}())\n` : `import ${module}\n`);
    return [env.python, "-c", code, ...args];
  }
  return [name, ...args];
}

const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

export function runProgram(argv: readonly string[], envVars: Record<string, string>, cwd: string): Promise<number> {
  const [program, ...args] = argv;
  if (program === undefined) throw new RunError("Nothing to run.", { hint: "Usage: verse run <command> [args...]" });
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: "inherit", env: envVars, cwd });
    const handlers = FORWARDED.map((sig) => {
      const h = () => {
        child.kill(sig);
      };
      process.on(sig, h);
      return [sig, h] as const;
    });
    const cleanup = () => handlers.forEach(([sig, h]) => process.off(sig, h));
    child.on("error", (e: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        e.code === "ENOENT"
          ? new RunError(`Command not found: ${program}`, { hint: "Install it into the environment (add it to pyproject.toml and run `verse install`), or check the spelling." })
          : new RunError(`Could not run ${program}: ${e.message}`),
      );
    });
    child.on("close", (code, signal) => {
      cleanup();
      if (signal !== null) resolve(128 + ((constants.signals as Record<string, number>)[signal] ?? 1));
      else resolve(code ?? 1);
    });
  });
}
