import { loadVector } from "/work/main/test/helpers/vectors.ts";
import { SnapshotProvider, requirementToDependencies } from "/work/main/src/resolver/snapshot-provider.ts";
import { solve } from "/work/main/src/resolver/index.ts";
import { parseRequirement } from "/work/main/src/standards/requirement.ts";
import { Version } from "/work/main/src/standards/version.ts";
import { SNAPSHOT_ENVIRONMENT } from "/work/main/src/resolver/snapshot-provider.ts";
const c = loadVector<any>(`pypi-snapshots/cases/${process.argv[2]}.json`);
const snap = loadVector<any>(`pypi-snapshots/${c.index}.json`);
const t0 = performance.now();
const p = new SnapshotProvider(snap, SNAPSHOT_ENVIRONMENT, "extras-only");
const root = { name: "root", version: Version.parse("0"), dependencies: c.requested.flatMap((r: string) => requirementToDependencies(parseRequirement(r))) };
try { const s = await solve(root, p); console.log(s.packages.size, s.attemptedSolutions); } catch (e: any) { console.log(e.message); }
console.log("ms", performance.now() - t0);
