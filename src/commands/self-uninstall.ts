import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "self uninstall",
  summary: "Removes verse from this machine.",
  description:
    "Removes the verse binary the installer put in place, its PATH set-up (the env scripts and the marked lines in shell start-up files) and the install receipt. With --all, also verse's cache and data directories (virtual environments included).",
  options: [{ name: "all", description: "Also remove verse's cache and data directories." }],
  async run({ options, output }) {
    const { selfUninstall } = await import("../self/index.ts");
    const report = selfUninstall({ binary: process.execPath, env: process.env, all: options.flag("all") });
    for (const path of report.removed) output.line(`removed ${path}`);
    for (const path of report.edited) output.line(`removed verse's lines from ${path}`);
    output.line("verse is uninstalled.");
    return 0;
  },
});
