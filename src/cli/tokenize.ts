/**
 * Splits argv into option tokens and positionals, with the rules of node:util's parseArgs in its
 * lenient mode (`strict: false, allowPositionals: true, tokens: true`): grouped short flags
 * (`-vvv`), a short option glued to its value (`-Gdev`, `-abGdev`), `--name=value`, a value-taking
 * option that takes the next word whatever it looks like, unknown options kept as tokens (a
 * boolean unless `=value` is given), and `--` ending the options.
 *
 * Why not parseArgs itself: loading node:util costs about 1 ms of the ~8 ms every verse command
 * pays at start-up (measured with --cpu-prof), more than all of our own parsing. The behaviour is
 * pinned to parseArgs by a differential test (test/unit/cli/tokenize.test.ts).
 */

/** What the tokenizer needs to know about one option. */
export interface TokenOption {
  readonly takesValue: boolean;
  readonly short?: string;
}

export interface OptionToken {
  /** The long name, or for an unknown short option its letter. */
  readonly name: string;
  /** As written: "--group", "-G". */
  readonly rawName: string;
  /** undefined for a flag, or for a value option given last with no value. */
  readonly value: string | undefined;
  /** true for `--name=value` and `-Gvalue`; false when the value was the next word; undefined without a value. */
  readonly inlineValue: boolean | undefined;
}

export interface Tokens {
  readonly options: OptionToken[];
  readonly positionals: string[];
}

export function tokenize(args: readonly string[], options: ReadonlyMap<string, TokenOption>): Tokens {
  const byShort = new Map<string, string>();
  for (const [name, o] of options) if (o.short !== undefined && !byShort.has(o.short)) byShort.set(o.short, name);
  const longFor = (short: string): string => byShort.get(short) ?? short;
  const takesValue = (name: string): boolean => options.get(name)?.takesValue === true;

  const out: OptionToken[] = [];
  const positionals: string[] = [];
  const queue = args.slice();
  let i = 0;
  while (i < queue.length) {
    const arg = queue[i++]!;
    if (arg === "--") {
      for (; i < queue.length; i++) positionals.push(queue[i]!);
      break;
    }
    const isShortForm = arg.length >= 2 && arg[0] === "-" && arg[1] !== "-";
    if (isShortForm && arg.length === 2) {
      const name = longFor(arg[1]!);
      if (takesValue(name) && i < queue.length) out.push({ name, rawName: arg, value: queue[i++], inlineValue: false });
      else out.push({ name, rawName: arg, value: undefined, inlineValue: undefined });
      continue;
    }
    if (isShortForm) {
      const first = longFor(arg[1]!);
      if (takesValue(first)) {
        out.push({ name: first, rawName: arg.slice(0, 2), value: arg.slice(2), inlineValue: true });
        continue;
      }
      // A group of flags: each letter is its own option, until a value-taking one, which takes
      // the rest of the word as its value (-vGdev is -v -Gdev); re-read as separate words.
      const expanded: string[] = [];
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k]!;
        if (!takesValue(longFor(letter)) || k === arg.length - 1) expanded.push(`-${letter}`);
        else {
          expanded.push(`-${arg.slice(k)}`);
          break;
        }
      }
      queue.splice(i, 0, ...expanded);
      continue;
    }
    if (arg.length > 2 && arg.startsWith("--")) {
      // parseArgs' rule: a first "=" after a non-empty name makes it `--name=value` ("--=x" is a name)
      const eq = arg.indexOf("=");
      if (eq > 2) {
        out.push({ name: arg.slice(2, eq), rawName: arg.slice(0, eq), value: arg.slice(eq + 1), inlineValue: true });
        continue;
      }
      const name = arg.slice(2);
      if (takesValue(name) && i < queue.length) out.push({ name, rawName: arg, value: queue[i++], inlineValue: false });
      else out.push({ name, rawName: arg, value: undefined, inlineValue: undefined });
      continue;
    }
    positionals.push(arg);
  }
  return { options: out, positionals };
}
