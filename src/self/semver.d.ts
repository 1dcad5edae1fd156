/** The few `semver` functions verse uses (the package ships no types, and @types/semver is not a dependency). */
declare module "semver" {
  export function valid(version: string | null | undefined): string | null;
  export function clean(version: string): string | null;
  export function compare(a: string, b: string): -1 | 0 | 1;
  export function gt(a: string, b: string): boolean;
  export function lt(a: string, b: string): boolean;
  export function eq(a: string, b: string): boolean;
}
