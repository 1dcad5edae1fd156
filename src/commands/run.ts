import { defineCommand, sessionFacts } from "../cli/spec.ts";

export default defineCommand({
  name: "run",
  summary: "Runs a command in the appropriate environment.",
  description: "Runs a command (or a script from [project.scripts] / [tool.poetry.scripts]) with the project's environment first on PATH.",
  arguments: [{ name: "args", description: "The command and arguments/options to run.", variadic: true }],
  passthrough: true,
  async run({ globals, output, passthrough, args }) {
    const { loadProject } = await import("../project/index.ts");
    const { commandLine, environmentVariables, projectEnvironment, runProgram } = await import("../installer/index.ts");
    const argv = passthrough.length > 0 ? [...passthrough] : ((args.args as string[] | undefined) ?? []);
    const facts = sessionFacts({ globals, output }, "stderr");
    const project = loadProject(globals.project ?? globals.cwd, { exact: globals.project !== null });
    const env = await projectEnvironment(facts);
    const [name, ...rest] = argv;
    return runProgram(commandLine(project, env, name ?? "", rest), environmentVariables(env, process.env), globals.cwd);
  },
});
