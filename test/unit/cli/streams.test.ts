/**
 * The console sinks main.ts gives Output: lines reach fd 1 and fd 2 unchanged and in the order
 * written (also mixed with writes through process.stderr), a partial line goes through the real
 * stream, and a closed pipe ends the output quietly.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";

const STREAMS = join(import.meta.dir, "../../../src/cli/streams.ts");

function runScript(body: string, shell?: string): { out: string; err: string; code: number } {
  const script = `import { consoleStdout, consoleStderr, isTerminal } from ${JSON.stringify(STREAMS)};\n${body}`;
  const argv = shell ? ["sh", "-c", shell.replace("SCRIPT", `'${process.execPath}' -e '${script.replaceAll("'", "'\\''")}'`)] : [process.execPath, "-e", script];
  const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  return { out: r.stdout.toString(), err: r.stderr.toString(), code: r.exitCode ?? -1 };
}

test("lines keep their text and their order across stdout and stderr", () => {
  const r = runScript(
    `for (let i = 0; i < 300; i++) { if (i % 3 === 0) consoleStdout.write("out " + i + " 100%% %s\\n"); else if (i % 3 === 1) consoleStderr.write("err " + i + "\\n"); else process.stderr.write("raw " + i + "\\n"); }`,
    "SCRIPT 2>&1",
  );
  expect(r.code).toBe(0);
  const lines = r.out.trimEnd().split("\n");
  expect(lines).toHaveLength(300);
  lines.forEach((line, i) => expect(line).toBe(i % 3 === 0 ? `out ${i} 100%% %s` : i % 3 === 1 ? `err ${i}` : `raw ${i}`));
});

test("a partial line is written as is", () => {
  const r = runScript(`consoleStdout.write("a"); consoleStdout.write("b\\n"); consoleStdout.write("\\n");`);
  expect(r.out).toBe("ab\n\n");
});

test("a closed pipe ends the output quietly", () => {
  const r = runScript(`for (let i = 0; i < 20000; i++) consoleStdout.write("line " + i + " ${"x".repeat(80)}\\n");`, "SCRIPT | head -1");
  expect(r.out).toStartWith("line 0 ");
  expect(r.err).toBe("");
});

test("isTerminal answers for a pipe", () => {
  expect(runScript(`consoleStdout.write(String(isTerminal(1)) + "\\n");`).out).toBe("false\n");
});
