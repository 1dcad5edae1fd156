/** Poetry's global options, accepted before or after the command name. */
import type { OptionSpec } from "./spec.ts";

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "help", short: "h", description: "Display help for the given command. When no command is given display help for the list command." },
  { name: "quiet", short: "q", description: "Do not output any message." },
  { name: "version", short: "V", description: "Display this application version." },
  { name: "ansi", description: "Force ANSI output." },
  { name: "no-ansi", description: "Disable ANSI output." },
  { name: "no-interaction", short: "n", description: "Do not ask any interactive question." },
  { name: "no-plugins", description: "Disables plugins (accepted for Poetry compatibility; verse has none)." },
  { name: "no-cache", description: "Disables verse source caches." },
  { name: "project", short: "P", value: "PROJECT", description: "Specify another path as the project root. All command-line arguments will be resolved relative to the current working directory." },
  { name: "directory", short: "C", value: "DIRECTORY", description: "The working directory for the verse command (defaults to the current working directory). All command-line arguments will be resolved relative to the given directory." },
  { name: "python", value: "PYTHON", description: "The Python to use: a version (3.12), a name (pypy3) or a path. Same as VERSE_PYTHON (verse only; Poetry has no such option)." },
  { name: "verbose", short: "v", multiple: true, description: "Increase the verbosity of messages: 1 for normal output, 2 for more verbose output and 3 for debug." },
];
