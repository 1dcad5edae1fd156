/**
 * Activation scripts (embed/activate/*), filled in for one environment. Each shell gets its
 * values in its own quoting, so a path or prompt with spaces, quotes or `$` stays literal:
 *   @@VENV_DIR@@ / @@PROMPT@@   quoted literals for that shell
 *   @@VENV_DIR_TEXT@@           the bare path, only inside comments
 *   @@BIN_NAME@@                bin, or Scripts on Windows
 */
import { readEmbeddedText } from "../embedded.ts";

export type Shell = "bash" | "zsh" | "sh" | "fish" | "csh" | "tcsh" | "nu" | "pwsh" | "powershell" | "cmd";

type Quote = (s: string) => string;

const posix: Quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const fish: Quote = (s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
// csh has no escape inside quotes; close, escape the quote, reopen. `!` is history even in quotes.
const csh: Quote = (s) => `'${s.replace(/'/g, `'\\''`).replace(/!/g, "\\!")}'`;
const nu: Quote = (s) => JSON.stringify(s);
const ps: Quote = (s) => `'${s.replace(/'/g, "''")}'`;
// Inside set "NAME=value" only % needs doubling (and the value cannot hold a double quote).
const cmd: Quote = (s) => s.replace(/%/g, "%%").replace(/"/g, "");

interface ScriptSpec {
  readonly file: string;
  readonly quote: Quote;
  readonly crlf?: boolean;
  readonly windowsOnly?: boolean;
}

const SCRIPTS: readonly ScriptSpec[] = [
  { file: "activate", quote: posix },
  { file: "activate.fish", quote: fish },
  { file: "activate.csh", quote: csh },
  { file: "activate.nu", quote: nu },
  { file: "Activate.ps1", quote: ps },
  { file: "activate.bat", quote: cmd, crlf: true, windowsOnly: true },
  { file: "deactivate.bat", quote: cmd, crlf: true, windowsOnly: true },
];

export interface ActivationValues {
  readonly venvDir: string;
  readonly prompt: string;
  readonly platform: NodeJS.Platform;
}

/** Every activation script for an environment: file name (in bin/Scripts) and content. */
export function renderActivationScripts(values: ActivationValues): { name: string; text: string }[] {
  const bin = values.platform === "win32" ? "Scripts" : "bin";
  const comment = values.venvDir.replace(/[\r\n]/g, " ");
  return SCRIPTS.filter((s) => !s.windowsOnly || values.platform === "win32").map((spec) => {
    let text = readEmbeddedText(`activate/${spec.file}`)
      .replaceAll("@@VENV_DIR_TEXT@@", comment)
      .replaceAll("@@VENV_DIR@@", spec.quote(values.venvDir))
      .replaceAll("@@PROMPT@@", spec.quote(values.prompt))
      .replaceAll("@@BIN_NAME@@", bin);
    if (spec.crlf) text = text.replace(/\r?\n/g, "\r\n");
    return { name: spec.file, text };
  });
}

/** The command that activates `venvDir` in `shell` (what `verse env activate` prints). */
export function activationCommand(shell: Shell, venvDir: string, platform: NodeJS.Platform): string {
  const bin = platform === "win32" ? "Scripts" : "bin";
  const path = (file: string) => `${venvDir}${platform === "win32" ? "\\" : "/"}${bin}${platform === "win32" ? "\\" : "/"}${file}`;
  switch (shell) {
    case "fish":
      return `source ${fish(path("activate.fish"))}`;
    case "csh":
    case "tcsh":
      return `source ${csh(path("activate.csh"))}`;
    case "nu":
      return `overlay use ${nu(path("activate.nu"))}`;
    case "pwsh":
    case "powershell":
      return `& ${ps(path("Activate.ps1"))}`;
    case "cmd":
      return /[\s&()^]/.test(venvDir) ? `"${path("activate.bat")}"` : path("activate.bat");
    default:
      return `source ${posix(path("activate"))}`;
  }
}

/** The user's shell, from the environment (as Poetry's shell detection would see it). */
export function detectShell(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): Shell {
  if (env.NU_VERSION) return "nu";
  if (env.FISH_VERSION) return "fish";
  const shell = (env.SHELL ?? "").split(/[\\/]/).pop()?.toLowerCase() ?? "";
  const known: Record<string, Shell> = { bash: "bash", zsh: "zsh", sh: "sh", dash: "sh", fish: "fish", csh: "csh", tcsh: "tcsh", nu: "nu", pwsh: "pwsh" };
  if (known[shell]) return known[shell];
  if (platform === "win32") return env.PSModulePath ? "powershell" : "cmd";
  return "bash";
}
