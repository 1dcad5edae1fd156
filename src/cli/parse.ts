/**
 * Argument parsing over the command specs. Tokenizing (grouped short flags, `--x=y`, `--`)
 * follows node:util's parseArgs (see tokenize.ts); the command lookup, validation, Poetry-style
 * global options anywhere on the line and "did you mean" suggestions are here. Only the options
 * of the command being run are looked at, so a lazy registry loads just that command.
 */
import { UsageError } from "../errors.ts";
import { GLOBAL_OPTIONS } from "./globals.ts";
import type { CommandSpec, OptionSpec, ParsedOptions } from "./spec.ts";
import { suggest } from "./suggest.ts";
import { tokenize, type TokenOption } from "./tokenize.ts";

export interface Registry {
  readonly commands: readonly CommandSpec[];
}

export interface ParsedLine {
  /** null when no command was named (bare `verse`, `verse -V`, `verse --help`). */
  readonly command: CommandSpec | null;
  readonly args: Record<string, string | string[] | undefined>;
  readonly options: ParsedOptions;
  readonly globals: ParsedOptions;
  readonly passthrough: string[];
}

type Values = Record<string, string | boolean | string[] | undefined>;

function makeParsed(values: Values): ParsedOptions {
  return {
    values,
    flag: (name) => {
      const v = values[name];
      return Array.isArray(v) ? v.length > 0 : v === true;
    },
    string: (name) => {
      const v = values[name];
      if (Array.isArray(v)) return v[v.length - 1];
      return typeof v === "string" ? v : undefined;
    },
    strings: (name) => {
      const v = values[name];
      if (Array.isArray(v)) return v;
      return typeof v === "string" ? [v] : [];
    },
  };
}

const globalByName = new Map(GLOBAL_OPTIONS.map((o) => [o.name, o]));
const globalByShort = new Map(GLOBAL_OPTIONS.filter((o) => o.short).map((o) => [o.short!, o]));

/** Index of command names, including namespace prefixes ("env" for "env use"). */
function commandNames(registry: Registry): Set<string> {
  const names = new Set<string>();
  for (const c of registry.commands) {
    if (c.hidden) continue;
    names.add(c.name);
    for (const a of c.aliases ?? []) names.add(a);
  }
  return names;
}

export function findCommand(registry: Registry, name: string): CommandSpec | undefined {
  return registry.commands.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}

/** Namespaces like "env", "cache", "self": words that only prefix other commands. */
export function namespaces(registry: Registry): Set<string> {
  const out = new Set<string>();
  for (const c of registry.commands) {
    const words = c.name.split(" ");
    if (words.length > 1) out.add(words[0]!);
  }
  return out;
}

/**
 * Locate the command words in argv: skip global options (and the values of -C/-P), take the
 * first positional, and a second one when the first is a namespace ("env use").
 */
function locateCommand(argv: readonly string[], registry: Registry): { command: CommandSpec | null; rest: string[] } {
  const spaces = namespaces(registry);
  const rest: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") break;
    if (token.startsWith("-") && token !== "-") {
      rest.push(token);
      const opt = token.startsWith("--") ? globalByName.get(token.slice(2)) : globalByShort.get(token.slice(-1));
      // A value-taking global option written as two tokens consumes the next one.
      if (opt?.value && !token.includes("=") && (token.startsWith("--") || token.length === 2)) {
        if (i + 1 < argv.length) rest.push(argv[++i]!);
      }
      continue;
    }
    break;
  }
  if (i >= argv.length || argv[i] === "--") return { command: null, rest: [...rest, ...argv.slice(i)] };

  let name = argv[i]!;
  let consumed = 1;
  if (spaces.has(name) && !findCommand(registry, name)) {
    const sub = argv[i + 1];
    if (sub === undefined || sub.startsWith("-")) {
      throw unknownCommand(registry, name, true);
    }
    name = `${name} ${sub}`;
    consumed = 2;
  }
  const command = findCommand(registry, name);
  if (!command) throw unknownCommand(registry, name, false);
  return { command, rest: [...rest, ...argv.slice(i + consumed)] };
}

/**
 * The command a line names (null for none), without parsing its options: main loads that
 * command's module before parseCommandLine reads its options. Throws as parseCommandLine does
 * for an unknown command.
 */
export function commandIn(argv: readonly string[], registry: Registry): CommandSpec | null {
  return locateCommand(argv, registry).command;
}

function unknownCommand(registry: Registry, name: string, isNamespace: boolean): UsageError {
  const all = [...commandNames(registry)];
  if (isNamespace) {
    const subs = all.filter((n) => n.startsWith(`${name} `));
    return new UsageError(
      `The command "${name}" needs a sub-command.`,
      `Available: ${subs.join(", ")}. Run \`verse ${name} <sub-command> --help\` for details.`,
    );
  }
  const close = suggest(name, all);
  const hint =
    close.length > 0
      ? `Did you mean ${close.length === 1 ? "this" : "one of these"}?\n${close.map((c) => `    ${c}`).join("\n")}`
      : "Run `verse list` to see the available commands.";
  return new UsageError(`The command "${name}" does not exist.`, hint);
}

