/**
 * resolvelib's PyPI snapshots (real dependency metadata of 2020) resolved by our solver through
 * an in-memory provider: each case's expected resolution must come out. The cases follow the rule
 * of resolvelib's test provider, which we apply ("extras-only"): a requirement with a marker applies
 * only through an extra that makes it true, evaluated for one fixed environment (CPython 3.8 on
 * Linux x86_64; the cases name none). Under the real rule (markers for the environment) chalice
 * would also need urllib3, which its expected resolution leaves out. Extras are feature packages
 * "name[extra]", compared by their base package.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadVector, VECTORS_DIR } from "../helpers/vectors.ts";
import { SNAPSHOT_ENVIRONMENT, SnapshotProvider, requirementToDependencies, type Snapshot } from "../../src/resolver/snapshot-provider.ts";
import { SolveFailure, solve, type Dependency } from "../../src/resolver/index.ts";
import { canonicalizeName } from "../../src/standards/names.ts";
import { parseRequirement } from "../../src/standards/requirement.ts";
import { canonicalizeVersion, Version } from "../../src/standards/version.ts";


interface Case {
  index: string;
  requested: string[];
  resolved?: Record<string, string | { version: string }>;
  unvisited?: Record<string, string[]>;
  conflicted?: Record<string, string[]>;
}

const casesDir = join(VECTORS_DIR, "pypi-snapshots/cases");
const cases = readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort();
const snapshots = new Map<string, Snapshot>();
function snapshot(index: string): Snapshot {
  let s = snapshots.get(index);
  if (s === undefined) snapshots.set(index, (s = loadVector<Snapshot>(`pypi-snapshots/${index}.json`)));
  return s;
}

describe("pypi snapshots", () => {
  for (const file of cases) {
    const c = loadVector<Case>(`pypi-snapshots/cases/${file}`);
    test(file, async () => {
      const provider = new SnapshotProvider(snapshot(c.index), SNAPSHOT_ENVIRONMENT, "extras-only");
      const dependencies: Dependency[] = c.requested.flatMap((r) => requirementToDependencies(parseRequirement(r)));
      const root = { name: "root", version: Version.parse("0"), dependencies };
      if (c.conflicted !== undefined) {
        // resolvelib reports the requirements it could not satisfy; we explain the same conflict.
        let failure: unknown = null;
        try {
          await solve(root, provider);
        } catch (e) {
          failure = e;
        }
        expect(failure).toBeInstanceOf(SolveFailure);
        for (const name of Object.keys(c.conflicted)) expect((failure as SolveFailure).message).toContain(canonicalizeName(name));
        return;
      }
      const solution = await solve(root, provider);
      const got: Record<string, string> = {};
      // Versions compare by PEP 440 equality ("19.3" is "19.3.0"): print both canonically.
      const show = (v: Version): string => canonicalizeVersion(v);
      for (const [name, version] of solution.packages) if (!name.includes("[")) got[name] = show(version);
      const want: Record<string, string> = {};
      for (const [name, v] of Object.entries(c.resolved ?? {})) want[canonicalizeName(name)] = show(Version.parse(typeof v === "string" ? v : v.version));
      expect(got).toEqual(want);
      // Versions resolvelib never needed to look at: neither should we need their metadata.
      for (const [name, versions] of Object.entries(c.unvisited ?? {})) {
        for (const v of versions) expect(provider.visited.has(`${canonicalizeName(name)} ${Version.parse(v).toString()}`)).toBe(false);
      }
    });
  }
});
