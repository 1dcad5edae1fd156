import { defineCommand, sessionFacts } from "../cli/spec.ts";

export default defineCommand({
  name: "shell",
  summary: "Spawns a shell within the virtual environment.",
  description: "Starts your shell ($SHELL) with the project's environment activated (VIRTUAL_ENV set, its scripts first on PATH). Exit the shell to leave it.",
  async run({ globals, output }) {
    const { environmentVariables, projectEnvironment, runProgram } = await import("../installer/index.ts");
    const facts = sessionFacts({ globals, output }, "stderr");
    const env = await projectEnvironment(facts);
    if (process.env.VIRTUAL_ENV === env.root) {
      output.line(`Virtual environment already activated: ${env.root}`);
      return 0;
    }
    output.line(`Spawning shell within ${env.root}`);
    const shell = process.env.SHELL || "/bin/sh";
    return runProgram([shell], environmentVariables(env, process.env), globals.cwd);
  },
});
