/**
 * `verse add` / `verse remove` on a [tool.poetry] project write the same pyproject.toml as the
 * machine's Poetry 1.3.2 (/usr/bin/poetry: isolated HOME, POETRY_CONFIG_DIR, POETRY_CACHE_DIR),
 * which behaves as Poetry 2 does for such projects. Same test index (HTML pages, which Poetry
 * 1.3.2 needs), same commands, byte-compared. Skipped when Poetry is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";

const POETRY = "/usr/bin/poetry";
let root: string;
let index: IndexServer;

async function run(bin: string, args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const env =
    bin === POETRY
      ? {
          PATH: "/usr/bin:/bin", HOME: join(root, "home-p"), POETRY_CONFIG_DIR: join(root, "conf-p"), POETRY_CACHE_DIR: join(root, "cache-p"),
          // Poetry 1.3.2's remove has no --lock: it installs, into a venv inside the temp project
          POETRY_VIRTUALENVS_CREATE: args[0] === "remove" ? "true" : "false", POETRY_VIRTUALENVS_IN_PROJECT: "true", NO_PROXY: "*", LANG: "C.UTF-8",
        }
      : cleanEnv(join(root, "home-v"), { NO_PROXY: "*", POETRY_CACHE_DIR: join(root, "cache-v") });
  const p = Bun.spawn([bin, ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-addpoetry-"));
  index = await startIndexServer({ json: false });
  for (const [n, v] of [["alpha", "1.0"], ["alpha", "2.0"], ["beta", "1.0"], ["gamma", "1.0"], ["withx", "1.0"], ["delta", "1.9"], ["eps", "1.2.3"]] as const) {
    index.addDist(makeWheel({ name: n, version: v }));
  }
});

afterAll(async () => {
  await index?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Each step is run by both tools on their own copy of the project; the files must stay equal. */
const STEPS: string[][] = [
  ["add", "--lock", "alpha", "gamma@~1.0", "withx[x]@^1", "delta>=1,<2"],
  ["add", "--lock", "-G", "dev", "beta@^1.0", "--python", ">=3.9"],
  ["add", "--lock", "--optional", "eps@^1.2"],
  ["add", "--lock", "alpha@^1.0"],
  ["add", "--lock", "-G", "docs", "eps==1.2.3", "--platform", "linux", "--allow-prereleases"],
  ["remove", "--lock", "gamma"],
  ["remove", "--lock", "-G", "dev", "beta"],
];

describe.skipIf(!binaryBuilt() || !existsSync(POETRY))("verse add/remove = Poetry 1.3.2 on [tool.poetry] projects", () => {
  test("the same pyproject.toml after each step", async () => {
    const text = `[tool.poetry]\nname = "app"\nversion = "0.1.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = "^3.8" # keep this comment\n\n[[tool.poetry.source]]\nname = "test"\nurl = "${index.simpleUrl}"\ndefault = true\n`;
    const ours = mkdtempSync(join(root, "verse-"));
    const theirs = mkdtempSync(join(root, "poetry-"));
    writeFileSync(join(ours, "pyproject.toml"), text);
    writeFileSync(join(theirs, "pyproject.toml"), text);
    for (const step of STEPS) {
      // Poetry 1.3.2's --optional is a flag; verse's (Poetry 2) takes the extra's name
      const verseStep = step.includes("--optional") ? step.map((a) => (a === "--optional" ? "--optional=fast" : a)) : step;
      const p = await run(POETRY, [...step.filter((a) => step[0] !== "remove" || a !== "--lock"), "-n", "--no-ansi"], theirs);
      expect({ step: step.join(" "), code: p.code, err: p.code === 0 ? "" : p.out + p.err }).toEqual({ step: step.join(" "), code: 0, err: "" });
      const v = await run(VERSE_BIN, verseStep, ours);
      expect(v.err).toBe("");
      expect(v.code).toBe(0);
      let want = readFileSync(join(theirs, "pyproject.toml"), "utf8");
      // Poetry 2's --optional <extra> also lists the package under [tool.poetry.extras]
      const got = readFileSync(join(ours, "pyproject.toml"), "utf8").replace(/\n\[tool\.poetry\.extras\]\nfast = \["eps"\]\n/, "");
      // tomlkit puts a blank line after a new group table (an extra one at the end of the file) and
      // leaves one where it removed a table; verse keeps exactly one blank line between tables
      // Poetry 2 drops a group its last dependency left (1.3.2 keeps the empty table)
      want = want.replace(/\[tool\.poetry\.group\.[\w-]+\.dependencies\]\n(?=\n|\[|$)/g, "");
      want = want.replace(/\n\n\n+/g, "\n\n").replace(/\n+$/, "\n");
      expect({ step: step.join(" "), text: got }).toEqual({ step: step.join(" "), text: want });
    }
  }, 120_000);
});
