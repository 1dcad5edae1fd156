import { join } from "node:path";
import { defineCommand } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import type { ShowRow } from "../lock/index.ts";
import { existsSync } from "node:fs";
import { canonicalizeName } from "../standards/names.ts";

export default defineCommand({
  name: "show",
  summary: "Shows information about packages.",
  description: "Lists the locked packages of the selected groups, or the details of one package, from poetry.lock.",
  arguments: [{ name: "package", description: "The package to inspect." }],
  options: [
    { name: "without", value: "GROUP", multiple: true, description: "The dependency groups to ignore." },
    { name: "with", value: "GROUP", multiple: true, description: "The optional dependency groups to include." },
    { name: "only", value: "GROUP", multiple: true, description: "The only dependency groups to include." },
    { name: "tree", short: "t", description: "List the dependencies as a tree." },
    { name: "why", description: "When showing the full list, or a --tree for a single package, display whether they are a direct dependency or required by other packages." },
    { name: "latest", short: "l", description: "Show the latest version." },
    { name: "outdated", short: "o", description: "Show the latest version but only for packages that are outdated." },
    { name: "all", short: "a", description: "Show all packages (even those not compatible with current system)." },
    { name: "top-level", short: "T", description: "Show only top-level dependencies." },
    { name: "format", short: "f", value: "FORMAT", description: "Specify the output format (text or json)." },
  ],
  run: async ({ args, options, globals, output }) => {
    const { activeGroups, DEFAULT_SELECTION, environmentMarkers, openSession, selectPackages } = await import("../installer/index.ts");
    const { dependents, detailLines, findPackage, isFresh, listLines, LockNotFoundError, packagesInGroups, readLock, treeLines, whyLines } = await import("../lock/index.ts");
    const { IndexProvider, latestVersion } = await import("../resolver/index.ts");
    const format = options.string("format") ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`--format: '${format}' is not a format`, "Use text or json.");
    const facts = { cwd: globals.cwd, project: globals.project, noCache: globals.noCache, env: process.env, report: (l: string) => output.line(l), warn: (l: string) => output.warn(l) };
    const session = openSession(facts);
    const { project } = session;
    const file = join(project.root, "poetry.lock");
    if (!existsSync(file)) throw new LockNotFoundError(file);
    const lock = readLock(file);
    if (!isFresh(project, lock)) output.warn("poetry.lock is not consistent with pyproject.toml. Run `verse lock` to fix it.");
    const selection = { ...DEFAULT_SELECTION, with: options.strings("with"), without: options.strings("without"), only: options.strings("only") };
    const groups = activeGroups(project, selection);
    const selected = packagesInGroups(lock, groups);
    // as Poetry: without --all, only what applies to this environment (markers, extras not requested left out)
    const markers = options.flag("all") ? null : await environmentMarkers(facts);
    const applicable = markers === null ? null : new Set(selectPackages(project, lock, selection, markers).map((p) => `${p.name} ${p.version}`));
    const direct = new Set<string>();
    for (const g of project.groups.values()) if (groups.has(canonicalizeName(g.name))) for (const d of g.dependencies) direct.add(d.normalizedName);
    const projectName = project.name ?? "project";
    const pkgArg = typeof args.package === "string" ? args.package : null;

    if (pkgArg !== null) {
      const found = findPackage(lock, pkgArg);
      if (found.length === 0) throw new UsageError(`Package ${pkgArg} not found`, "`verse show` lists the locked packages.");
      for (const p of found) {
        const lines = options.flag("tree") ? (options.flag("why") ? whyLines(lock, p, projectName, direct) : treeLines(lock, p)) : options.flag("why") ? whyLines(lock, p, projectName, direct) : detailLines(lock, p);
        for (const l of lines) output.result(l);
      }
      return 0;
    }

    let list = applicable === null ? selected : selected.filter((p) => applicable.has(`${p.name} ${p.version}`));
    if (options.flag("top-level")) list = list.filter((p) => direct.has(canonicalizeName(p.name)));
    if (options.flag("tree")) {
      for (const p of list.filter((x) => direct.has(canonicalizeName(x.name)))) for (const l of treeLines(lock, p)) output.result(l);
      return 0;
    }
    const wantLatest = options.flag("latest") || options.flag("outdated");
    const latest = new Map<string, string>();
    if (wantLatest) {
      const provider = new IndexProvider(session.client());
      await Promise.all(list.map(async (p) => {
        const v = await latestVersion(provider, p.name);
        if (v !== null) latest.set(p.name, v.toString());
      }));
    }
    let rows: ShowRow[] = list.map((p) => ({
      name: p.name,
      version: p.version,
      description: p.description,
      latest: wantLatest ? latest.get(p.name) ?? p.version : undefined,
      requiredBy: options.flag("why") ? dependents(selected, p.name).map((d) => d.name) : undefined,
    }));
    if (options.flag("outdated")) rows = rows.filter((r) => r.latest !== undefined && r.latest !== r.version);
    if (format === "json") {
      output.result(JSON.stringify(rows.map((r) => ({
        name: r.name, version: r.version, ...(wantLatest ? { latest_version: r.latest } : {}), description: r.description,
        ...(r.requiredBy !== undefined ? { required_by: r.requiredBy } : {}),
      }))));
      return 0;
    }
    for (const l of listLines(rows, wantLatest, options.flag("why"))) output.result(l);
    return 0;
  },
});
