import { renderAppHelp, renderCommandHelp } from "../cli/help.ts";
import { findCommand } from "../cli/parse.ts";
import { defineCommand } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import { suggest } from "../cli/suggest.ts";
import { VERSE_VERSION } from "../version.ts";
import { registry } from "./registry.ts";

export default defineCommand({
  name: "help",
  summary: "Displays help for a command.",
  arguments: [{ name: "command_name", description: "The command name", variadic: true }],
  run({ args, output }) {
    const words = (args.command_name as string[] | undefined) ?? [];
    if (words.length === 0) {
      renderAppHelp(output, registry, VERSE_VERSION);
      return 0;
    }
    const name = words.join(" ");
    const command = findCommand(registry, name);
    if (!command) {
      const close = suggest(name, registry.commands.map((c) => c.name));
      throw new UsageError(`The command "${name}" does not exist.`, close.length ? `Did you mean: ${close.join(", ")}?` : "Run `verse list`.");
    }
    renderCommandHelp(output, command);
    return 0;
  },
});
