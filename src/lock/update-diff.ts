/**
 * What a re-lock changed, package by package (for `add`/`remove`/`update --dry-run`, and for
 * `remove` to know which packages nothing needs any more).
 */
import { Version } from "../standards/version.ts";
import type { Lock } from "./model.ts";

export type LockChange =
  | { readonly kind: "install"; readonly name: string; readonly version: string }
  | { readonly kind: "update" | "downgrade"; readonly name: string; readonly from: string; readonly version: string }
  | { readonly kind: "remove"; readonly name: string; readonly version: string };

/** name → versions (a universal lock may hold several versions of one package). */
function versions(lock: Lock | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of lock?.packages ?? []) out.set(p.name, [...(out.get(p.name) ?? []), p.version]);
  return out;
}

function order(a: string, b: string): number {
  const va = Version.tryParse(a);
  const vb = Version.tryParse(b);
  return va !== null && vb !== null ? va.compare(vb) : a.localeCompare(b);
}

/** The changes from `before` (null: no lock yet) to `after`, by package name. */
export function lockChanges(before: Lock | null, after: Lock): LockChange[] {
  const old = versions(before);
  const now = versions(after);
  const out: LockChange[] = [];
  for (const name of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const was = (old.get(name) ?? []).sort(order);
    const is = (now.get(name) ?? []).sort(order);
    if (was.length === 0) for (const v of is) out.push({ kind: "install", name, version: v });
    else if (is.length === 0) for (const v of was) out.push({ kind: "remove", name, version: v });
    else if (was.join() !== is.join()) {
      const from = was[was.length - 1]!;
      const to = is[is.length - 1]!;
      out.push({ kind: order(to, from) >= 0 ? "update" : "downgrade", name, from, version: to });
    }
  }
  return out;
}

/** Poetry's operation lines ("  - Updating x (1.0 -> 2.0)"). */
export function changeLine(c: LockChange): string {
  switch (c.kind) {
    case "install":
      return `  - Installing ${c.name} (${c.version})`;
    case "update":
      return `  - Updating ${c.name} (${c.from} -> ${c.version})`;
    case "downgrade":
      return `  - Downgrading ${c.name} (${c.from} -> ${c.version})`;
    case "remove":
      return `  - Removing ${c.name} (${c.version})`;
  }
}

/** Names locked before and not any more: what nothing needs after a `remove`. */
export function droppedPackages(before: Lock | null, after: Lock): string[] {
  const now = new Set(after.packages.map((p) => p.name));
  return [...new Set((before?.packages ?? []).map((p) => p.name).filter((n) => !now.has(n)))];
}
