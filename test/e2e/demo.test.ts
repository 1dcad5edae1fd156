/**
 * The README's first promise: `npm run demo` (scripts/demo.ts) builds the binary, starts a local
 * index and drives new → add → lock → install → run → show --tree → build → publish → pip install,
 * offline, and exits 0 only when every step behaved.
 */
import { expect, test } from "bun:test";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");

test("npm run demo works end to end and exits 0", async () => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(POETRY_|VERSE_|PIP_|VIRTUAL_ENV)/.test(k)) env[k] = v;
  // --no-build: `npm test` built dist/verse already, and other e2e tests may be running it
  const p = Bun.spawn([process.execPath, "scripts/demo.ts", "--clean", "--no-build"], { cwd: ROOT, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) console.log(out.slice(-6000), err.slice(-2000));
  expect(code).toBe(0);
  for (const cmd of ["$ verse new demo-app", "$ verse add", "$ verse lock", "$ verse install", "$ verse run", "$ verse show --tree", "$ verse build", "$ verse publish"]) expect(out).toContain(cmd);
  expect(out).toContain("demo-app says hello");
  expect(out).toContain("demo finished: every step behaved as expected");
}, 300_000);
