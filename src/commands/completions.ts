import { GLOBAL_OPTIONS } from "../cli/globals.ts";
import { defineCommand } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import { registry } from "./registry.ts";

// the shells of src/self's SHELLS, spelled out so that loading the command list does not load src/self
const SHELL_LIST = "bash, zsh, fish, powershell";

export default defineCommand({
  name: "completions",
  summary: "Generates a shell completion script (bash, zsh, fish or powershell).",
  description:
    "Prints a completion script for the given shell, generated from verse's own command definitions. Examples:\n  bash:       eval \"$(verse completions bash)\"            (in ~/.bashrc)\n  zsh:        verse completions zsh > \"${fpath[1]}/_verse\"\n  fish:       verse completions fish > ~/.config/fish/completions/verse.fish\n  powershell: verse completions powershell | Out-String | Invoke-Expression   (in $PROFILE)",
  arguments: [{ name: "shell", description: `The shell: ${SHELL_LIST}.`, required: true }],
  async run({ args, output }) {
    const { completionScript, isShell, SHELLS } = await import("../self/index.ts");
    const shell = typeof args.shell === "string" ? args.shell : "";
    if (!isShell(shell)) throw new UsageError(`verse has no completions for the shell "${shell}".`, `Choose one of: ${SHELLS.join(", ")}.`);
    output.result(completionScript(shell, { program: "verse", commands: registry.commands, globals: GLOBAL_OPTIONS, choices: { completions: SHELLS } }).trimEnd());
    return 0;
  },
});
