import { defineCommand } from "../cli/spec.ts";
import { VERSE_VERSION } from "../version.ts";

export default defineCommand({
  name: "self version",
  summary: "Shows the version of verse and how it was installed.",
  options: [{ name: "short", short: "s", description: "Print the version number only." }],
  async run({ options, output }) {
    const { versionInfo } = await import("../self/index.ts");
    const info = versionInfo(process.execPath, VERSE_VERSION, process.env);
    if (options.flag("short")) {
      output.result(info.version);
      return 0;
    }
    output.result(`verse ${info.version}`);
    output.line(`binary:       ${info.binary}`);
    output.line(`installed by: ${info.installedBy ?? "unknown (no install receipt)"}`);
    if (info.target) output.line(`target:       ${info.target}`);
    if (info.receiptPath) output.line(`receipt:      ${info.receiptPath}`);
    return 0;
  },
});
