/** Optional bytecode compilation (`--compile`) through the interpreter's own compileall, in parallel (-j 0). */
import { spawn } from "node:child_process";
import { InstallError } from "./errors.ts";

export async function compileFiles(python: string, files: readonly string[]): Promise<void> {
  const list = files.filter((f) => f.endsWith(".py"));
  if (list.length === 0) return;
  await new Promise<void>((resolve, reject) => {
    // -i -: the file list comes on stdin; -q: only errors; -j 0: one worker per core.
    const child = spawn(python, ["-I", "-m", "compileall", "-q", "-j", "0", "-i", "-"], { stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    child.stdout.on("data", (c: Buffer) => (err += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", (e) => reject(new InstallError(`Could not run ${python} to compile bytecode: ${e.message}`)));
    child.on("close", (code) => {
      // compileall exits 1 when a file has a syntax error; pip ignores those too (a warning here).
      if (code === 0 || code === 1) resolve();
      else reject(new InstallError(`Compiling bytecode failed (exit ${code}):\n${err.trim()}`));
    });
    child.stdin.end(`${list.join("\n")}\n`);
  });
}
