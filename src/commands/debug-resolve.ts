import { defineCommand } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import type { Marker } from "../standards/markers.ts";
import { Version } from "../standards/version.ts";
import { parseResolution } from "./lock.ts";

export default defineCommand({
  name: "debug resolve",
  summary: "Debugs dependency resolution.",
  description:
    "Resolves the given requirements (PEP 508, or name@constraint) for every Python of --python and every platform, without writing anything. Inside a project its sources are used; elsewhere PyPI, or --index-url.",
  arguments: [{ name: "package", description: "The packages to resolve.", variadic: true, required: true }],
  options: [
    { name: "python", value: "PYTHON", description: "Python version(s) to use for resolution (a Poetry constraint, default: the project's, else *)." },
    { name: "index-url", value: "URL", description: "The simple index to resolve from (default: the project's sources, else PyPI)." },
    { name: "resolution", value: "STRATEGY", description: "highest (default), lowest or lowest-direct." },
  ],
  run: async ({ args, options, globals, output }) => {
    const { userCacheDir } = await import("../cache/index.ts");
    const { IndexClient } = await import("../index/index.ts");
    const { findProjectRoot, loadConfig, loadProject } = await import("../project/index.ts");
    const { IndexProvider, requirementsFromSpecs, solveForks } = await import("../resolver/index.ts");
    const specs = Array.isArray(args.package) ? args.package : typeof args.package === "string" ? [args.package] : [];
    if (specs.length === 0) throw new UsageError("Give at least one package to resolve.");
    const root = globals.project ?? findProjectRoot(globals.cwd);
    const project = root === null ? null : loadProject(root);
    const config = loadConfig({ projectDir: project?.root ?? globals.cwd, env: process.env });
    const dir = config.get("cache-dir");
    const url = options.string("index-url");
    const sources = url !== undefined ? [{ name: "index", url }] : (project?.sources ?? []).map((s) => ({ name: s.name, url: s.url ?? undefined, priority: s.priority }));
    const client = new IndexClient({ sources, cacheDir: typeof dir === "string" && dir !== "" ? dir : userCacheDir(process.env), noCache: globals.noCache, env: process.env, onWarning: (w) => output.warn(w) });
    const provider = new IndexProvider(client);
    const requirements = requirementsFromSpecs(specs);
    output.line("Resolving dependencies...");
    const forks = await solveForks(
        { name: "verse-debug-resolve", version: Version.parse("0"), requirements, pythonText: options.string("python") ?? project?.pythonConstraint ?? "*" },
        provider,
      { strategy: parseResolution(options.string("resolution")) },
    );
    output.line("");
    output.line("Resolution results:");
    output.line("");
    const rows = new Map<string, Marker>();
    for (const { fork, solution } of forks) {
      for (const [name, version] of solution.packages) {
        if (name.includes("[")) continue;
        const key = `${name} ${version.toString()}`;
        const old = rows.get(key);
        rows.set(key, old === undefined ? fork.marker : old.or(fork.marker));
      }
    }
    for (const key of [...rows.keys()].sort()) {
      const marker = rows.get(key)!;
      const [name, version] = key.split(" ");
      output.result(`${output.style(name!, "c1")} ${output.style(version!, "info")}${marker.isAny() ? "" : ` ; ${marker.toString()}`}`);
    }
    return 0;
  },
});
