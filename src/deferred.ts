/**
 * Libraries only the cold paths need (unpacking or reading archives, building, publishing,
 * building a zod schema), loaded on first use so that start-up, warm installs and no-ops never
 * pay for evaluating them (fflate, tar and node:zlib cost several milliseconds each at load, zod
 * about two). Synchronous callers get
 * them through Bun's synchronous `require` of an ES module (cached after the first call); async
 * callers can `await import()` directly.
 */
type Fflate = typeof import("fflate");
type Tar = typeof import("tar");
type Zlib = typeof import("node:zlib");
export type Zod = typeof import("zod").z;

export function fflate(): Fflate {
  return require("fflate") as Fflate;
}

export function tar(): Tar {
  return require("tar") as Tar;
}

export function zlib(): Zlib {
  return require("node:zlib") as Zlib;
}

export function zod(): Zod {
  return (require("zod") as typeof import("zod")).z;
}
