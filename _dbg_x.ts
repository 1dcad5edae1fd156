import { InMemoryProvider, solve } from "/work/main/src/resolver/index.ts";
import { parseConstraint } from "/work/main/src/standards/constraint.ts";
import { Version } from "/work/main/src/standards/version.ts";
const spec: Record<string, Record<string, Record<string, string>>> = {
  foo: { "1.0.0": { a: "^1.0.0", b: "^1.0.0" }, "1.1.0": { x: "^1.0.0", y: "^1.0.0" } },
  a: { "1.0.0": { b: "^2.0.0" } }, b: { "1.0.0": {}, "2.0.0": {} },
  x: { "1.0.0": { y: "^2.0.0" } }, y: { "1.0.0": {}, "2.0.0": {} },
};
const p = new InMemoryProvider();
for (const [n, vs] of Object.entries(spec)) for (const [v, d] of Object.entries(vs)) p.add(n, { version: Version.parse(v), dependencies: Object.entries(d).map(([dn, c]) => ({ name: dn, constraint: parseConstraint(c), pretty: c })) });
try { await solve({ name: "root", version: Version.parse("0"), dependencies: [{ name: "foo", constraint: parseConstraint("^1.0.0"), pretty: "^1.0.0" }] }, p); } catch (e: any) { console.log(e.message); console.log("HINT", e.hint); }
