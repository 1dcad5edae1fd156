import { loadVector } from '/work/main/test/helpers/vectors.ts';
import { SnapshotProvider, requirementToDependencies, SNAPSHOT_ENVIRONMENT } from '/work/main/src/resolver/snapshot-provider.ts';
import { solve } from '/work/main/src/resolver/index.ts';
import { parseRequirement } from '/work/main/src/standards/requirement.ts';
import { Version } from '/work/main/src/standards/version.ts';
const snap = loadVector<any>(`pypi-snapshots/${process.argv[2]}.json`);
const p = new SnapshotProvider(snap, SNAPSHOT_ENVIRONMENT, 'extras-only');
const root = { name: 'root', version: Version.parse('0'), dependencies: process.argv[3].split(' ').flatMap((r) => requirementToDependencies(parseRequirement(r))) };
try { const s = await solve(root, p); console.log([...s.packages].map(([n,v])=>n+'='+v).join(' ')); } catch (e: any) { console.log(e.message.slice(0,3000)); }
const counts: Record<string, number> = {}; for (const v of p.visited) { const n = v.split(' ')[0]; counts[n] = (counts[n] ?? 0) + 1; }
console.log(counts);
