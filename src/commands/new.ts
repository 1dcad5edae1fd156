import { resolve } from "node:path";
import { defineCommand, type CommandContext } from "../cli/spec.ts";
import type { InitAnswers } from "../project/index.ts";

/** "3.X" of the Python discovery would pick here, or null when there is none. */
async function currentPython(ctx: CommandContext): Promise<string | null> {
  const { discover, interpreterCacheFor, minorVersion } = await import("../python/index.ts");
  const r = await discover({ env: process.env, cwd: ctx.globals.cwd, projectDir: null, cache: interpreterCacheFor({ noCache: ctx.globals.noCache }) });
  return r.found ? minorVersion(r.found.interpreter.info) : null;
}

export default defineCommand({
  name: "new",
  summary: "Creates a new Python project at <path>.",
  description: "Creates a project directory with a PEP 621 pyproject.toml, the package (src layout unless --flat), a tests folder and a readme.",
  arguments: [{ name: "path", description: "The path to create the project at.", required: true }],
  options: [
    { name: "interactive", short: "i", description: "Allow interactive specification of project configuration." },
    { name: "name", value: "NAME", description: "Set the resulting package name (dots make namespace packages)." },
    { name: "src", description: "Use the src layout for the project (the default)." },
    { name: "flat", description: "Use the flat layout for the project." },
    { name: "readme", value: "README", description: "Specify the readme file format. One of md (default), rst or txt." },
    { name: "description", value: "DESCRIPTION", description: "Description of the package." },
    { name: "author", value: "AUTHOR", description: "Author name of the package." },
    { name: "python", value: "PYTHON", description: "Compatible Python versions." },
    { name: "dependency", value: "DEPENDENCY", multiple: true, description: "Package to require, with an optional version constraint, e.g. requests@^2.10.0 or requests>=2.10." },
    { name: "dev-dependency", value: "DEV_DEPENDENCY", multiple: true, description: "Package to require for development, with an optional version constraint." },
    { name: "license", short: "l", value: "LICENSE", description: "License of the package." },
  ],
  async run(ctx) {
    const { createProject, parseReadmeFormat, projectDefaults, templateFromOptions, templateFromPrompts, terminalPrompter } = await import("../project/index.ts");
    const { args, options, globals, output } = ctx;
    const path = resolve(globals.cwd, String(args.path));
    const setup = projectDefaults(path, await currentPython(ctx), { cwd: globals.cwd, noCache: globals.noCache });
    const answers: InitAnswers = {
      name: options.string("name"),
      description: options.string("description"),
      author: options.string("author"),
      license: options.string("license"),
      python: options.string("python"),
      dependencies: options.strings("dependency"),
      devDependencies: options.strings("dev-dependency"),
    };
    const initCtx = { cwd: globals.cwd, latest: setup.latest, say: (t: string) => output.line(t), layout: options.flag("flat") ? "flat" : "src", readme: parseReadmeFormat(options.string("readme")) } as const;
    let template;
    if (options.flag("interactive") && globals.interactive) {
      const prompter = terminalPrompter();
      try {
        template = await templateFromPrompts(prompter, answers, setup.defaults, initCtx, false);
      } finally {
        prompter.close();
      }
    } else {
      template = await templateFromOptions(answers, setup.defaults, initCtx);
    }
    if (template === null) return 1;
    const created = createProject(path, template, String(args.path));
    output.line(`Created package ${output.style(created.packageName, "info")} in ${output.style(String(args.path), "info")}`);
    return 0;
  },
});
