/**
 * Questions on the terminal: a visible answer for the username, a hidden one for the password
 * (raw mode, nothing echoed). Only used when stdin is a TTY and the session is interactive.
 */
import type { Prompter } from "./credentials.ts";

function readLine(hidden: boolean, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let answer = "";
    const wasRaw = stdin.isRaw;
    if (stdin.isTTY) stdin.setRawMode(hidden);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (error: Error | null): void => {
      stdin.off("data", onData);
      if (stdin.isTTY) stdin.setRawMode(wasRaw);
      stdin.pause();
      if (hidden) process.stderr.write("\n");
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003") return done(new Error("interrupted"));
        if (ch === "\u007f" || ch === "\b") answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on("data", onData);
  });
}

/** A prompter for an interactive terminal, or null when there is none. */
export function terminalPrompter(interactive: boolean): Prompter | null {
  if (!interactive || !process.stdin.isTTY) return null;
  return { ask: (q) => readLine(false, q), askHidden: (q) => readLine(true, q) };
}
