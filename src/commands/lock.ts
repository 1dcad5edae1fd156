import { defineCommand, sessionFacts } from "../cli/spec.ts";
import { UsageError } from "../errors.ts";
import type { ResolutionStrategy } from "../resolver/index.ts";

/** "2024-01-31" or an RFC 3339 instant. */
export function parseExcludeNewer(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) throw new UsageError(`--exclude-newer: '${text}' is not a date`, "Give a date (2024-01-31) or an RFC 3339 time (2024-01-31T12:00:00Z).");
  return new Date(t);
}

export function parseResolution(text: string | undefined): ResolutionStrategy {
  if (text === undefined) return "highest";
  if (text === "highest" || text === "lowest" || text === "lowest-direct") return text;
  throw new UsageError(`--resolution: '${text}' is not a strategy`, "Use highest, lowest or lowest-direct.");
}

export default defineCommand({
  name: "lock",
  summary: "Locks the project dependencies.",
  description:
    "Resolves every dependency of every group for all the Pythons and platforms the project supports, and writes poetry.lock (lock-version 2.1). Versions already locked are kept unless they no longer fit; --regenerate starts fresh.",
  options: [
    { name: "regenerate", description: "Ignore existing lock file and overwrite it with a new lock file created from scratch." },
    { name: "no-update", description: "Do not update locked versions, only refresh lock file (the default; kept for Poetry 1.x scripts).", hidden: true },
    { name: "resolution", value: "STRATEGY", description: "Which versions to prefer: highest (default), lowest, or lowest-direct (lowest for direct dependencies only)." },
    { name: "exclude-newer", value: "DATE", description: "Leave out files uploaded after this date (PEP 700 upload-time), for reproducible locks." },
    { name: "dry-run", description: "Resolve, but do not write poetry.lock." },
  ],
  run: async ({ options, globals, output }) => {
    const [{ lockInputs }, { openSession }] = await Promise.all([import("../installer/lock-inputs.ts"), import("../installer/session.ts")]);
    const { lockProject } = await import("../lock/index.ts");
    performance.mark("lock: modules loaded");
    const strategy = parseResolution(options.string("resolution"));
    const excludeNewer = parseExcludeNewer(options.string("exclude-newer"));
    const facts = sessionFacts({ globals, output });
    const session = openSession(facts);
    performance.mark("lock: session open");
    output.line("Resolving dependencies...");
    const started = performance.now();
    const outcome = await lockProject({
      ...lockInputs(session, facts, (l) => output.detail(2, l)),
      project: session.project,
      regenerate: options.flag("regenerate"),
      strategy,
      excludeNewer,
      dryRun: options.flag("dry-run"),
    });
    for (const w of outcome.warnings) output.warn(w);
    output.detail(1, `Resolved ${outcome.lock.packages.length} packages in ${outcome.forks} fork(s), ${Math.round(performance.now() - started)} ms`);
    if (options.flag("dry-run")) output.line("Not writing the lock file (--dry-run).");
    else output.line(outcome.written ? "Writing lock file" : "poetry.lock is already up to date.");
    return 0;
  },
});
