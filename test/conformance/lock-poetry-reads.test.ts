/**
 * The other direction of compatibility: the machine's Poetry (1.3.2) reads a lock that verse
 * wrote (lock-version 2.1; Poetry 1.3.2 accepts it with its "might not be compatible" warning),
 * agrees that it is fresh, and lists the locked packages. Isolated: HOME, config and cache in a
 * temp dir, no virtualenv, no network (neither command contacts the declared source).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLock, renderLock } from "../../src/lock/index.ts";

const POETRY = "/usr/bin/poetry";
const FIX = join(import.meta.dir, "../fixtures/lock");
const tmp = mkdtempSync(join(tmpdir(), "verse-lock-poetry-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function poetry(args: string[], cwd: string) {
  const r = Bun.spawnSync([POETRY, ...args, "-n", "--no-ansi"], {
    cwd,
    env: {
      PATH: "/usr/bin:/bin",
      HOME: join(tmp, "home"),
      POETRY_CONFIG_DIR: join(tmp, "config"),
      POETRY_CACHE_DIR: join(tmp, "cache"),
      POETRY_VIRTUALENVS_CREATE: "false",
      LANG: "C.UTF-8",
    },
  });
  return { code: r.exitCode, out: r.stdout.toString() + r.stderr.toString() };
}

describe.skipIf(!existsSync(POETRY))("Poetry reads what verse writes", () => {
  for (const name of ["groups"]) {
    test(`${name}: poetry lock --check and poetry show`, () => {
      const dir = join(tmp, name);
      cpSync(join(FIX, "projects", name), dir, { recursive: true });
      const lock = parseLock(readFileSync(join(FIX, "poetry-1.3.2", name, "poetry.lock"), "utf8"));
      const text = renderLock({
        ...lock,
        packages: lock.packages.map((p) => ({
          ...p,
          category: null,
          groups: [p.category ?? "main"],
          markers: p.name === "beta" ? { kind: "all", marker: 'python_version >= "3.8"' } : null,
        })),
      });
      writeFileSync(join(dir, "poetry.lock"), text);
      const check = poetry(["lock", "--check"], dir);
      expect(check.out).toContain("poetry.lock is consistent with pyproject.toml.");
      expect(check.code).toBe(0);
      const show = poetry(["show"], dir);
      expect(show.code).toBe(0);
      // colorama is only needed on Windows (beta's `sys_platform == "win32"`): show leaves it out here
      for (const p of lock.packages) if (p.name !== "colorama") expect(show.out).toContain(p.name);
    }, 60_000);
  }
});
