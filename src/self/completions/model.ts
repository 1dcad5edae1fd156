/**
 * The command-line shape that shell completions are generated from. It is built from the command
 * registry and the global options at run time (see src/commands/completions.ts), so a new
 * command or option shows up in every shell without touching the generators.
 */

export interface CompletionOption {
  readonly name: string;
  readonly short?: string;
  readonly description: string;
  /** Present when the option takes a value. */
  readonly value?: string;
  readonly hidden?: boolean;
}

export interface CompletionCommand {
  readonly name: string;
  readonly summary: string;
  readonly options?: readonly CompletionOption[];
  readonly aliases?: readonly string[];
  readonly hidden?: boolean;
}

export interface CompletionInput {
  readonly program: string;
  readonly commands: readonly CompletionCommand[];
  readonly globals: readonly CompletionOption[];
  /** Fixed values for a command's first argument, e.g. { "completions": ["bash", ...] }. */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

export interface Word {
  readonly word: string;
  readonly description: string;
}

/** What the generators need, precomputed: words per command path, options per command. */
export interface CompletionModel {
  readonly program: string;
  /** Command path ("" for the top level, "env" for a namespace) -> the words that may follow. */
  readonly words: ReadonlyMap<string, readonly Word[]>;
  /** Full command name -> its options (without the globals). */
  readonly options: ReadonlyMap<string, readonly CompletionOption[]>;
  readonly globals: readonly CompletionOption[];
  /** Words that only prefix sub-commands ("env", "cache", "self"). */
  readonly namespaces: readonly string[];
  /** Spellings (-x, --xx) of the value-taking global options: the next word is their value. */
  readonly globalValueOptions: readonly string[];
  /** Full command name -> spellings of its own value-taking options. */
  readonly valueOptions: ReadonlyMap<string, readonly string[]>;
}

export function buildModel(input: CompletionInput): CompletionModel {
  const visible = input.commands.filter((c) => !c.hidden);
  const names = new Set(visible.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
  const namespaces = [...new Set(visible.filter((c) => c.name.includes(" ")).map((c) => c.name.split(" ")[0]!))].filter((n) => !names.has(n)).sort();

  const words = new Map<string, Word[]>();
  const push = (path: string, word: Word) => {
    const list = words.get(path) ?? [];
    if (!list.some((w) => w.word === word.word)) list.push(word);
    words.set(path, list);
  };
  for (const c of visible) {
    for (const name of [c.name, ...(c.aliases ?? [])]) {
      const parts = name.split(" ");
      if (parts.length === 1) push("", { word: name, description: c.summary });
      else {
        push("", { word: parts[0]!, description: `${parts[0]} commands` });
        push(parts[0]!, { word: parts.slice(1).join(" "), description: c.summary });
      }
    }
  }
  for (const [name, values] of Object.entries(input.choices ?? {})) {
    for (const v of values) push(name, { word: v, description: v });
  }
  for (const list of words.values()) list.sort((a, b) => a.word.localeCompare(b.word));

  const options = new Map<string, readonly CompletionOption[]>();
  for (const c of visible) {
    const opts = (c.options ?? []).filter((o) => !o.hidden);
    for (const name of [c.name, ...(c.aliases ?? [])]) options.set(name, opts);
  }
  const globals = input.globals.filter((o) => !o.hidden);
  const takesValue = (list: readonly CompletionOption[]) => list.filter((o) => o.value).flatMap(spellings);
  const valueOptions = new Map<string, readonly string[]>();
  for (const [name, list] of options) if (takesValue(list).length > 0) valueOptions.set(name, takesValue(list));
  return { program: input.program, words, options, globals, namespaces, globalValueOptions: takesValue(globals), valueOptions };
}

/** Every command path that has words or options, "" first. */
export function commandPaths(model: CompletionModel): string[] {
  return [...new Set(["", ...model.words.keys(), ...model.options.keys()])].sort();
}

export function spellings(o: CompletionOption): string[] {
  return o.short ? [`--${o.name}`, `-${o.short}`] : [`--${o.name}`];
}

/** Single-quoted for POSIX shells (bash, zsh, fish accept the '\'' idiom; fish differs, see fish.ts). */
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** First sentence, one line: shells show descriptions in narrow columns. */
export function shortDescription(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const m = /^(.*?[.!?])(\s|$)/.exec(line);
  const first = m ? m[1]! : line;
  return first.replace(/\.$/, "");
}

/**
 * The `<fn>_takes_value CMD OPTION` shell function bash and zsh share: whether an option of a
 * command takes the next word as its value. `pattern` writes a command path as a case pattern.
 */
export function takesValueFunction(m: CompletionModel, fn: string, pattern: (path: string) => string): string {
  const globalCase = m.globalValueOptions.length > 0 ? m.globalValueOptions.join("|") : "--never-a-verse-option";
  const arms = [...m.valueOptions].map(([cmd, spell]) => `        ${pattern(cmd)}) case "$2" in ${spell.join("|")}) return 0 ;; esac ;;`);
  return `# Whether option $2 of command $1 takes the next word as its value.
${fn}_takes_value() {
    case "$2" in ${globalCase}) return 0 ;; esac
    case "$1" in
${arms.join("\n")}
    esac
    return 1
}`;
}
