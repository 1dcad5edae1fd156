/** The tool's own version: package.json's, unless a release build defines another (build.ts --release). */
import pkg from "../package.json" with { type: "json" };

declare const VERSE_BUILD_VERSION: string | undefined;

export const VERSE_VERSION: string = typeof VERSE_BUILD_VERSION === "string" ? VERSE_BUILD_VERSION : pkg.version;
