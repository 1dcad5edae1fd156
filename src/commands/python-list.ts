import { defineCommand } from "../cli/spec.ts";

export default defineCommand({
  name: "python list",
  summary: "Shows every Python interpreter verse finds, with its source and version.",
  description: "Lists the interpreters in discovery order (the first one satisfying the project's constraint is used).",
  async run({ globals, output }) {
    const { interpreterCacheFor, listInterpreters, projectRootOrNull, pythonListLines } = await import("../python/index.ts");
    const projectDir = projectRootOrNull(globals.cwd, globals.project);
    const found = await listInterpreters({
      env: process.env,
      cwd: globals.cwd,
      projectDir,
      cache: interpreterCacheFor({ noCache: globals.noCache, projectRoot: projectDir }),
      request: null,
    });
    const { rows, failures } = pythonListLines(found);
    if (rows.length === 0) output.line("No Python interpreters found.");
    for (const row of rows) output.result(row);
    if (failures.length > 0) {
      output.line();
      output.line("Found but could not be queried:");
      for (const f of failures) output.line(`  ${f}`);
    }
    return 0;
  },
});
