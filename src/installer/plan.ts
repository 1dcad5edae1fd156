/**
 * The plan: what the environment has (dist-info scan) against what the lock asks for on this
 * interpreter (select.ts), as the operations Poetry reports — install, upgrade, downgrade,
 * reinstall (same version, another artifact or source), remove (sync only), unchanged.
 */
import type { LockedPackage } from "../lock/index.ts";
import { canonicalizeName, type NormalizedName } from "../standards/names.ts";
import { tryParseVersion } from "../standards/version.ts";
import { type Artifact, artifactId } from "./artifact.ts";
import type { InstalledDist } from "./installed.ts";
import type { InstalledRecord } from "./state.ts";

export type Operation =
  | { readonly kind: "install"; readonly pkg: LockedPackage; readonly artifact: Artifact }
  | { readonly kind: "upgrade" | "downgrade" | "reinstall"; readonly pkg: LockedPackage; readonly artifact: Artifact; readonly from: InstalledDist }
  | { readonly kind: "unchanged"; readonly pkg: LockedPackage; readonly artifact: Artifact; readonly from: InstalledDist }
  | { readonly kind: "remove"; readonly from: InstalledDist };

export interface Plan {
  readonly operations: readonly Operation[];
}

/** Distributions `sync` never removes: the installer the environment was seeded with. */
export const PROTECTED: ReadonlySet<string> = new Set(["pip"]);

export interface PlanInput {
  readonly wanted: readonly { readonly pkg: LockedPackage; readonly artifact: Artifact }[];
  readonly installed: ReadonlyMap<NormalizedName, InstalledDist>;
  /** What verse recorded installing last time (artifact identities), by canonical name. */
  readonly recorded: Readonly<Record<string, InstalledRecord>>;
  readonly sync: boolean;
  /** The root project's name: never removed by sync (it is installed separately). */
  readonly rootName: string | null;
}

function expectedDirectUrl(a: Artifact): string | null {
  switch (a.kind) {
    case "directory":
    case "local-file":
      return `file://${a.path}`;
    case "url":
      return a.url;
    case "vcs":
      return a.url;
    default:
      return null;
  }
}

export function makePlan(input: PlanInput): Plan {
  const ops: Operation[] = [];
  const wantedNames = new Set<string>();
  for (const { pkg, artifact } of input.wanted) {
    const name = canonicalizeName(pkg.name);
    wantedNames.add(name);
    const have = input.installed.get(name);
    if (have === undefined) {
      ops.push({ kind: "install", pkg, artifact });
      continue;
    }
    const a = tryParseVersion(have.version);
    const b = tryParseVersion(pkg.version);
    const cmp = a !== null && b !== null ? a.compare(b) : have.version === pkg.version ? 0 : -1;
    if (cmp < 0) ops.push({ kind: "upgrade", pkg, artifact, from: have });
    else if (cmp > 0) ops.push({ kind: "downgrade", pkg, artifact, from: have });
    else {
      const rec = input.recorded[name];
      const direct = expectedDirectUrl(artifact);
      const changed =
        (rec !== undefined && rec.version === have.version && rec.id !== artifactId(artifact)) ||
        (direct !== null && have.directUrl !== null && have.directUrl.replace(/\/$/, "") !== direct.replace(/\/$/, "")) ||
        (direct === null && have.directUrl !== null && !have.directUrl.startsWith("http"));
      ops.push({ kind: changed ? "reinstall" : "unchanged", pkg, artifact, from: have });
    }
  }
  if (input.sync) {
    for (const [name, dist] of input.installed) {
      if (wantedNames.has(name) || PROTECTED.has(name) || name === input.rootName) continue;
      ops.push({ kind: "remove", from: dist });
    }
  }
  return { operations: ops };
}

/** Counts as Poetry prints them: "N installs, N updates, N removals". */
export function summarize(plan: Plan): { installs: number; updates: number; removals: number } {
  let installs = 0;
  let updates = 0;
  let removals = 0;
  for (const op of plan.operations) {
    if (op.kind === "install" || op.kind === "reinstall") installs++;
    else if (op.kind === "upgrade" || op.kind === "downgrade") updates++;
    else if (op.kind === "remove") removals++;
  }
  return { installs, updates, removals };
}
