import { defineCommand } from "../cli/spec.ts";
import { INSTALL_OPTIONS, runInstallLike } from "./install.ts";

export default defineCommand({
  name: "sync",
  summary: "Update the project's environment according to the lock file.",
  description: "Like `install --sync`: installs what poetry.lock locks and removes what it does not.",
  options: INSTALL_OPTIONS,
  run: (ctx) => runInstallLike(ctx, true),
});
