/** The solver's choices beyond Poetry's scenarios: strategies, locks, yanked, pre-releases, Python, hooks. */
import { describe, expect, test } from "bun:test";
import {
  IncompatibleConstraintsError,
  InMemoryProvider,
  SelfDependencyError,
  SolveFailure,
  solve,
  type Dependency,
  type SolveOptions,
} from "../../../src/resolver/index.ts";
import { parseConstraint } from "../../../src/standards/constraint.ts";
import { Version } from "../../../src/standards/version.ts";
import { VerseError } from "../../../src/errors.ts";

const dep = (name: string, text: string, allowPrereleases = false): Dependency => ({ name, constraint: parseConstraint(text), pretty: text, allowPrereleases });

type Spec = Record<string, Record<string, { deps?: Record<string, string>; yanked?: boolean | string; python?: string }>>;

function provider(spec: Spec): InMemoryProvider {
  const p = new InMemoryProvider();
  for (const [name, versions] of Object.entries(spec)) {
    for (const [v, info] of Object.entries(versions)) {
      p.add(name, {
        version: Version.parse(v),
        dependencies: Object.entries(info.deps ?? {}).map(([n, c]) => dep(n, c)),
        yanked: info.yanked,
        requiresPython: info.python === undefined ? null : { text: info.python, constraint: parseConstraint(info.python) },
      });
    }
  }
  return p;
}

async function run(spec: Spec, root: Dependency[], options: SolveOptions = {}, p = provider(spec)) {
  const s = await solve({ name: "app", version: Version.parse("1.0"), dependencies: root }, p, options);
  return { ...s, map: Object.fromEntries([...s.packages].map(([n, v]) => [n, v.toString()])) };
}

