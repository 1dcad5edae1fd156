/** Shell completion scripts generated from the command definitions. */
import { bashScript } from "./bash.ts";
import { fishScript } from "./fish.ts";
import { buildModel, type CompletionInput } from "./model.ts";
import { powershellScript } from "./powershell.ts";
import { zshScript } from "./zsh.ts";

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}

export function completionScript(shell: Shell, input: CompletionInput): string {
  const model = buildModel(input);
  switch (shell) {
    case "bash":
      return bashScript(model);
    case "zsh":
      return zshScript(model);
    case "fish":
      return fishScript(model);
    case "powershell":
      return powershellScript(model);
  }
}

export type { CompletionInput, CompletionCommand, CompletionOption } from "./model.ts";
