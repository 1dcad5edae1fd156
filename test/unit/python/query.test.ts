/** The one embedded query script works in every Python on the machine, 2.7 included (reported as unsupported). */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSupported, minorVersion, queryInterpreter } from "../../../src/python/query.ts";
import { venvLayout } from "../../../src/python/venv.ts";

const PYENV = "/root/.pyenv/versions";
const REAL = [...(existsSync(PYENV) ? readdirSync(PYENV).map((v) => join(PYENV, v, "bin", "python")) : []), "/usr/bin/python3"].filter((p) => existsSync(p));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "verse-query-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.skipIf(REAL.length === 0)("every real interpreter reports itself", async () => {
  const infos = await Promise.all(REAL.map((p) => queryInterpreter(p)));
  for (const [i, info] of infos.entries()) {
    expect(info.executable).toBe(REAL[i]!);
    expect(info.markers.python_version).toBe(minorVersion(info));
    expect(info.markers.sys_platform).toBe(info.version_info[0] === 2 ? "linux2" : "linux");
    expect(info.pointer_size).toBe(64);
    expect(info.is_venv).toBe(false);
    expect(info.ensurepip_wheel).toMatch(/pip-[\d.]+-py[23].*\.whl$/);
    if (info.version_info[0] === 2) {
      expect(isSupported(info)).toBe(false);
    } else {
      expect(isSupported(info)).toBe(true);
      expect(info.glibc_version).toMatch(/^2\.\d+$/);
      expect(venvLayout(info, "/v").purelib).toBe(`/v/lib/python${minorVersion(info)}/site-packages`);
    }
  }
}, 30_000);

test.skipIf(!existsSync(join(PYENV, "2.7.18")))("Python 2 behind a name that does not say so: -I is refused, -E -s -B is used", async () => {
  mkdirSync(join(dir, "bin"));
  symlinkSync(join(PYENV, "2.7.18", "bin", "python2.7"), join(dir, "bin", "snake"));
  const info = await queryInterpreter(join(dir, "bin", "snake"));
  expect(info.version).toBe("2.7.18");
  expect(isSupported(info)).toBe(false);
});
