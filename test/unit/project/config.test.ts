import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, setConfig, unsetConfig } from "../../../src/project/config.ts";
import { InvalidConfigValueError, UnknownConfigKeyError, CONFIG_KEYS } from "../../../src/project/config-keys.ts";
import { TomlSyntaxError } from "../../../src/project/toml-parse.ts";

let dir: string;
let env: Record<string, string>;
let project: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "verse-config-"));
  project = join(dir, "proj");
  mkdirSync(project);
  env = { HOME: dir, XDG_CONFIG_HOME: join(dir, "xdg"), XDG_CACHE_HOME: join(dir, "cache"), XDG_DATA_HOME: join(dir, "data") };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const userFile = () => join(dir, "xdg", "verse", "config.toml");
const authFile = () => join(dir, "xdg", "verse", "auth.toml");
const load = () => loadConfig({ projectDir: project, env, platform: "linux" });

describe("defaults", () => {
  test("every key has its default and paths are substituted", () => {
    const c = load();
    expect(c.get("virtualenvs.create")).toBe(true);
    expect(c.get("virtualenvs.in-project")).toBeNull();
    expect(c.get("installer.parallel")).toBe(true);
    expect(c.get("requests.max-retries")).toBe(0);
    expect(c.get("cache-dir")).toBe(join(dir, "cache", "verse"));
    expect(c.get("virtualenvs.path")).toBe(join(dir, "cache", "verse") + "/virtualenvs");
    expect(c.get("python.installation-dir")).toBe(join(dir, "data", "verse") + "/python");
    expect(c.entry("virtualenvs.create").source).toBe("default");
    expect(c.list().length).toBe(CONFIG_KEYS.filter((k) => !k.key.includes("<name>")).length);
  });
  test("unknown keys name the close ones", () => {
    try {
      load().get("virtualenvs.in-projet");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownConfigKeyError);
      expect((e as UnknownConfigKeyError).hint).toContain("virtualenvs.in-project");
      expect((e as UnknownConfigKeyError).exitCode).toBe(2);
    }
  });
});

describe("precedence: env > poetry.toml > config.toml > default", () => {
  test("layers", () => {
    setConfig("virtualenvs.create", ["false"], { env, platform: "linux" });
    expect(load().entry("virtualenvs.create")).toMatchObject({ value: false, source: "user" });
    setConfig("virtualenvs.create", ["true"], { env, platform: "linux", local: true, projectDir: project });
    expect(load().entry("virtualenvs.create")).toMatchObject({ value: true, source: "project" });
    env.POETRY_VIRTUALENVS_CREATE = "0";
    expect(load().entry("virtualenvs.create")).toMatchObject({ value: false, source: "env", origin: "POETRY_VIRTUALENVS_CREATE" });
    env.VERSE_VIRTUALENVS_CREATE = "1";
    expect(load().get("virtualenvs.create")).toBe(true);
    expect(readFileSync(join(project, "poetry.toml"), "utf8")).toBe("[virtualenvs]\ncreate = true\n");
  });
  test("env parsing and named keys", () => {
    env.POETRY_INSTALLER_MAX_WORKERS = "4";
    env.POETRY_VIRTUALENVS_OPTIONS_ALWAYS_COPY = "true";
    env.POETRY_HTTP_BASIC_MYREPO_USERNAME = "me";
    env.POETRY_HTTP_BASIC_MYREPO_PASSWORD = "pw";
    env.POETRY_REPOSITORIES_MYREPO_URL = "https://repo.example/simple/";
    env.POETRY_PYPI_TOKEN_PYPI = "pypi-abc";
    env.POETRY_CERTIFICATES_MYREPO_CERT = "false";
    const c = load();
    expect(c.get("installer.max-workers")).toBe(4);
    expect(c.get("virtualenvs.options.always-copy")).toBe(true);
    expect(c.httpBasic("myrepo")).toEqual({ username: "me", password: "pw" });
    expect(c.repositories()).toEqual({ myrepo: "https://repo.example/simple/" });
    expect(c.pypiToken("pypi")).toBe("pypi-abc");
    expect(c.certificates("myrepo").cert).toBe(false);
  });
  test("a bad environment value names the variable", () => {
    env.POETRY_VIRTUALENVS_CREATE = "maybe";
    expect(() => load()).toThrow(/POETRY_VIRTUALENVS_CREATE/);
  });
  test("env names map back to a configured repository's spelling", () => {
    setConfig("repositories.my-repo", ["https://x/simple/"], { env, platform: "linux" });
    env.POETRY_HTTP_BASIC_MY_REPO_USERNAME = "u";
    expect(load().httpBasic("my-repo")).toEqual({ username: "u", password: null });
  });
});