function tokenOptions(options: readonly OptionSpec[]): Map<string, TokenOption> {
  const map = new Map<string, TokenOption>();
  for (const o of options) map.set(o.name, { takesValue: o.value !== undefined, short: o.short });
  return map;
}

export function parseCommandLine(argv: readonly string[], registry: Registry): ParsedLine {
  const { command, rest } = locateCommand(argv, registry);
  const commandOptions = command?.options ?? [];
  const all = [...GLOBAL_OPTIONS, ...commandOptions];

  // Split off `--` for commands that pass the rest through (run), or for positionals.
  let parseable = rest;
  let passthrough: string[] = [];
  if (command?.passthrough) {
    // `verse run cmd --flag`: everything from the first positional on belongs to the program.
    const idx = firstPositionalIndex(rest, all);
    if (idx >= 0) {
      parseable = rest.slice(0, idx);
      passthrough = rest.slice(idx);
      if (passthrough[0] === "--") passthrough = passthrough.slice(1);
    }
  }

  const parsed = tokenize(parseable, tokenOptions(all));

  const knownLong = new Map(all.map((o) => [o.name, o]));
  const globalValues: Values = {};
  const commandValues: Values = {};
  const commandNamesSet = new Set(commandOptions.map((o) => o.name));
  for (const token of parsed.options) {
    const spec = knownLong.get(token.name);
    if (!spec) throw unknownOption(token.rawName, all, command);
    if (spec.value && token.value === undefined) {
      throw new UsageError(`The "${token.rawName}" option requires a value.`, `Usage: ${token.rawName} ${spec.value}`);
    }
    if (!spec.value && token.value !== undefined && token.inlineValue) {
      throw new UsageError(`The "${token.rawName}" option does not accept a value.`);
    }
    const target = commandNamesSet.has(spec.name) ? commandValues : globalValues;
    if (spec.multiple) {
      const prev = target[spec.name];
      const list = Array.isArray(prev) ? prev : [];
      list.push(spec.value ? token.value! : "1");
      target[spec.name] = list;
    } else {
      target[spec.name] = spec.value ? token.value! : true;
    }
  }

  const positionals = [...parsed.positionals];
  const args: Record<string, string | string[] | undefined> = {};
  const argSpecs = command?.arguments ?? [];
  const wantsHelp = globalValues.help === true || globalValues.version === true;
  for (const a of argSpecs) {
    if (a.variadic) {
      args[a.name] = positionals.splice(0);
      if (a.required && (args[a.name] as string[]).length === 0 && !wantsHelp) throw missingArgument(command!, a.name);
    } else {
      const value = positionals.shift();
      if (value === undefined && a.required && !wantsHelp) throw missingArgument(command!, a.name);
      args[a.name] = value;
    }
  }
  if (positionals.length > 0 && command && !wantsHelp) {
    throw new UsageError(
      `Too many arguments to "${command.name}": unexpected "${positionals[0]}".`,
      `Run \`verse ${command.name} --help\` for its usage.`,
    );
  }
  return { command, args, options: makeParsed(commandValues), globals: makeParsed(globalValues), passthrough };
}

function firstPositionalIndex(tokens: readonly string[], options: readonly OptionSpec[]): number {
  const byLong = new Map(options.map((o) => [o.name, o]));
  const byShort = new Map(options.filter((o) => o.short).map((o) => [o.short!, o]));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "--") return i;
    if (!t.startsWith("-") || t === "-") return i;
    const opt = t.startsWith("--") ? byLong.get(t.slice(2)) : t.length === 2 ? byShort.get(t.slice(1)) : undefined;
    if (opt?.value && !t.includes("=")) i++;
  }
  return -1;
}

function missingArgument(command: CommandSpec, name: string): UsageError {
  return new UsageError(`Not enough arguments (missing: "${name}").`, `Run \`verse ${command.name} --help\` for its usage.`);
}

function unknownOption(raw: string, options: readonly OptionSpec[], command: CommandSpec | null): UsageError {
  const isLong = raw.startsWith("--");
  const candidates = isLong ? options.filter((o) => !o.hidden).map((o) => `--${o.name}`) : options.filter((o) => o.short).map((o) => `-${o.short}`);
  const close = isLong ? suggest(raw, candidates) : [];
  const where = command ? `verse ${command.name} --help` : "verse --help";
  const hint = close.length > 0 ? `Did you mean ${close.join(" or ")}? See \`${where}\`.` : `See \`${where}\` for the options.`;
  return new UsageError(`The "${raw}" option does not exist.`, hint);
}
