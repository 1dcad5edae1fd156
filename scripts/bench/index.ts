/**
 * Index and cache benchmark: the metadata of every version of 200 snapshot projects (PyPI
 * dependency data of 2020, as small synthesized wheels) fetched from the local test index.
 *   cold (PEP 658)       empty cache, metadata through .metadata files
 *   cold (range reads)   empty cache, index without PEP 658: HTTP range reads into each wheel
 *   warm (revalidate)    same cache, pages stale (max-age=0): one conditional request per page
 *   warm (fresh)         same cache, pages within max-age: no request at all
 * Requests and bytes are counted at the server. Run: bun scripts/bench/index.ts [projects]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IndexClient } from "../../src/index/index.ts";
import { startIndexServer } from "../../test/helpers/index-server.ts";

const COUNT = Number(process.argv[2] ?? 200);
const server = await startIndexServer({ snapshots: ["pypi-2020-02-13-chalice", "pypi-2020-02-13-dask"] });
const projects = server.projectNames().slice(0, COUNT);

// Synthesize the server's wheels first (cached on disk between runs) so the timings are the client's.
{
  const prime = new IndexClient({ sources: [{ name: "local", url: server.simpleUrl }], cacheDir: mkdtempSync(join(tmpdir(), "verse-bench-")), noCache: true });
  await Promise.all(projects.map((p) => prime.getPage(p)));
}

async function run(label: string, cacheDir: string): Promise<void> {
  server.resetLog();
  const client = new IndexClient({ sources: [{ name: "local", url: server.simpleUrl }], cacheDir, concurrency: 32 });
  const t0 = performance.now();
  let files = 0;
  await Promise.all(
    projects.map(async (p) => {
      const page = await client.getPage(p);
      await Promise.all(page.files.map(async (f) => {
        await client.getMetadata(f);
        files++;
      }));
    }),
  );
  const ms = performance.now() - t0;
  const st = server.stats();
  const rps = st.requests === 0 ? "—" : Math.round(st.requests / (ms / 1000)).toString();
  console.log(`| ${label} | ${projects.length} | ${files} | ${ms.toFixed(0)} | ${st.requests} | ${rps} | ${(st.bytes / 1024).toFixed(0)} KiB | ${JSON.stringify(client.metadataRoutes)} |`);
}

console.log("| run | projects | files | ms | requests | requests/s | bytes received (server count) | metadata routes |");
console.log("|---|---|---|---|---|---|---|---|");
const cache = mkdtempSync(join(tmpdir(), "verse-bench-"));
await run("cold (PEP 658)", cache);
await run("warm (revalidate, max-age=0)", cache);
server.options.pageMaxAge = 600;
await run("warm (revalidate to prime max-age)", cache);
await run("warm (fresh, max-age=600)", cache);
server.options.pageMaxAge = 0;
server.options.pep658 = false;
const cache2 = mkdtempSync(join(tmpdir(), "verse-bench-"));
await run("cold (no PEP 658: range reads)", cache2);
await server.stop();
rmSync(cache, { recursive: true, force: true });
rmSync(cache2, { recursive: true, force: true });