async function failure(spec: Spec, root: Dependency[], options: SolveOptions = {}): Promise<VerseError> {
  try {
    await run(spec, root, options);
  } catch (e) {
    if (e instanceof VerseError) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

const graph: Spec = {
  a: { "1.0": { deps: { b: ">=1.0" } }, "1.1": { deps: { b: ">=1.1" } }, "2.0": { deps: { b: ">=2.0" } } },
  b: { "1.0": {}, "1.1": {}, "2.0": {}, "2.1": {} },
};

describe("strategies", () => {
  test("highest picks the newest versions", async () => {
    expect((await run(graph, [dep("a", "*")])).map).toEqual({ a: "2.0", b: "2.1" });
  });
  test("lowest picks the oldest fitting versions everywhere", async () => {
    expect((await run(graph, [dep("a", ">=1.1")], { strategy: "lowest" })).map).toEqual({ a: "1.1", b: "1.1" });
  });
  test("lowest-direct lowers only the direct dependencies", async () => {
    expect((await run(graph, [dep("a", ">=1.1")], { strategy: "lowest-direct" })).map).toEqual({ a: "1.1", b: "2.1" });
  });
});

describe("preferred (locked) versions", () => {
  test("kept when they still fit", async () => {
    const preferred = new Map([["a", Version.parse("1.0")], ["b", Version.parse("1.1")]]);
    expect((await run(graph, [dep("a", "*")], { preferred })).map).toEqual({ a: "1.0", b: "1.1" });
  });
  test("dropped when they no longer fit", async () => {
    const preferred = new Map([["a", Version.parse("1.0")], ["b", Version.parse("1.0")]]);
    expect((await run(graph, [dep("a", ">=1.1")], { preferred })).map).toEqual({ a: "2.0", b: "2.1" });
  });
  test("a yanked locked version is kept, with a warning", async () => {
    const spec: Spec = { foo: { "1": {}, "2": { yanked: "broken wheel" } } };
    const kept = await run(spec, [dep("foo", "*")], { preferred: new Map([["foo", Version.parse("2")]]) });
    expect(kept.map).toEqual({ foo: "2" });
    expect(kept.warnings.join("\n")).toContain("broken wheel");
    expect((await run(spec, [dep("foo", "*")])).map).toEqual({ foo: "1" });
  });
});

describe("yanked and pre-releases", () => {
  test("a yanked version pinned with == is chosen, with a warning", async () => {
    const s = await run({ foo: { "1": {}, "2": { yanked: true } } }, [dep("foo", "==2")]);
    expect(s.map).toEqual({ foo: "2" });
    expect(s.warnings).toHaveLength(1);
  });
  test("a pre-release only when no stable release fits", async () => {
    const spec: Spec = { foo: { "1.0": {}, "2.0b1": {} } };
    expect((await run(spec, [dep("foo", "*")])).map).toEqual({ foo: "1.0" });
    expect((await run(spec, [dep("foo", ">=1.5")])).map).toEqual({ foo: "2.0b1" });
  });
  test("allowed pre-releases compete with stable ones", async () => {
    const spec: Spec = { foo: { "1.0": {}, "2.0b1": {} } };
    expect((await run(spec, [dep("foo", "*", true)])).map).toEqual({ foo: "2.0b1" });
    expect((await run(spec, [dep("foo", "*")], { allowPrereleases: true })).map).toEqual({ foo: "2.0b1" });
  });
  test("a pre-release stays out when a stable one satisfies after a backtrack", async () => {
    const spec: Spec = { foo: { "1.0": { deps: { bar: "2" } }, "0.9": {}, "2.0a1": {} }, bar: { "1": {} } };
    expect((await run(spec, [dep("foo", "*")])).map).toEqual({ foo: "0.9" });
  });
});

describe("python", () => {
  const python = { text: "^3.8", constraint: parseConstraint("^3.8") };
  test("versions whose requires-python misses part of the range are skipped", async () => {
    const spec: Spec = { foo: { "1.0": { python: ">=3.7" }, "2.0": { python: ">=3.10" } } };
    expect((await run(spec, [dep("foo", "*")], { python })).map).toEqual({ foo: "1.0" });
  });
  test("the range is an input: another fork gets another answer", async () => {
    const spec: Spec = { foo: { "1.0": { python: ">=3.7" }, "2.0": { python: ">=3.10" } } };
    const fork = { text: ">=3.10,<4.0", constraint: parseConstraint(">=3.10,<4.0") };
    expect((await run(spec, [dep("foo", "*")], { python: fork })).map).toEqual({ foo: "2.0" });
  });
  test("no version fits: Poetry's header and hint", async () => {
    const e = await failure({ foo: { "1.0": { python: ">=3.10" } } }, [dep("foo", "*")], { python });
    expect(e).toBeInstanceOf(SolveFailure);
    expect(e.message).toContain("foo requires Python >=3.10, so it will not be installable for Python >=3.8,<3.10");
    expect(e.hint).toContain('For foo, a possible solution would be to set the `python` property to ">=3.10,<4.0"');
  });
});

describe("errors", () => {
  test("an unknown package", async () => {
    const e = await failure({}, [dep("nope", "^1")]);
    expect(e.message).toBe("Because app depends on nope (^1) which doesn't exist, version solving failed.");
  });
  test("a package that depends on itself", async () => {
    expect(await failure({ a: { "1": { deps: { a: "*" } } } }, [dep("a", "*")])).toBeInstanceOf(SelfDependencyError);
  });
  test("two requirements on one package that cannot both hold", async () => {
    const e = await failure({ a: { "1": {} } }, [dep("a", "1"), dep("a", "2")]);
    expect(e).toBeInstanceOf(IncompatibleConstraintsError);
    expect(e.message).toBe("Incompatible constraints in requirements of app (1.0):\na (==1)\na (==2)");
  });
  test("two requirements on one package merge into their intersection", async () => {
    expect((await run(graph, [dep("b", ">=1.1"), dep("b", "<2.1")])).map).toEqual({ b: "2.0" });
  });
  test("a cycle resolves", async () => {
    expect((await run({ a: { "1": { deps: { b: "1" } } }, b: { "1": { deps: { a: "1" } } } }, [dep("a", "*")])).map).toEqual({ a: "1", b: "1" });
  });
});

describe("provider hooks", () => {
  test("prefetch announces the dependencies of a chosen version, once each", async () => {
    const p = provider(graph);
    const asked: string[][] = [];
    p.prefetch = (names) => asked.push([...names]);
    await run(graph, [dep("a", "*")], {}, p);
    expect(asked).toEqual([["a"], ["b"]]);
  });
  test("a package that keeps failing gets its candidates' metadata asked in a batch", async () => {
    const spec: Spec = { a: {}, b: { "1": {} } };
    for (let i = 1; i <= 30; i++) spec.a![String(i)] = { deps: { b: i === 1 ? "1" : "2" } };
    const p = provider(spec);
    const batches: string[][] = [];
    p.prefetchDependencies = (name, versions) => batches.push([name, ...versions.map(String)]);
    expect((await run(spec, [dep("a", "*")], {}, p)).map).toEqual({ a: "1", b: "1" });
    expect(batches.length).toBeGreaterThan(0);
    expect(batches[0]![0]).toBe("a");
  });
  test("reorders after repeated rejections instead of walking every version", async () => {
    const spec: Spec = { a: { "1": {}, "2": {} }, b: {} };
    for (let i = 1; i <= 300; i++) spec.b![String(i)] = { deps: { a: "<=1" } };
    const p = provider(spec);
    expect((await run(spec, [dep("a", "*"), dep("b", "*")], {}, p)).map).toEqual({ a: "1", b: "300" });
    expect(p.visited.size).toBeLessThan(20);
  });
});

describe("suggestions", () => {
  test("a yanked version that would fit is named", async () => {
    const e = await failure({ foo: { "1": {}, "2": { yanked: true } } }, [dep("foo", ">1")]);
    expect(e.message).toBe("Because app depends on foo (>1) which doesn't match any versions, version solving failed.");
    expect(e.hint).toContain("foo 2 matches >1 but is yanked; pin one exactly (==2)");
  });
  test("the versions that exist are listed when none fits", async () => {
    const e = await failure({ foo: { "1": {}, "2": {} } }, [dep("foo", ">=3")]);
    expect(e.hint).toBe("Versions of foo available: 1, 2.");
  });
  test("a missing package is named", async () => {
    expect((await failure({}, [dep("nope", "*")])).hint).toContain("Package nope was not found on any source");
  });
});
