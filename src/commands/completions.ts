import { GLOBAL_OPTIONS } from "../cli/globals.ts";
import { defineCommand } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import { completionScript, isShell, SHELLS } from "../self/index.ts";
import { registry } from "./registry.ts";

export default defineCommand({
  name: "completions",
  summary: "Generates a shell completion script (bash, zsh, fish or powershell).",
  description:
    "Prints a completion script for the given shell, generated from verse's own command definitions. Examples:\n  bash:       eval \"$(verse completions bash)\"            (in ~/.bashrc)\n  zsh:        verse completions zsh > \"${fpath[1]}/_verse\"\n  fish:       verse completions fish > ~/.config/fish/completions/verse.fish\n  powershell: verse completions powershell | Out-String | Invoke-Expression   (in $PROFILE)",
  arguments: [{ name: "shell", description: `The shell: ${SHELLS.join(", ")}.`, required: true }],
  run({ args, output }) {
    const shell = typeof args.shell === "string" ? args.shell : "";
    if (!isShell(shell)) throw new UsageError(`verse has no completions for the shell "${shell}".`, `Choose one of: ${SHELLS.join(", ")}.`);
    output.result(completionScript(shell, { program: "verse", commands: registry.commands, globals: GLOBAL_OPTIONS, choices: { completions: SHELLS } }).trimEnd());
    return 0;
  },
});
