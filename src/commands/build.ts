import { rmSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { UsageError } from "../errors.ts";
import type { BuildFormat } from "../builder/index.ts";
import type { Project } from "../project/index.ts";
import { defineCommand, type CommandContext } from "../cli/spec.ts";

type Settings = Record<string, string | string[]>;

/** `-c key=value` pairs; a key given twice becomes a list (PEP 517 config_settings). */
function parseSettings(values: readonly string[]): Settings {
  const out: Settings = {};
  for (const setting of values) {
    const eq = setting.indexOf("=");
    if (eq <= 0) throw new UsageError(`invalid config setting ${JSON.stringify(setting)}`, "Give it as -c key=value (for example -c local-version=<label>).");
    const key = setting.slice(0, eq);
    const value = setting.slice(eq + 1);
    const prev = out[key];
    out[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return out;
}

export interface BuildRequest {
  readonly project: Project;
  readonly formats: readonly BuildFormat[];
  readonly outputDir: string;
  readonly clean: boolean;
  readonly settings: Settings;
}

/**
 * The glue of `build` (and `publish --build`): native artifacts from the builder, the others
 * from the project's PEP 517 backend in an isolated environment (the installer's machinery).
 */
export async function buildArtifacts(req: BuildRequest, { globals, output }: Pick<CommandContext, "globals" | "output">): Promise<{ filename: string; path: string }[]> {
  const { buildProject, planBuild } = await import("../builder/index.ts");
  const plan = planBuild(req.project, req.formats);
  const local = req.settings["local-version"];
  if (plan.some((p) => p.via === "native")) {
    // verse's own builder knows one setting only; a backend gets them all as config_settings
    const unknown = Object.keys(req.settings).find((k) => k !== "local-version");
    if (unknown !== undefined) throw new UsageError(`unknown config setting ${JSON.stringify(unknown)}`, "Supported: -c local-version=<label>.");
    if (Array.isArray(local)) throw new UsageError("local-version is given more than once", "Pass -c local-version=<label> once.");
  }
  if (req.clean) rmSync(req.outputDir, { recursive: true, force: true });
  const onStart = (f: string) => output.line(`Building ${output.style(f, "info")}`);
  const built: { filename: string; path: string }[] = [];
  for (const step of plan) {
    if (step.via === "native") {
      built.push(...buildProject(req.project, { formats: [step.format], outputDir: req.outputDir, clean: false, localVersion: typeof local === "string" ? local : null, env: process.env, onStart }));
      continue;
    }
    const { buildWithBackend } = await import("../installer/index.ts");
    built.push(
      ...(await buildWithBackend({
        cwd: globals.cwd,
        project: globals.project,
        noCache: globals.noCache,
        env: process.env,
        sourceDir: req.project.root,
        label: `${req.project.name ?? "the project"} (${req.project.version ?? "?"})`,
        targets: [step.format],
        outputDir: req.outputDir,
        configSettings: Object.keys(req.settings).length > 0 ? req.settings : null,
        onStart,
        detail: (t) => output.detail(1, t),
        warn: (t) => output.warn(t),
      })),
    );
  }
  return built;
}

export default defineCommand({
  name: "build",
  summary: "Builds a package, as a tarball and a wheel by default.",
  description:
    "Builds the project's sdist and wheel into dist/ or the --output directory: natively (what poetry-core would produce) for a poetry-core project, " +
    "through the project's PEP 517 backend in an isolated environment otherwise (setuptools, hatchling, flit..., and the wheel of a project with a build script).",
  options: [
    { name: "format", short: "f", value: "FORMAT", description: "Limit the format to either sdist or wheel." },
    { name: "clean", description: "Clean output directory before building." },
    { name: "output", short: "o", value: "OUTPUT", description: "Set output directory for build artifacts.", defaultText: "dist" },
    { name: "config-settings", short: "c", value: "KEY=VALUE", multiple: true, description: "Provide config settings that should be passed to the backend (local-version=<label>)." },
  ],
  async run({ options, globals, output }) {
    const { loadProject } = await import("../project/index.ts");
    const project = loadProject(globals.project ?? globals.cwd, { exact: globals.project !== null });
    const format = options.string("format");
    if (format !== undefined && format !== "wheel" && format !== "sdist") {
      throw new UsageError(`invalid format ${JSON.stringify(format)}`, "Use --format sdist or --format wheel.");
    }
    const settings = parseSettings(options.strings("config-settings"));
    const out = options.string("output") ?? "dist";
    const outputDir = isAbsolute(out) ? out : join(project.root, out);
    output.line(`Building ${output.style(project.name ?? "", "c1")} (${output.style(project.version ?? "", "c2")})`);
    const built = await buildArtifacts({ project, formats: format === undefined ? [] : [format], outputDir, clean: options.flag("clean"), settings }, { globals, output });
    for (const a of built) output.result(`Built ${output.style(relative(globals.cwd, a.path) || a.filename, "comment")}`);
    return 0;
  },
});
