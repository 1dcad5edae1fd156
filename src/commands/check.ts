import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { defineCommand } from "../cli/spec.ts";
import { VerseError } from "../errors.ts";
import type { CheckMessage } from "../project/index.ts";

export default defineCommand({
  name: "check",
  summary: "Validates the content of the pyproject.toml file and its consistency with the poetry.lock file.",
  description:
    "Reports schema errors (with key path and line), unknown [tool.poetry] keys, unknown or deprecated trove classifiers, invalid SPDX licence expressions, missing readme files and deprecated keys with their replacement.",
  options: [
    { name: "lock", description: "Checks that poetry.lock exists for the current version of pyproject.toml." },
    { name: "strict", description: "Fail if warnings are reported." },
  ],
  async run({ options, globals, output }) {
    const { isFresh, readLock } = await import("../lock/index.ts");
    const { checkPyproject, parsePyproject, resolveProjectFile } = await import("../project/index.ts");
    const file = resolveProjectFile(globals.project ?? globals.cwd, globals.project !== null);
    const root = dirname(file);
    const text = readFileSync(file, "utf8");
    const report = checkPyproject(text, file, root);
    const errors: string[] = report.errors.map(show);
    const warnings: string[] = report.warnings.map(show);
    if (options.flag("lock") && report.errors.length === 0) {
      try {
        const lock = readLock(join(root, "poetry.lock"));
        if (!isFresh(parsePyproject(text, file, root), lock)) {
          errors.push("pyproject.toml changed significantly since poetry.lock was last generated. Run `verse lock` to fix the lock file.");
        }
      } catch (e) {
        if (!(e instanceof VerseError)) throw e;
        errors.push(e.message.includes("does not exist") ? "poetry.lock was not found. Run `verse lock` to create it." : e.message);
      }
    }
    if (errors.length === 0 && warnings.length === 0) {
      output.line(output.style("All set!", "info"));
      return 0;
    }
    for (const e of errors) output.errorRaw(`${output.style("Error:", "error", true)} ${e}`);
    for (const w of warnings) output.errorRaw(`${output.style("Warning:", "warning", true)} ${w}`);
    return errors.length > 0 || (options.flag("strict") && warnings.length > 0) ? 1 : 0;
  },
});

function show(m: CheckMessage): string {
  return m.line !== null ? `${m.message} (line ${m.line})` : m.message;
}
