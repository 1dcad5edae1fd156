/**
 * Random small universes checked against brute force: PubGrub is complete, so the solver must
 * succeed exactly when some assignment satisfies every dependency, and what it returns must be one.
 */
import { expect, test } from "bun:test";
import { InMemoryProvider, SolveFailure, solve, type Dependency } from "../../../src/resolver/index.ts";
import { parseConstraint } from "../../../src/standards/constraint.ts";
import { Version } from "../../../src/standards/version.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NAMES = ["a", "b", "c", "d"];
const VERSIONS = ["1", "2", "3"];
const OPS = ["*", "==", ">=", "<", "!="];

type Universe = Map<string, Map<string, Dependency[]>>;

function randomDep(r: () => number, self: string | null): Dependency | null {
  const name = NAMES[Math.floor(r() * NAMES.length)]!;
  if (name === self) return null;
  const op = OPS[Math.floor(r() * OPS.length)]!;
  const text = op === "*" ? "*" : `${op}${VERSIONS[Math.floor(r() * VERSIONS.length)]}`;
  return { name, constraint: parseConstraint(text), pretty: text };
}

function universe(r: () => number): { u: Universe; root: Dependency[] } {
  const u: Universe = new Map();
  for (const name of NAMES) {
    const versions = new Map<string, Dependency[]>();
    for (const v of VERSIONS) {
      if (r() < 0.2) continue;
      const deps: Dependency[] = [];
      const n = Math.floor(r() * 3);
      for (let i = 0; i < n; i++) {
        const d = randomDep(r, name);
        if (d !== null && !deps.some((x) => x.name === d.name)) deps.push(d);
      }
      versions.set(v, deps);
    }
    u.set(name, versions);
  }
  const root: Dependency[] = [];
  for (let i = 0; i < 1 + Math.floor(r() * 2); i++) {
    const d = randomDep(r, null);
    if (d !== null && !root.some((x) => x.name === d.name)) root.push(d);
  }
  return { u, root };
}

function valid(u: Universe, root: Dependency[], pick: Map<string, string>): boolean {
  const ok = (d: Dependency) => pick.has(d.name) && d.constraint.allows(Version.parse(pick.get(d.name)!));
  if (!root.every(ok)) return false;
  for (const [name, v] of pick) if (!u.get(name)!.get(v)!.every(ok)) return false;
  return true;
}

function bruteForce(u: Universe, root: Dependency[]): boolean {
  const options = NAMES.map((n) => [null, ...u.get(n)!.keys()]);
  const walk = (i: number, pick: Map<string, string>): boolean => {
    if (i === NAMES.length) return valid(u, root, pick);
    for (const o of options[i]!) {
      const next = new Map(pick);
      if (o !== null) next.set(NAMES[i]!, o);
      if (walk(i + 1, next)) return true;
    }
    return false;
  };
  return walk(0, new Map());
}

test("400 random universes agree with brute force, under every strategy", async () => {
  const r = rng(20240601);
  let solved = 0;
  for (let k = 0; k < 400; k++) {
    const { u, root } = universe(r);
    const p = new InMemoryProvider();
    for (const [name, versions] of u) for (const [v, deps] of versions) p.add(name, { version: Version.parse(v), dependencies: deps });
    const possible = bruteForce(u, root);
    try {
      // Every strategy, with random locked versions, must stay complete and sound.
      const strategy = (["highest", "lowest", "lowest-direct"] as const)[k % 3];
      const preferred = new Map(NAMES.filter(() => r() < 0.3).map((n) => [n, Version.parse(VERSIONS[Math.floor(r() * VERSIONS.length)]!)]));
      const s = await solve({ name: "root", version: Version.parse("0"), dependencies: root }, p, { strategy, preferred });
      const pick = new Map([...s.packages].map(([n, v]) => [n, v.toString()]));
      expect({ k, valid: valid(u, root, pick) }).toEqual({ k, valid: true });
      solved++;
    } catch (e) {
      if (!(e instanceof SolveFailure)) throw e;
      expect({ k, possible }).toEqual({ k, possible: false });
    }
  }
  expect(solved).toBeGreaterThan(50);
});
