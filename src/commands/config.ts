import { defineCommand } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";

export default defineCommand({
  name: "config",
  summary: "Manages configuration settings.",
  description:
    "Shows or changes a setting. Precedence: environment (POETRY_<KEY>, VERSE_<KEY>) > the project's poetry.toml (--local) > the user's config.toml > default. Credentials (http-basic.<name>, pypi-token.<name>) are stored in auth.toml, readable only by you.",
  arguments: [
    { name: "key", description: "Setting key." },
    { name: "value", description: "Setting value.", variadic: true },
  ],
  options: [
    { name: "list", description: "List configuration settings." },
    { name: "unset", description: "Unset configuration setting." },
    { name: "local", description: "Set/Get from the project's local configuration." },
  ],
  async run({ args, options, globals, output }) {
    const { configListLines, configValueText, findProjectRoot, loadConfig, setConfig, unsetConfig } = await import("../project/index.ts");
    const projectDir = globals.project ?? findProjectRoot(globals.cwd);
    const key = typeof args.key === "string" ? args.key : undefined;
    const values = Array.isArray(args.value) ? args.value : [];
    const local = options.flag("local");
    if (options.flag("list") || key === undefined) {
      const config = loadConfig({ projectDir });
      for (const l of configListLines(config)) output.result(l);
      return 0;
    }
    if (options.flag("unset")) {
      if (values.length > 0) throw new UsageError("--unset takes a key and no value");
      unsetConfig(key, { projectDir, local });
      return 0;
    }
    if (values.length === 0) {
      output.result(configValueText(loadConfig({ projectDir }), key));
      return 0;
    }
    setConfig(key, values, { projectDir, local });
    return 0;
  },
});
