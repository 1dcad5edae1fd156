/**
 * Optional bytecode compilation (`--compile`), as pip does it: every `.py` file a wheel installed
 * (in any scheme: pip compiles a `.data/scripts/*.py` too, never the generated entry points) is
 * compiled by the environment's own interpreter (so the `.pyc` carries its cache tag and magic
 * number), and each compiled file is added to its distribution's RECORD, so that uninstalling
 * removes it. compileall's `-j` only parallelizes directory walks, not a file list, so the list
 * is split over a few interpreter processes instead. A module with a syntax error is skipped
 * (pip ignores those too) and reported back, never fatal.
 */
import { spawn } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { formatRecord, hashEntry, type RecordEntry } from "../standards/record.ts";
import { InstallError } from "./errors.ts";
import { fsInstallError } from "./fs-errors.ts";

/**
 * Reads NUL-separated paths on stdin, compiles each with py_compile (the interpreter's default
 * invalidation mode), and writes each compiled source and its .pyc, NUL-separated, on stdout.
 * Bytes in and out, so that no locale can garble a file name.
 */
const COMPILER = `
import os, sys, py_compile
out = sys.stdout.buffer
for raw in sys.stdin.buffer.read().split(b"\\0"):
    if not raw:
        continue
    src = os.fsdecode(raw)
    try:
        pyc = py_compile.compile(src, doraise=True)
    except py_compile.PyCompileError as e:
        sys.stderr.write("%s\\n" % (e.msg.strip().splitlines() or [src])[-1])
        continue
    if pyc:
        out.write(raw + b"\\0" + os.fsencode(pyc) + b"\\0")
out.flush()
`;

/** Files per interpreter process below which one process is enough (start-up costs ~20 ms). */
const PER_PROCESS = 300;

/** A compiled module: its source and the .pyc written for it. */
export interface Compiled {
  readonly source: string;
  readonly pyc: string;
}

function compileChunk(python: string, files: readonly string[]): Promise<{ written: Compiled[]; errors: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-I", "-c", COMPILER], { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let errors = "";
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => (errors += c.toString()));
    child.on("error", (e) => reject(new InstallError(`Could not run ${python} to compile bytecode: ${e.message}`)));
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new InstallError(`Compiling bytecode with ${python} failed (exit ${code}):\n${errors.trim()}`, { hint: "Run the install again without --compile, or check the interpreter." }));
        return;
      }
      const fields = Buffer.concat(out).toString("utf8").split("\0");
      const written: Compiled[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) written.push({ source: fields[i] as string, pyc: fields[i + 1] as string });
      resolve({ written, errors });
    });
    child.stdin.on("error", () => undefined); // a child that died early: its exit code says why
    child.stdin.end(`${files.join("\0")}\0`);
  });
}

/** Compile `files` with `python`; returns the .pyc files written and the compiler's complaints (syntax errors). */
export async function compileFiles(python: string, files: readonly string[]): Promise<{ written: Compiled[]; errors: string }> {
  const list = files.filter((f) => f.endsWith(".py"));
  if (list.length === 0) return { written: [], errors: "" };
  const processes = Math.max(1, Math.min(availableParallelism(), Math.ceil(list.length / PER_PROCESS)));
  const size = Math.ceil(list.length / processes);
  const chunks = Array.from({ length: processes }, (_, i) => list.slice(i * size, (i + 1) * size)).filter((c) => c.length > 0);
  const results = await Promise.all(chunks.map((c) => compileChunk(python, c)));
  return { written: results.flatMap((r) => r.written), errors: results.map((r) => r.errors).join("") };
}

/** What compileInstalled needs of an installed wheel (wheel.ts's InstalledWheel). */
export interface CompilableWheel {
  /** The final `.dist-info` directory; its parent is the site directory RECORD paths are relative to. */
  readonly distInfo: string;
  /** Absolute paths of the `.py` files the wheel installed. */
  readonly pyFiles: readonly string[];
}

/**
 * Compile the modules of freshly installed wheels and list every .pyc in its wheel's RECORD
 * (rewritten through a temporary file and a rename: a reader never sees half a RECORD). An
 * interruption between the two leaves unlisted .pyc files, which uninstall removes anyway.
 * Returns the compiler's complaints (empty when every module compiled).
 */
export async function compileInstalled(python: string, wheels: readonly CompilableWheel[]): Promise<string> {
  const owner = new Map<string, CompilableWheel>();
  for (const w of wheels) for (const f of w.pyFiles) owner.set(f, w);
  const { written, errors } = await compileFiles(python, [...owner.keys()]);
  const bySource = new Map<CompilableWheel, string[]>();
  for (const { source, pyc } of written) {
    const w = owner.get(source);
    if (w === undefined) continue;
    const list = bySource.get(w) ?? [];
    list.push(pyc);
    bySource.set(w, list);
  }
  for (const [w, pycs] of bySource) {
    const site = dirname(w.distInfo);
    const record = join(w.distInfo, "RECORD");
    try {
      const entries: RecordEntry[] = pycs.map((pyc) => hashEntry(relative(site, pyc).split("\\").join("/"), new Uint8Array(readFileSync(pyc))));
      const tmp = `${record}.${process.pid}.tmp`;
      writeFileSync(tmp, readFileSync(record, "utf8") + formatRecord(entries));
      renameSync(tmp, record);
    } catch (e) {
      throw fsInstallError(e, { doing: "Recording compiled bytecode", path: record, where: "env" }) ?? e;
    }
  }
  return errors;
}
