/**
 * Fake interpreters for discovery tests: shell scripts that print a chosen query report (taken
 * from a real interpreter once, then edited), hang, crash or print garbage. They test ordering
 * and rejection without more real installs.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const REAL = ["/root/.pyenv/versions/3.12.1/bin/python", "/usr/bin/python3"];

let template: Record<string, unknown> | null = null;

/** A real report, from the first real interpreter found (run once per test process). */
export function realReport(): Record<string, unknown> {
  if (template) return template;
  const script = readFileSync(new URL("../../../embed/python/query.py", import.meta.url), "utf8");
  for (const python of REAL) {
    const r = Bun.spawnSync([python, "-I", "-B", "-c", script], { stdout: "pipe", stderr: "pipe" });
    if (r.exitCode === 0) {
      template = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
      return template;
    }
  }
  throw new Error("no real Python to take a report template from");
}

export function reportFor(version: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = realReport();
  const [major, minor, micro] = version.split(".").map(Number);
  const markers = { ...(base.markers as Record<string, string>), python_version: `${major}.${minor}`, python_full_version: version, implementation_version: version };
  return { ...base, version, version_info: [major, minor, micro ?? 0, "final", 0], executable: path, base_executable: path, markers, ...extra };
}

function write(path: string, body: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A fake that prints the report of `version`; `counter` (a file) gets one line per start. */
export function fakePython(path: string, version: string, options: { counter?: string; extra?: Record<string, unknown> } = {}): string {
  const json = JSON.stringify(reportFor(version, path, options.extra));
  const count = options.counter ? `echo x >> '${options.counter}'\n` : "";
  return write(path, `${count}cat <<'VERSE_JSON'\n${json}\nVERSE_JSON`);
}

export function hangingPython(path: string): string {
  return write(path, "exec /bin/sleep 60");
}

export function crashingPython(path: string): string {
  return write(path, "echo 'error while loading shared libraries: libpython3.12.so.1.0' >&2\nkill -SEGV $$");
}

export function garbagePython(path: string): string {
  return write(path, "echo 'hello, I am not Python'");
}
