/**
 * Questions on a terminal, in Poetry's (cleo's) style: `Question [default]: ` and
 * `Question (yes/no) [yes] `. One readline interface serves a whole session, so answers typed
 * ahead (or piped) are never lost between questions.
 */
import { createInterface, type Interface } from "node:readline";
import { VerseError, ExitCode } from "../errors.ts";

export class PromptAborted extends VerseError {
  constructor() {
    super("Aborted: no answer was given (end of input).", { exitCode: ExitCode.interrupted });
  }
}

export interface Prompter {
  /** Asks for text; an empty answer gives `fallback`. */
  ask(question: string, fallback?: string): Promise<string>;
  confirm(question: string, fallback: boolean): Promise<boolean>;
  say(text?: string): void;
  close(): void;
}

export function terminalPrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Prompter {
  const rl: Interface = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  const queue: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let closed = false;
  rl.on("line", (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  rl.on("close", () => {
    closed = true;
    for (const w of waiting.splice(0)) w(null);
  });
  const next = (prompt: string): Promise<string> => {
    rl.setPrompt(prompt);
    rl.prompt();
    const queued = queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (closed) return Promise.reject(new PromptAborted());
    return new Promise((resolve, reject) => waiting.push((l) => (l === null ? reject(new PromptAborted()) : resolve(l))));
  };
  return {
    async ask(question, fallback = "") {
      const answer = (await next(question)).trim();
      return answer === "" ? fallback : answer;
    },
    async confirm(question, fallback) {
      for (;;) {
        const answer = (await next(question)).trim().toLowerCase();
        if (answer === "") return fallback;
        if (answer === "y" || answer === "yes") return true;
        if (answer === "n" || answer === "no") return false;
      }
    },
    say(text = "") {
      output.write(`${text}\n`);
    },
    close() {
      rl.close();
    },
  };
}
