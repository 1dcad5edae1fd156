/**
 * Console output with Poetry's verbosity levels and colour rules:
 * --ansi / --no-ansi win, then NO_COLOR (any value disables), then FORCE_COLOR, then TTY detection.
 */

/**
 * Where output goes. `isTTY` is read only when colour is not decided by --ansi/--no-ansi or the
 * environment, and then once: asking the terminal costs start-up time (see streams.ts).
 */
export type Stream = { write(text: string): unknown; readonly isTTY?: boolean };

export interface OutputOptions {
  verbosity: number; // -1 quiet, 0 normal, 1..3
  ansi: boolean | null; // from --ansi / --no-ansi, null when not given
  env: Readonly<Record<string, string | undefined>>;
  stdout: Stream;
  stderr: Stream;
}

export function decideColour(ansi: boolean | null, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (ansi !== null) return ansi;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.TERM === "dumb") return false;
  return isTTY;
}

const STYLES = {
  info: [32, 39], // green: Poetry's <info>
  comment: [33, 39], // yellow: <comment>
  error: [31, 39],
  warning: [33, 39],
  bold: [1, 22],
  dim: [2, 22],
  c1: [36, 39], // cyan: package names
  c2: [35, 39], // magenta
} as const;
export type Style = keyof typeof STYLES;

export class Output {
  readonly verbosity: number;
  private readonly stdout: Stream;
  private readonly stderr: Stream;
  private readonly ansi: boolean | null;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private colourOut: boolean | undefined;
  private colourErrOut: boolean | undefined;

  constructor(options: OutputOptions) {
    this.verbosity = options.verbosity;
    this.stdout = options.stdout;
    this.stderr = options.stderr;
    this.ansi = options.ansi;
    this.env = options.env;
  }

  /** Whether stdout gets colour; decided on first use, so output without style never asks the terminal. */
  get colour(): boolean {
    this.colourOut ??= this.decide(this.stdout);
    return this.colourOut;
  }

  get colourErr(): boolean {
    this.colourErrOut ??= this.decide(this.stderr);
    return this.colourErrOut;
  }

  /** The terminal is asked only when the options and environment leave the choice to it. */
  private decide(stream: Stream): boolean {
    const withoutTerminal = decideColour(this.ansi, this.env, false);
    if (withoutTerminal === decideColour(this.ansi, this.env, true)) return withoutTerminal;
    return decideColour(this.ansi, this.env, stream.isTTY === true);
  }

  /** Wrap text in a style when colour is on for stdout. */
  style(text: string, style: Style, forStderr = false): string {
    if (!(forStderr ? this.colourErr : this.colour)) return text;
    const [open, close] = STYLES[style];
    return `\x1b[${open}m${text}\x1b[${close}m`;
  }

  get quiet(): boolean {
    return this.verbosity < 0;
  }

  /** Where live progress (downloads) is drawn: stderr, or null when -q silences it. */
  get progress(): Stream | null {
    return this.verbosity >= 0 ? this.stderr : null;
  }

  /** Normal output (stdout), silenced by -q. */
  line(text = ""): void {
    if (this.verbosity >= 0) this.stdout.write(text + "\n");
  }

  /** Output that is the command's result (e.g. `--version`, `env info -p`): printed even with -q. */
  result(text: string): void {
    this.stdout.write(text + "\n");
  }

  /** Progress for the user on stderr (silenced by -q), for commands whose stdout is data. */
  note(text: string): void {
    if (this.verbosity >= 0) this.stderr.write(text + "\n");
  }

  /** Extra detail shown with -v (level 1), -vv (2) or -vvv (3), on stderr. */
  detail(level: 1 | 2 | 3, text: string): void {
    if (this.verbosity >= level) this.stderr.write(this.style(text, "dim", true) + "\n");
  }

  warn(text: string): void {
    if (this.verbosity >= 0) this.stderr.write(this.style(`Warning: ${text}`, "warning", true) + "\n");
  }

  /** Errors are always shown, even with -q. */
  error(text: string): void {
    this.stderr.write(this.style(text, "error", true) + "\n");
  }

  errorRaw(text: string): void {
    this.stderr.write(text + "\n");
  }
}
