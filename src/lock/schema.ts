/** zod schemas for poetry.lock as it is on disk (lock-versions 1.1, 2.0 and 2.1). */
import type { z } from "zod";
import type { Zod } from "../deferred.ts";
import { lazySchema } from "../lazy-schema.ts";

function buildLockSchema(z: Zod) {
  const str = z.string();

  const fileSchema = z.looseObject({ file: str, hash: str });

  const constraintTableSchema = z.looseObject({
    version: str.optional(),
    path: str.optional(),
    develop: z.boolean().optional(),
    url: str.optional(),
    git: str.optional(),
    hg: str.optional(),
    svn: str.optional(),
    bzr: str.optional(),
    branch: str.optional(),
    tag: str.optional(),
    rev: str.optional(),
    subdirectory: str.optional(),
    extras: z.array(str).optional(),
    optional: z.boolean().optional(),
    python: str.optional(),
    platform: str.optional(),
    markers: str.optional(),
    source: str.optional(),
  });

  const constraintSchema = z.union([str, constraintTableSchema]);
  const dependencyValueSchema = z.union([constraintSchema, z.array(constraintSchema).min(1)]);

  const sourceSchema = z.looseObject({
    type: str.optional(),
    url: str,
    reference: str.optional(),
    resolved_reference: str.optional(),
    subdirectory: str.optional(),
  });

  const extrasSchema = z.record(str, z.array(str));

  const packageSchema = z.looseObject({
    name: str.min(1),
    version: str.min(1),
    description: str.optional(),
    optional: z.boolean(),
    "python-versions": str,
    groups: z.array(str).optional(),
    markers: z.union([str, z.record(str, str)]).optional(),
    category: str.optional(),
    files: z.array(fileSchema).optional(),
    dependencies: z.record(str, dependencyValueSchema).optional(),
    extras: extrasSchema.optional(),
    source: sourceSchema.optional(),
    develop: z.boolean().optional(),
  });

  const metadataSchema = z.looseObject({
    "lock-version": str,
    "python-versions": str,
    "content-hash": str.optional(),
    /** lock-version 1.1: package name → files. */
    files: z.record(str, z.array(fileSchema)).optional(),
    /** lock-version 1.0: package name → bare hashes. */
    hashes: z.record(str, z.array(str)).optional(),
  });

  const lockSchema = z.looseObject({
    package: z.array(packageSchema).optional(),
    extras: extrasSchema.optional(),
    metadata: metadataSchema,
  });
  return lockSchema;
}

/** The schema, built on first use (see lazy-schema.ts). */
export const lockSchema = lazySchema(buildLockSchema);
export type LockData = z.infer<ReturnType<typeof buildLockSchema>>;
export type PackageData = NonNullable<LockData["package"]>[number];
export type ConstraintTable = Exclude<NonNullable<PackageData["dependencies"]>[string], string | readonly unknown[]>;
