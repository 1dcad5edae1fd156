/** The data model of package sources (what the simple API tells about a project's files). */
import type { NormalizedName } from "../standards/names.ts";

export interface PackageFile {
  readonly filename: string;
  /** Absolute URL, without fragment and without credentials. */
  readonly url: string;
  /** Lower-case algorithm name → hex digest, as the index gave them (may be empty). */
  readonly hashes: Readonly<Record<string, string>>;
  readonly requiresPython: string | null;
  /** false, true (yanked without reason) or the reason (PEP 592). */
  readonly yanked: string | boolean;
  /** PEP 658/714: false, true (available, no hash) or the hashes of the .metadata file. */
  readonly coreMetadata: boolean | Readonly<Record<string, string>>;
  readonly size?: number;
  readonly uploadTime?: string;
  /** The name of the source that listed the file. */
  readonly source: string;
  /**
   * The normalized version in the file name; null when the name carries none of this project's.
   * Set by the client when it reads a page, whose files then come in ascending version order
   * (page-versions.ts); absent on files from elsewhere.
   */
  readonly version?: string | null;
}

export interface PackagePage {
  readonly name: NormalizedName;
  readonly files: readonly PackageFile[];
  /** The source the page came from; for a page merged over sources, the first one. */
  readonly source: string;
}
