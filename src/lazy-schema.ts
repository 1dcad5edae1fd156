/**
 * zod schemas built on first use. Building a schema at module load costs start-up time in every
 * command that merely imports the module, and most runs never validate with it (a cached or
 * hand-checked value skips zod entirely).
 *
 * Schemas validate one document per run (pyproject.toml, poetry.lock, a receipt), so they are
 * built jitless: zod's compiled fast path costs ~10 ms to generate on the first parse, far more
 * than it saves on a single document. `jit: true` keeps it for schemas run many times per process
 * (index pages). zod itself is loaded only then.
 */
import { zod, type Zod } from "./deferred.ts";

/** `build` gets zod itself: the library is loaded when the first schema is built, not at import. */
export function lazySchema<T>(build: (z: Zod) => T, options: { readonly jit?: boolean } = {}): () => T {
  let memo: T | undefined;
  return () => {
    if (memo === undefined) {
      const z = zod();
      // zod reads the flag when an object schema is constructed, so it is set around the build only
      const before = z.config().jitless;
      z.config({ jitless: options.jit !== true });
      try {
        memo = build(z);
      } finally {
        z.config({ jitless: before });
      }
    }
    return memo;
  };
}
