import { renderAppHelp } from "../cli/help.ts";
import { defineCommand } from "../cli/spec.ts";
import { VERSE_VERSION } from "../version.ts";
import { registry } from "./registry.ts";

export default defineCommand({
  name: "list",
  summary: "Lists commands.",
  run({ output }) {
    renderAppHelp(output, registry, VERSE_VERSION);
    return 0;
  },
});
