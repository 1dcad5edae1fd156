/**
 * The structure of a PEP 751 lock file (pylock.toml), lock-version 1.0, as the PEP specifies it:
 * what is required, the types, the mutual exclusions between a package's sources (vcs, directory,
 * archive, or index files sdist/wheels) and the "url or path" rule of every file. Checked against
 * the PEP's own example and against what `verse export -f pylock.toml` writes.
 */
import { z } from "zod";

const hashes = z
  .record(z.string().regex(/^[a-z0-9_-]+$/), z.string().regex(/^[0-9a-f]+$/))
  .refine((h) => Object.keys(h).length > 0, "hashes needs at least one algorithm");

/** TOML offset date-times parse (smol-toml) to Date instances. */
const uploadTime = z.date();

const located = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ url: z.string().optional(), path: z.string().optional(), ...shape })
    .strict()
    .refine((f: { url?: unknown; path?: unknown }) => f.url !== undefined || f.path !== undefined, "a file needs `url` or `path`");

const fileShape = { name: z.string().optional(), "upload-time": uploadTime.optional(), size: z.number().int().nonnegative().optional(), hashes };

const vcs = located({
  type: z.string(),
  "requested-revision": z.string().optional(),
  "commit-id": z.string(),
  subdirectory: z.string().optional(),
});

const directory = z.object({ path: z.string(), editable: z.boolean().optional(), subdirectory: z.string().optional() }).strict();

const archive = located({ size: z.number().int().nonnegative().optional(), "upload-time": uploadTime.optional(), hashes, subdirectory: z.string().optional() });

const tool = z.record(z.string(), z.unknown());

const pkg = z
  .object({
    name: z.string().min(1),
    version: z.string().optional(),
    marker: z.string().optional(),
    "requires-python": z.string().optional(),
    dependencies: z.array(z.record(z.string(), z.unknown())).optional(),
    vcs: vcs.optional(),
    directory: directory.optional(),
    archive: archive.optional(),
    index: z.string().optional(),
    sdist: located(fileShape).optional(),
    wheels: z.array(located(fileShape)).optional(),
    "attestation-identities": z.array(z.object({ kind: z.string() }).passthrough()).optional(),
    tool: tool.optional(),
  })
  .strict()
  .refine(
    (p) => {
      const kinds = [p.vcs, p.directory, p.archive, p.sdist ?? p.wheels].filter((k) => k !== undefined);
      return kinds.length === 1;
    },
    "a package has exactly one of vcs, directory, archive, or sdist/wheels",
  );

export const pylockSchema = z
  .object({
    "lock-version": z.string().regex(/^\d+\.\d+$/),
    environments: z.array(z.string()).optional(),
    "requires-python": z.string().optional(),
    extras: z.array(z.string()).optional(),
    "dependency-groups": z.array(z.string()).optional(),
    "default-groups": z.array(z.string()).optional(),
    "created-by": z.string().min(1),
    packages: z.array(pkg),
    tool: tool.optional(),
  })
  .strict();

export type PylockDocument = z.infer<typeof pylockSchema>;
