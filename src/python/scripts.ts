/**
 * Console-script launchers for an environment's bin directory (used for pip's scripts).
 * POSIX kernels cut a shebang line at 127 bytes (and split it at spaces), so a long or spaced
 * interpreter path goes through /bin/sh, which re-executes the file with the interpreter.
 */

function shebang(python: string): string {
  if (python.length + 2 <= 127 && !/\s/.test(python)) return `#!${python}\n`;
  const quoted = `'${python.replace(/'/g, `'"'"'`)}'`;
  // Valid as both shell and Python: the shell runs exec; Python sees a string expression.
  return `#!/bin/sh\n'''exec' ${quoted} "$0" "$@"\n' '''\n`;
}

/** A launcher that imports `module` and exits with `func()`'s result. */
export function consoleScript(python: string, module: string, func: string): Uint8Array {
  const text =
    shebang(python) +
    `import sys\n` +
    `from ${module} import ${func}\n` +
    `if __name__ == "__main__":\n` +
    `    if sys.argv[0].endswith(".exe"):\n` +
    `        sys.argv[0] = sys.argv[0][:-4]\n` +
    `    sys.exit(${func}())\n`;
  return new TextEncoder().encode(text);
}
