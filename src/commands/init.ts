import { join } from "node:path";
import { defineCommand } from "../cli/spec.ts";
import type { InitAnswers } from "../project/index.ts";

export default defineCommand({
  name: "init",
  summary: "Creates a basic pyproject.toml file in the current directory.",
  description: "Asks for the project's metadata and dependencies (every answer can be given as an option; with -n nothing is asked) and writes a PEP 621 pyproject.toml.",
  options: [
    { name: "name", value: "NAME", description: "Name of the package." },
    { name: "description", value: "DESCRIPTION", description: "Description of the package." },
    { name: "author", value: "AUTHOR", description: "Author name of the package." },
    { name: "python", value: "PYTHON", description: "Compatible Python versions." },
    { name: "dependency", value: "DEPENDENCY", multiple: true, description: "Package to require, with an optional version constraint, e.g. requests@^2.10.0 or requests>=2.10." },
    { name: "dev-dependency", value: "DEV_DEPENDENCY", multiple: true, description: "Package to require for development, with an optional version constraint." },
    { name: "license", short: "l", value: "LICENSE", description: "License of the package." },
  ],
  async run({ options, globals, output }) {
    const { existingProjectSections, initProject, previewPyproject, projectDefaults, ProjectExistsError, templateFromOptions, templateFromPrompts, terminalPrompter } = await import("../project/index.ts");
    const { discover, interpreterCacheFor, minorVersion } = await import("../python/index.ts");
    const dir = globals.project ?? globals.cwd;
    const existing = existingProjectSections(join(dir, "pyproject.toml"));
    if (existing.defined) throw new ProjectExistsError("A pyproject.toml file with a project and/or a poetry section already exists.", "Edit it directly, or use `verse add` to add dependencies.");
    const found = await discover({ env: process.env, cwd: globals.cwd, projectDir: null, cache: interpreterCacheFor({ noCache: globals.noCache }) });
    const setup = projectDefaults(dir, found.found ? minorVersion(found.found.interpreter.info) : null, { cwd: globals.cwd, noCache: globals.noCache, existing: existing.data });
    const answers: InitAnswers = {
      name: options.string("name"),
      description: options.string("description"),
      author: options.string("author"),
      license: options.string("license"),
      python: options.string("python"),
      dependencies: options.strings("dependency"),
      devDependencies: options.strings("dev-dependency"),
    };
    const ctx = { cwd: globals.cwd, latest: setup.latest, say: (t: string) => output.line(t), layout: "none", readme: "md" } as const;
    if (!globals.interactive) {
      initProject(dir, await templateFromOptions(answers, setup.defaults, ctx));
      return 0;
    }
    const prompter = terminalPrompter();
    try {
      const template = await templateFromPrompts(prompter, answers, setup.defaults, { ...ctx, say: (t: string) => prompter.say(t) }, true);
      if (template === null) return 1;
      prompter.say("Generated file");
      prompter.say("");
      prompter.say(previewPyproject(template));
      if (!(await prompter.confirm("Do you confirm generation? (yes/no) [yes] ", true))) {
        prompter.say("Command aborted");
        return 1;
      }
      initProject(dir, template);
      return 0;
    } finally {
      prompter.close();
    }
  },
});
