/**
 * poetry.lock's parsed TOML checked against the shape lockSchema (schema.ts) describes, by hand
 * (see shape-check.ts): the hot path of every install. Building and first running the zod schema
 * costs 10-20 ms, this check well under one; zod still runs when this check fails, to produce
 * the precise error. Whatever passes here passes lockSchema (test/unit/lock/shape.test.ts).
 */
import { bool, list, nonEmptyStr, oneOf, opt, record, str, strList, table } from "../shape-check.ts";
import type { LockData } from "./schema.ts";

const file = table({ file: str, hash: str });

const constraintTable = table({
  version: opt(str), path: opt(str), develop: opt(bool), url: opt(str), git: opt(str), hg: opt(str), svn: opt(str), bzr: opt(str),
  branch: opt(str), tag: opt(str), rev: opt(str), subdirectory: opt(str), extras: opt(strList), optional: opt(bool),
  python: opt(str), platform: opt(str), markers: opt(str), source: opt(str),
});
const constraint = oneOf(str, constraintTable);

const pkg = table({
  name: nonEmptyStr,
  version: nonEmptyStr,
  description: opt(str),
  optional: bool,
  "python-versions": str,
  groups: opt(strList),
  markers: opt(oneOf(str, record(str))),
  category: opt(str),
  files: opt(list(file)),
  dependencies: opt(record(oneOf(constraint, list(constraint, 1)))),
  extras: opt(record(strList)),
  source: opt(table({ type: opt(str), url: str, reference: opt(str), resolved_reference: opt(str), subdirectory: opt(str) })),
  develop: opt(bool),
});

const lock = table({
  package: opt(list(pkg)),
  extras: opt(record(strList)),
  metadata: table({
    "lock-version": str,
    "python-versions": str,
    "content-hash": opt(str),
    files: opt(record(list(file))),
    hashes: opt(record(strList)),
  }),
});

/** True when `data` certainly has the lock's shape (false: ask lockSchema, which explains why not). */
export function hasLockShape(data: unknown): data is LockData {
  return lock(data);
}
