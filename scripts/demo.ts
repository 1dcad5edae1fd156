/**
 * `npm run demo`: builds dist/verse, copies it alone into a temporary directory and drives it as
 * a user would, printing each command and its output. Later steps (new → add → lock → install →
 * run → build → publish against a local index) are added as those commands land.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const build = Bun.spawnSync([process.execPath, "build.ts"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);

const work = mkdtempSync(join(tmpdir(), "verse-demo-"));
const binDir = join(work, "bin");
const project = join(work, "work");
mkdirSync(binDir);
mkdirSync(project);
const bin = join(binDir, "verse");
copyFileSync(join(ROOT, "dist", "verse"), bin);
Bun.spawnSync(["chmod", "+x", bin]);
const env = { ...process.env, HOME: join(work, "home"), FORCE_COLOR: process.stdout.isTTY ? "1" : "0", PATH: `${binDir}:${process.env.PATH}` };

function step(args: string[], note: string): number {
  console.log(`\n\x1b[1m$ verse ${args.join(" ")}\x1b[0m   # ${note}`);
  const r = Bun.spawnSync([bin, ...args], { cwd: project, env, stdout: "inherit", stderr: "inherit" });
  console.log(`(exit code ${r.exitCode})`);
  return r.exitCode ?? 1;
}

console.log(`verse binary copied alone to ${bin}; working in ${project}`);
let failed = 0;
const expectCode = (code: number, want: number) => {
  if (code !== want) failed++;
};
expectCode(step(["--version"], "the binary stands alone"), 0);
expectCode(step(["list"], "every command"), 0);
expectCode(step(["about"], "reads a resource embedded in the binary"), 0);
expectCode(step(["help", "about"], "help in Poetry's layout"), 0);
expectCode(step(["abuot"], "a typo: a clear error, a suggestion, exit code 2"), 2);
expectCode(step(["--frob"], "an unknown option: exit code 2"), 2);

rmSync(work, { recursive: true, force: true });
console.log(failed === 0 ? "\ndemo finished: every step behaved as expected" : `\ndemo: ${failed} step(s) did not behave as expected`);
process.exit(failed === 0 ? 0 : 1);
