/**
 * Standard output and error without paying for process.stdout / process.stderr.
 *
 * Creating either stream loads node:stream and friends: about 2.5 ms of the ~8 ms every verse
 * command paid at start-up (measured with --cpu-prof on the compiled binary), even for
 * `verse --version`. Whole lines go through console.log / console.error instead: Bun writes them
 * straight to fd 1 / fd 2, synchronously and in call order (so stdout and stderr interleave as
 * they were written, also with writes through process.stderr), waits out a full non-blocking pipe,
 * flushes before process.exit, and drops output quietly once the reader is gone (EPIPE:
 * `verse list | head -1`). A single argument is printed as is: no "%s" formatting.
 *
 * Code that needs a real stream (progress bars, prompts) should take it from stdStream(), which
 * adds the quiet EPIPE exit that an unhandled stream error would otherwise turn into a crash.
 */
import type { Stream } from "./output.ts";

interface TtyBinding {
  isTTY(fd: number): boolean;
}

const terminal = new Map<number, boolean>();

/**
 * Whether fd is a terminal. Asked of the runtime's tty binding (microseconds); node:tty, the
 * fallback, costs ~4 ms to load.
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  let known = terminal.get(fd);
  if (known === undefined) {
    known = askTerminal(fd);
    terminal.set(fd, known);
  }
  return known;
}

function askTerminal(fd: number): boolean {
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding?.("tty_wrap") as Partial<TtyBinding> | undefined;
    if (typeof binding?.isTTY === "function") return binding.isTTY(fd) === true;
  } catch {
    // no such binding in this runtime: ask node:tty
  }
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

const guarded = new Set<NodeJS.WriteStream>();

/**
 * process.stdout or process.stderr, created on first use, ending the process quietly when the
 * reader has gone (EPIPE) with the exit code already set; any other stream error is re-thrown.
 */
export function stdStream(which: "stdout" | "stderr"): NodeJS.WriteStream {
  const stream = which === "stdout" ? process.stdout : process.stderr;
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return stream;
}

function lineSink(fd: 1 | 2): Stream {
  const print = fd === 1 ? (line: string) => console.log(line) : (line: string) => console.error(line);
  return {
    write(text: string): void {
      // Output writes whole lines; anything else goes through the real stream, in order.
      if (text.endsWith("\n")) print(text.slice(0, -1));
      else stdStream(fd === 1 ? "stdout" : "stderr").write(text);
    },
    get isTTY(): boolean {
      return isTerminal(fd);
    },
  };
}

/** Sinks for Output that never create process.stdout / process.stderr. */
export const consoleStdout: Stream = lineSink(1);
export const consoleStderr: Stream = lineSink(2);
