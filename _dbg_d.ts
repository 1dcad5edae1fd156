import { loadVector } from '/work/main/test/helpers/vectors.ts';
import { SnapshotProvider, requirementToDependencies, SNAPSHOT_ENVIRONMENT } from '/work/main/src/resolver/snapshot-provider.ts';
import { solve } from '/work/main/src/resolver/index.ts';
import { parseRequirement } from '/work/main/src/standards/requirement.ts';
import { Version } from '/work/main/src/standards/version.ts';
const [index, req] = [process.argv[2], process.argv[3]];
const snap = loadVector<any>(`pypi-snapshots/${index}.json`);
for (let i=0;i<5;i++){
const t0 = performance.now();
const p = new SnapshotProvider(snap, SNAPSHOT_ENVIRONMENT, 'extras-only');
const root = { name: 'root', version: Version.parse('0'), dependencies: req.split(' ').flatMap((r) => requirementToDependencies(parseRequirement(r))) };
let info = '';
try { const s = await solve(root, p); info = `${s.packages.size} pkgs, attempts ${s.attemptedSolutions}, visited ${p.visited.size}`; } catch (e: any) { info = `FAIL visited ${p.visited.size} lines ${e.message.split('\n').length}`; }
console.log(info, 'ms', (performance.now() - t0).toFixed(1));}
