import { loadVector } from "/work/main/test/helpers/vectors.ts";
import { InMemoryProvider, solve } from "/work/main/src/resolver/index.ts";
import { parseConstraint } from "/work/main/src/standards/constraint.ts";
import { Version } from "/work/main/src/standards/version.ts";
const data = loadVector<any>("poetry/mixology_scenarios.json");
const want = process.argv[2]; const limit = Number(process.argv[3] ?? 1e9);
for (const s of data.scenarios) {
  if (s.test !== want) continue;
  const provider = new InMemoryProvider();
  for (const p of s.packages.slice(0, limit)) provider.add(p.name, { version: Version.parse(p.version), dependencies: Object.entries(p.deps).map(([n, c]: any) => ({ name: n, constraint: parseConstraint(c), pretty: c })), yanked: p.yanked });
  const root = { name: "myapp", version: Version.parse("0.0.0"), dependencies: s.root.dependencies.map((d: any) => ({ name: d.name, constraint: parseConstraint(d.constraint), pretty: d.constraint })) };
  const t = performance.now();
  try { const r = await solve(root, provider, {}); console.log([...r.packages].map(([n, v]) => `${n}=${v}`).join(" "), r.attemptedSolutions); } catch (e: any) { console.log(e.message); }
  console.log("ms", performance.now() - t);
  break;
}
