/** Every command verse knows. Each command is one file; this list is the only place they meet. */
import type { Registry } from "../cli/parse.ts";
import type { CommandSpec } from "../cli/spec.ts";
import about from "./about.ts";
import help from "./help.ts";
import list from "./list.ts";
import cacheClear from "./cache-clear.ts";
import cacheList from "./cache-list.ts";
import envActivate from "./env-activate.ts";
import envInfo from "./env-info.ts";
import envList from "./env-list.ts";
import envRemove from "./env-remove.ts";
import envUse from "./env-use.ts";
import pythonList from "./python-list.ts";
import completions from "./completions.ts";
import selfUninstall from "./self-uninstall.ts";
import selfUpdate from "./self-update.ts";
import selfVersion from "./self-version.ts";
import projectVersion from "./version.ts";
import projectConfig from "./config.ts";
import sourceAdd from "./source-add.ts";
import sourceShow from "./source-show.ts";
import sourceRemove from "./source-remove.ts";
import projectNew from "./new.ts";
import projectInit from "./init.ts";
import projectCheck from "./check.ts";
import build from "./build.ts";
import publish from "./publish.ts";
import install from "./install.ts";
import sync from "./sync.ts";
import run from "./run.ts";
import shell from "./shell.ts";
import exportCmd from "./export.ts";
import lock from "./lock.ts";

const commands: CommandSpec[] = [about, help, list, cacheClear, cacheList, envActivate, envInfo, envList, envRemove, envUse, pythonList, completions, selfUninstall, selfUpdate, selfVersion, projectVersion, projectConfig, sourceAdd, sourceShow, sourceRemove, build, publish, projectNew, projectInit, projectCheck, install, sync, run, shell, lock, exportCmd];

export const registry: Registry = { commands };
