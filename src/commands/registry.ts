/** Every command verse knows. Each command is one file; this list is the only place they meet. */
import type { Registry } from "../cli/parse.ts";
import type { CommandSpec } from "../cli/spec.ts";
import about from "./about.ts";
import help from "./help.ts";
import list from "./list.ts";

const commands: CommandSpec[] = [about, help, list];

export const registry: Registry = { commands };