describe("files", () => {
  test("secrets go to auth.toml with mode 0600, never config.toml", () => {
    setConfig("http-basic.corp", ["alice", "s3cret"], { env, platform: "linux" });
    setConfig("pypi-token.pypi", ["pypi-xyz"], { env, platform: "linux" });
    expect(existsSync(userFile())).toBe(false);
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);
    const c = load();
    expect(c.httpBasic("corp")).toEqual({ username: "alice", password: "s3cret" });
    expect(c.entry("pypi-token.pypi").source).toBe("auth");
    expect(unsetConfig("http-basic.corp", { env, platform: "linux" })).toBe(true);
    expect(load().httpBasic("corp")).toBeNull();
  });
  test("writes keep the user's formatting", () => {
    mkdirSync(join(dir, "xdg", "verse"), { recursive: true });
    writeFileSync(userFile(), "# my settings\n[virtualenvs]\nin-project = true  # keep venvs local\n\n[installer]\nparallel = false\n");
    setConfig("installer.max-workers", ["8"], { env, platform: "linux" });
    setConfig("repositories.foo", ["https://foo/simple/"], { env, platform: "linux" });
    expect(readFileSync(userFile(), "utf8")).toBe(
      '# my settings\n[virtualenvs]\nin-project = true  # keep venvs local\n\n[installer]\nparallel = false\nmax-workers = 8\n\n[repositories.foo]\nurl = "https://foo/simple/"\n',
    );
    expect(unsetConfig("installer.parallel", { env, platform: "linux" })).toBe(true);
    expect(load().get("installer.parallel")).toBe(true);
    expect(unsetConfig("installer.parallel", { env, platform: "linux" })).toBe(false);
  });
  test("Poetry's user config is read while verse has none", () => {
    const poetryDir = join(dir, "xdg", "pypoetry");
    mkdirSync(poetryDir, { recursive: true });
    writeFileSync(join(poetryDir, "config.toml"), '[repositories.legacy]\nurl = "https://legacy/simple/"\n');
    writeFileSync(join(poetryDir, "auth.toml"), '[http-basic.legacy]\nusername = "old"\n');
    const c = load();
    expect(c.repositories()).toEqual({ legacy: "https://legacy/simple/" });
    expect(c.entry("repositories.legacy.url").source).toBe("poetry-user");
    expect(c.httpBasic("legacy")).toEqual({ username: "old", password: null });
    setConfig("virtualenvs.create", ["false"], { env, platform: "linux" });
    expect(load().repositories()).toEqual({});
  });
  test("bad values are refused before writing", () => {
    expect(() => setConfig("virtualenvs.create", ["yes please"], { env, platform: "linux" })).toThrow(InvalidConfigValueError);
    expect(() => setConfig("installer.link-mode", ["teleport"], { env, platform: "linux" })).toThrow(InvalidConfigValueError);
    expect(() => setConfig("nope.key", ["1"], { env, platform: "linux" })).toThrow(UnknownConfigKeyError);
    expect(existsSync(userFile())).toBe(false);
  });
  test("a broken config file gives line and column", () => {
    mkdirSync(join(dir, "xdg", "verse"), { recursive: true });
    writeFileSync(userFile(), "[virtualenvs\ncreate = false\n");
    expect(() => load()).toThrow(TomlSyntaxError);
  });
  test("null unsets a nullable key; tables take JSON", () => {
    setConfig("virtualenvs.in-project", ["true"], { env, platform: "linux" });
    setConfig("virtualenvs.in-project", ["null"], { env, platform: "linux" });
    expect(load().get("virtualenvs.in-project")).toBeNull();
    setConfig("installer.build-config-settings.numpy", ['{"setup-args": "-Dblas=none"}'], { env, platform: "linux" });
    expect(load().get("installer.build-config-settings.numpy")).toEqual({ "setup-args": "-Dblas=none" });
  });
});
