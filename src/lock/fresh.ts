/**
 * Is poetry.lock still the lock of pyproject.toml? Its content-hash must equal the project's.
 * As Poetry 2.3 does, a lock written before [dependency-groups] counted (Poetry 1.x–2.2, whose
 * hash ignores that table) is still fresh when it matches that older hash.
 */
import type { Project } from "../project/core.ts";
import { contentHash } from "./content-hash.ts";
import { StaleLockError } from "./errors.ts";
import type { Lock } from "./model.ts";

export function isFresh(project: Project, lock: Lock): boolean {
  const locked = lock.metadata.contentHash;
  if (locked === null) return false;
  if (locked === contentHash(project, "current")) return true;
  return locked === contentHash(project, "legacy");
}

/** Throws StaleLockError (with Poetry's message) when the lock is not fresh. */
export function assertFresh(project: Project, lock: Lock): void {
  if (!isFresh(project, lock)) throw new StaleLockError();
}
