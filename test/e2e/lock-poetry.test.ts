/**
 * verse and the machine's Poetry 1.3.2 (/usr/bin/poetry, isolated HOME/config/cache) lock the
 * same projects against the same test index (real 2020 PyPI metadata as synthesized wheels, HTML
 * pages, which Poetry 1.3.2 needs): the same solution, and the same file once the documented
 * lock-version 2.0 → 2.1 differences are taken out (header, `category`, `groups`, package
 * `markers`, `lock-version`; see lock-fixtures.test.ts). Skipped when Poetry is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, binaryBuilt, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";

/** The two formats reduced to what they share (as in lock-fixtures.test.ts). */
function comparable(text: string): string {
  return text
    .split("\n")
    .slice(1)
    .filter((l) => !/^(category|groups|markers) = /.test(l))
    .map((l) => l.replace(/^lock-version = ".*"$/, "lock-version = *"))
    .join("\n");
}

const POETRY = "/usr/bin/poetry";
const PROJECTS: Record<string, { snapshot: string; deps: string }> = {
  chalice: { snapshot: "pypi-2020-02-13-chalice", deps: 'chalice = "*"' },
  "pandas[test]": { snapshot: "pypi-2020-02-15-pandas", deps: 'pandas = {version = "*", extras = ["test"]}' },
  "31 packages": {
    snapshot: "pypi-2020-02-13-dask",
    deps: 'boto3 = "*"\ns3fs = "*"\nrequests = "*"\ntornado = "*"\nclick = "*"\npytest = "*"\ndask = {version = "*", extras = ["array", "delayed"]}\npyyaml = "*"\ntoolz = "*"\ncloudpickle = "*"',
  },
};

let root: string;
const servers = new Map<string, IndexServer>();

async function spawn(argv: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(argv, { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "verse-lockpoetry-"));
});

afterAll(async () => {
  for (const s of servers.values()) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!binaryBuilt() || !existsSync(POETRY))("verse lock = Poetry 1.3.2 lock (2.0 → 2.1 differences aside)", () => {
  for (const [name, p] of Object.entries(PROJECTS)) {
    test(name, async () => {
      let server = servers.get(p.snapshot);
      if (server === undefined) servers.set(p.snapshot, (server = await startIndexServer({ snapshots: [p.snapshot], json: false })));
      const text = `[tool.poetry]\nname = "bench"\nversion = "0.1.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = "^3.8"\n${p.deps}\n\n[[tool.poetry.source]]\nname = "local"\nurl = "${server.simpleUrl}"\ndefault = true\n`;
      const dirs = [mkdtempSync(join(root, "verse-")), mkdtempSync(join(root, "poetry-"))];
      for (const d of dirs) writeFileSync(join(d, "pyproject.toml"), text);
      const cache = mkdtempSync(join(root, "cache-"));
      const [v, po] = await Promise.all([
        spawn([VERSE_BIN, "lock"], dirs[0]!, cleanEnv(join(cache, "vhome"), { NO_PROXY: "*" })),
        spawn([POETRY, "lock", "-n", "--no-ansi"], dirs[1]!, {
          PATH: "/usr/bin:/bin", HOME: join(cache, "home"), POETRY_CONFIG_DIR: join(cache, "config"), POETRY_CACHE_DIR: join(cache, "poetry"),
          POETRY_VIRTUALENVS_CREATE: "false", NO_PROXY: "*", LANG: "C.UTF-8",
        }),
      ]);
      expect(v.err).toBe("");
      expect(po.code).toBe(0);
      const ours = readFileSync(join(dirs[0]!, "poetry.lock"), "utf8");
      const theirs = readFileSync(join(dirs[1]!, "poetry.lock"), "utf8");
      expect(comparable(ours)).toBe(comparable(theirs));
    }, 120_000);
  }
});
