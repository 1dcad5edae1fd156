import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "version",
  summary: "Shows the version of the project or bumps it when a valid bump rule is provided.",
  description:
    "Shows the project's version, or sets it: a bump rule (major, minor, patch, premajor, preminor, prepatch, prerelease) or an explicit PEP 440 version.",
  arguments: [{ name: "version", description: "The version number or the rule to update the version." }],
  options: [
    { name: "short", short: "s", description: "Output the version number only." },
    { name: "dry-run", description: "Do not update pyproject.toml file." },
    { name: "next-phase", description: "Increment the phase of the current version." },
  ],
  async run({ args, options, globals, output }) {
    const { bumpProjectVersion, openProjectFile } = await import("../project/index.ts");
    const pf = openProjectFile(globals.cwd, globals.project);
    const rule = typeof args.version === "string" ? args.version : undefined;
    if (rule === undefined) {
      const version = pf.project.version ?? "";
      if (options.flag("short")) output.result(version);
      else output.result(`${output.style(pf.project.name ?? "", "comment")} ${output.style(version, "info")}`);
      return 0;
    }
    const r = bumpProjectVersion(pf, rule, { nextPhase: options.flag("next-phase"), dryRun: options.flag("dry-run") });
    if (options.flag("short")) output.result(r.to);
    else output.line(`Bumping version from ${output.style(r.from, "c1")} to ${output.style(r.to, "c2")}`);
    return 0;
  },
});
