/** Run by index-client.test.ts in two processes at once: fill one cache from the test index. */
import { IndexClient } from "../../src/index/index.ts";

const [url, cacheDir] = process.argv.slice(2) as [string, string];
const c = new IndexClient({ sources: [{ name: "local", url }], cacheDir, concurrency: 8 });
const lines: string[] = [];
for (const name of ["chalice", "six", "attrs"]) {
  const page = await c.getPage(name);
  const files = page.files.slice(-5);
  for (const f of files) {
    const meta = await c.getMetadata(f);
    const path = await c.download(f);
    lines.push(`${meta.name} ${meta.version} ${meta.requiresDist.join(",")} ${path}`);
  }
}
console.log(lines.join("\n"));
