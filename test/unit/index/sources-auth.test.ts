import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Authenticator, parseNetrc, redactUrl } from "../../../src/index/auth.ts";
import { SourceConfigError } from "../../../src/index/errors.ts";
import { PYPI_SIMPLE_URL, resolveSources, searchOrder } from "../../../src/index/sources.ts";
import { bypassProxy, TransportSettings } from "../../../src/index/tls.ts";

describe("sources (Poetry priorities)", () => {
  test("implicit PyPI only without a primary source", () => {
    expect(resolveSources([]).map((s) => [s.name, s.priority, s.implicit])).toEqual([["pypi", "primary", true]]);
    const sup = resolveSources([{ name: "extra", url: "https://e/simple", priority: "supplemental" }]);
    expect(sup.map((s) => s.name)).toEqual(["pypi", "extra"]);
    expect(sup[1]!.url).toBe("https://e/simple/");
    const prim = resolveSources([{ name: "corp", url: "https://c/simple/" }]);
    expect(prim.map((s) => s.name)).toEqual(["corp"]);
  });
  test("pypi is reserved; named pypi sets its priority", () => {
    expect(() => resolveSources([{ name: "PyPI", url: "https://evil/simple/" }])).toThrow(SourceConfigError);
    const s = resolveSources([{ name: "corp", url: "https://c/simple/" }, { name: "pypi", priority: "supplemental" }]);
    expect(s.map((x) => [x.name, x.priority, x.url])).toEqual([["corp", "primary", "https://c/simple/"], ["pypi", "supplemental", PYPI_SIMPLE_URL]]);
  });
  test("explicit only by name; duplicates and missing urls refused", () => {
    const s = resolveSources([{ name: "a", url: "https://a/" }, { name: "x", url: "https://x/", priority: "explicit" }, { name: "b", url: "https://b/", priority: "secondary" }]);
    expect(searchOrder(s)).toEqual({ primary: [s[0]!], supplemental: [s[1]!] });
    expect(searchOrder(s, "X").primary.map((v) => v.name)).toEqual(["x"]);
    expect(() => searchOrder(s, "nope")).toThrow(SourceConfigError);
    expect(() => resolveSources([{ name: "a", url: "https://a/" }, { name: "A", url: "https://b/" }])).toThrow(SourceConfigError);
    expect(() => resolveSources([{ name: "a" }])).toThrow(SourceConfigError);
  });
  test("kinds: links page and find-links directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-fl-"));
    const s = resolveSources([{ name: "l", url: "https://h/pkgs.html" }, { name: "d", url: dir }]);
    expect(s.map((x) => x.kind)).toEqual(["links", "find-links"]);
  });
});

describe("auth", () => {
  test("redaction", () => {
    expect(redactUrl("https://u:p%40ss@h.example/simple/")).toBe("https://h.example/simple/");
    expect(redactUrl("https://h/x")).toBe("https://h/x");
  });
  test("netrc", () => {
    const n = parseNetrc("machine a.example login al password pw1\n# c\nmacdef init\nfoo bar\n\ndefault login d password dp\n");
    expect(n.machines.get("a.example")).toEqual({ login: "al", password: "pw1" });
    expect(n.fallback).toEqual({ login: "d", password: "dp" });
    const dir = mkdtempSync(join(tmpdir(), "verse-netrc-"));
    writeFileSync(join(dir, ".netrc"), "machine h.example login nu password np\n");
    const a = new Authenticator({ env: { HOME: dir }, keyring: false });
    expect(a.forHost("h.example")).toEqual({ username: "nu", password: "np" });
    expect(a.forHost("other")).toBeNull();
  });
  test("config, tokens and environment (env wins)", async () => {
    const a = new Authenticator({ httpBasic: { corp: { username: "u", password: "p" } }, pypiToken: { pypi: "pypi-tok" }, env: { POETRY_HTTP_BASIC_MY_REPO_PASSWORD: "envpw", POETRY_HTTP_BASIC_MY_REPO_USERNAME: "eu" }, keyring: false, netrcPath: null });
    expect(await a.forSource("corp")).toEqual({ username: "u", password: "p" });
    expect(await a.forSource("pypi")).toEqual({ username: "__token__", password: "pypi-tok" });
    expect(await a.forSource("my-repo")).toEqual({ username: "eu", password: "envpw" });
    expect(await a.forSource("none")).toBeNull();
  });
  test("keyring never hangs: a slow keyring is killed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-kr-"));
    writeFileSync(join(dir, "keyring"), "#!/bin/sh\nsleep 30\n", { mode: 0o755 });
    const a = new Authenticator({ httpBasic: { corp: { username: "u" } }, env: { PATH: dir }, keyringTimeoutMs: 200, netrcPath: null });
    const t = Date.now();
    expect(await a.forSource("corp")).toEqual({ username: "u", password: "" });
    expect(Date.now() - t).toBeLessThan(5000);
  });
  test("keyring answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-kr-"));
    writeFileSync(join(dir, "keyring"), '#!/bin/sh\n[ "$2" = poetry-repository-corp ] && [ "$3" = u ] && echo secret\n', { mode: 0o755 });
    const a = new Authenticator({ httpBasic: { corp: { username: "u" } }, env: { PATH: `${dir}:/usr/bin:/bin` }, netrcPath: null });
    expect(await a.forSource("corp")).toEqual({ username: "u", password: "secret" });
  });
});

describe("proxy and TLS", () => {
  test("NO_PROXY", () => {
    const u = new URL("https://pkgs.corp.example:8443/simple/");
    expect(bypassProxy(u, "corp.example")).toBe(true);
    expect(bypassProxy(u, ".corp.example")).toBe(true);
    expect(bypassProxy(u, "pkgs.corp.example:443")).toBe(false);
    expect(bypassProxy(u, "other.example, *")).toBe(true);
    expect(bypassProxy(u, "example.org")).toBe(false);
    expect(bypassProxy(u, undefined)).toBe(false);
  });
  test("proxy and CA bundle from the environment, per-source verify off", () => {
    const dir = mkdtempSync(join(tmpdir(), "verse-ca-"));
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const t = new TransportSettings({ env: { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "local.example", REQUESTS_CA_BUNDLE: ca }, certificates: { insecure: { cert: false } } });
    const o = t.optionsFor(new URL("https://pypi.org/simple/"), "pypi");
    expect(o.proxy).toBe("http://proxy:3128");
    expect(o.tls?.ca?.length).toBe(1);
    expect(t.optionsFor(new URL("https://local.example/"), "x").proxy).toBeUndefined();
    expect(t.optionsFor(new URL("https://i.example/"), "insecure").tls).toEqual({ rejectUnauthorized: false });
  });
});
