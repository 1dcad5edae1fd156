import { isAbsolute, join, relative } from "node:path";
import { UsageError } from "../errors.ts";
import type { BuildFormat } from "../builder/index.ts";
import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "build",
  summary: "Builds a package, as a tarball and a wheel by default.",
  description: "Builds the project's sdist and wheel natively (what poetry-core would produce) into dist/ or the --output directory.",
  options: [
    { name: "format", short: "f", value: "FORMAT", description: "Limit the format to either sdist or wheel." },
    { name: "clean", description: "Clean output directory before building." },
    { name: "output", short: "o", value: "OUTPUT", description: "Set output directory for build artifacts.", defaultText: "dist" },
    { name: "config-settings", short: "c", value: "KEY=VALUE", multiple: true, description: "Provide config settings that should be passed to the backend (local-version=<label>)." },
  ],
  async run({ options, globals, output }) {
    const { buildProject, checkBackend } = await import("../builder/index.ts");
    const { loadProject } = await import("../project/index.ts");
    const project = loadProject(globals.project ?? globals.cwd, { exact: globals.project !== null });
    const format = options.string("format");
    if (format !== undefined && format !== "wheel" && format !== "sdist") {
      throw new UsageError(`invalid format ${JSON.stringify(format)}`, "Use --format sdist or --format wheel.");
    }
    let localVersion: string | null = null;
    for (const setting of options.strings("config-settings")) {
      const eq = setting.indexOf("=");
      const key = eq < 0 ? setting : setting.slice(0, eq);
      if (key !== "local-version" || eq < 0) {
        throw new UsageError(`unknown config setting ${JSON.stringify(setting)}`, "Supported: -c local-version=<label>.");
      }
      localVersion = setting.slice(eq + 1);
    }
    const out = options.string("output") ?? "dist";
    const outputDir = isAbsolute(out) ? out : join(project.root, out);
    checkBackend(project);
    output.line(`Building ${output.style(project.name ?? "", "c1")} (${output.style(project.version ?? "", "c2")})`);
    const built = buildProject(project, {
      formats: format === undefined ? [] : [format as BuildFormat],
      outputDir,
      clean: options.flag("clean"),
      localVersion,
      env: process.env,
      onStart: (f) => output.line(`Building ${output.style(f, "info")}`),
    });
    for (const a of built) output.result(`Built ${output.style(relative(globals.cwd, a.path) || a.filename, "comment")}`);
    return 0;
  },
});
