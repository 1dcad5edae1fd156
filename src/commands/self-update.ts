import { defineCommand } from "../cli/spec.ts";
import { VERSE_VERSION } from "../version.ts";

export default defineCommand({
  name: "self update",
  summary: "Updates verse to the latest version.",
  description:
    "Downloads the latest (or the given) release of verse for this machine, checks its sha256, tests it and swaps it in. Only a verse put in place by the installer (install.sh / install.ps1) updates itself; a Homebrew or other managed install says what to run instead.",
  arguments: [{ name: "version", description: "The version to update to (default: the latest)." }],
  options: [{ name: "dry-run", description: "Output the operations but do not execute anything (implicitly enables --verbose)." }],
  async run({ args, options, output }) {
    const { selfUpdate } = await import("../self/index.ts");
    const outcome = await selfUpdate({
      version: typeof args.version === "string" ? args.version : undefined,
      dryRun: options.flag("dry-run"),
      binary: process.execPath,
      currentVersion: VERSE_VERSION,
      env: process.env,
      progress: (text) => output.detail(1, text),
    });
    switch (outcome.kind) {
      case "up-to-date":
        if (outcome.pinned) output.line(`verse is already at ${outcome.current}.`);
        else if (outcome.latest === outcome.current) output.line(`verse ${outcome.current} is already the latest version.`);
        else output.line(`verse ${outcome.current} is newer than the latest release (${outcome.latest}); nothing to do.`);
        break;
      case "would-update":
        output.line(`Would update verse ${outcome.from} -> ${outcome.to}`);
        output.line(`  download ${outcome.url}`);
        output.line(`  replace  ${outcome.binary}`);
        break;
      case "updated":
        output.line(`Updated verse ${output.style(outcome.from, "c1")} -> ${output.style(outcome.to, "c1")} (${outcome.binary})`);
        break;
    }
    return 0;
  },
});
