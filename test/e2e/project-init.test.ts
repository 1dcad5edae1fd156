/**
 * `verse init` from an empty directory: through a real terminal (tmux send-keys /
 * capture-pane driving dist/verse), non-interactively with every option, and with -n; package
 * search against a local index; refusal to overwrite an existing project.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSE_BIN, cleanEnv } from "../helpers/binary.ts";
import { startIndexServer, type IndexServer } from "../helpers/index-server.ts";
import { makeWheel } from "../helpers/make-wheel.ts";

let root: string;
let env: Record<string, string>;
let index: IndexServer;
const TMUX_SOCKET = `verse-init-test-${process.pid}`;
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "verse-init-"));
  mkdirSync(join(root, "home"));
  env = cleanEnv(join(root, "home"), { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" });
  index = await startIndexServer({
    dists: [
      makeWheel({ name: "pendulum", version: "2.0.0" }),
      makeWheel({ name: "pendulum", version: "2.1.2" }),
      makeWheel({ name: "pendulum", version: "3.0.0b1" }),
      makeWheel({ name: "pytest", version: "3.6.0" }),
    ],
  });
});

afterAll(async () => {
  if (hasTmux) spawnSync("tmux", ["-L", TMUX_SOCKET, "kill-server"]);
  await index.stop();
  rmSync(root, { recursive: true, force: true });
});

function freshDir(name: string, sourceTable = false): string {
  const dir = join(root, name);
  mkdirSync(dir);
  if (sourceTable) writeFileSync(join(dir, "pyproject.toml"), `[[tool.poetry.source]]\nname = "local"\nurl = "${index.simpleUrl}"\n`);
  return dir;
}

// asynchronous: the index answers from this process, so the event loop must keep running
async function run(args: string[], cwd: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const p = Bun.spawn([VERSE_BIN, ...args], { cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { exitCode, stdout, stderr };
}

describe("verse init", () => {
  test("-n takes the directory name and defaults", async () => {
    const dir = freshDir("plain-dir");
    const r = await run(["init", "-n", "--python", ">=3.10"], dir);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toBe(`[project]
name = "plain-dir"
version = "0.1.0"
description = ""
authors = [
    {name = "Your Name",email = "you@example.com"}
]
readme = "README.md"
requires-python = ">=3.10"
dependencies = [
]


[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`);
  });

  test("every option non-interactively; bare names get ^latest from the index", async () => {
    const dir = freshDir("opts", true);
    const r = await run(["init", "-n", "--name", "my-package", "--description", "This is a description", "--author", "Ann <ann@example.com>",
      "--license", "MIT", "--python", ">=3.6", "--dependency", "pendulum", "--dev-dependency", "pytest@^3.6"], dir);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Using version ^2.1.2 for pendulum\n");
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toBe(`[[tool.poetry.source]]
name = "local"
url = "${index.simpleUrl}"

[project]
name = "my-package"
version = "0.1.0"
description = "This is a description"
authors = [
    {name = "Ann",email = "ann@example.com"}
]
license = {text = "MIT"}
readme = "README.md"
requires-python = ">=3.6"
dependencies = [
    "pendulum (>=2.1.2,<3.0.0)"
]

[dependency-groups]
dev = [
    "pytest (>=3.6,<4.0)"
]


[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`);
  });

  test("refuses an existing project and bad input, writing nothing", async () => {
    const dir = freshDir("existing");
    const text = '[project]\nname = "x"\nversion = "1.0"\n';
    writeFileSync(join(dir, "pyproject.toml"), text);
    const r = await run(["init", "-n"], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("A pyproject.toml file with a project and/or a poetry section already exists.");
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toBe(text);
    const bad = freshDir("bad-constraint");
    const b = await run(["init", "-n", "--dependency", "pendulum@>=>1"], bad);
    expect(b.exitCode).toBe(3);
    expect(b.stderr).toContain('Invalid dependency specification "pendulum@>=>1"');
    expect(existsSync(join(bad, "pyproject.toml"))).toBe(false);
    const missing = freshDir("missing-package", true);
    const m = await run(["init", "-n", "--dependency", "no-such-package"], missing);
    expect(m.exitCode).not.toBe(0);
    expect(readFileSync(join(missing, "pyproject.toml"), "utf8")).not.toContain("[project]");
  });

  test.skipIf(!hasTmux)("interactive prompts through a real terminal", async () => {
    const dir = freshDir("interactive", true);
    const script = join(root, "run-init.sh");
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, "'\\''")}'`).join("\n");
    writeFileSync(join(root, "status"), "");
    writeFileSync(script, `${exports}\ncd '${dir}'\n'${VERSE_BIN}' init\necho "exit=$?" > '${join(root, "status")}'\nsleep 60\n`);
    const tmux = (...args: string[]) => spawnSync("tmux", ["-L", TMUX_SOCKET, ...args], { encoding: "utf8" });
    expect(tmux("new-session", "-d", "-s", "init", "-x", "160", "-y", "60", `sh '${script}'`).status).toBe(0);
    const screen = () => tmux("capture-pane", "-p", "-t", "init", "-S", "-200").stdout;
    const waitFor = async (text: string) => {
      for (let i = 0; i < 100; i++) {
        if (screen().includes(text)) return;
        await Bun.sleep(100);
      }
      throw new Error(`the terminal never showed ${JSON.stringify(text)}:\n${screen()}`);
    };
    const answer = async (prompt: string, keys: string) => {
      await waitFor(prompt);
      tmux("send-keys", "-t", "init", "-l", keys);
      tmux("send-keys", "-t", "init", "Enter");
    };
    await answer("Package name [interactive]:", "my-package");
    await answer("Version [0.1.0]:", "1.2.3");
    await answer("Description []:", "This is a description");
    await answer("Author [n, n to skip]:", "n");
    await answer("License []:", "MIT");
    await answer("Compatible Python versions [", ">=3.6");
    await answer("Would you like to define your main dependencies interactively? (yes/no) [yes]", "");
    await answer("Package to add or search for (leave blank to skip):", "pendulum");
    await waitFor("Found pendulum (latest version 2.1.2)");
    await answer("Enter the version constraint to require (or leave blank to use the latest version):", "");
    await waitFor("Using version ^2.1.2 for pendulum");
    await answer("Add a package (leave blank to skip):", "no-such-pkg@^^1");
    await waitFor('Invalid dependency specification "no-such-pkg@^^1"');
    await answer("Add a package (leave blank to skip):", "");
    await answer("Would you like to define your development dependencies interactively? (yes/no) [yes]", "yes");
    await answer("Package to add or search for (leave blank to skip):", "pytest@^3.6.0");
    await answer("Add a package (leave blank to skip):", "");
    await waitFor("Generated file");
    await answer("Do you confirm generation? (yes/no) [yes]", "");
    for (let i = 0; i < 100 && !readFileSync(join(root, "status"), "utf8").includes("exit="); i++) await Bun.sleep(100);
    expect(readFileSync(join(root, "status"), "utf8").trim()).toBe("exit=0");
    const expected = `[project]
name = "my-package"
version = "1.2.3"
description = "This is a description"
authors = [
    {name = "Your Name",email = "you@example.com"}
]
license = {text = "MIT"}
readme = "README.md"
requires-python = ">=3.6"
dependencies = [
    "pendulum (>=2.1.2,<3.0.0)"
]

[dependency-groups]
dev = [
    "pytest (>=3.6.0,<4.0.0)"
]


[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`;
    // the preview shown before confirmation is the file that was then written
    expect(screen()).toContain(expected.split("\n").slice(0, 12).join("\n"));
    expect(readFileSync(join(dir, "pyproject.toml"), "utf8")).toBe(`[[tool.poetry.source]]\nname = "local"\nurl = "${index.simpleUrl}"\n\n${expected}`);
  }, 60_000);
});
