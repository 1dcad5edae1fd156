/** The tool's own version, taken from package.json at build time. */
import pkg from "../package.json" with { type: "json" };

export const VERSE_VERSION: string = pkg.version;
