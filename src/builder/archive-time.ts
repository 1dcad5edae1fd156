/**
 * Timestamps and permissions that make artifacts reproducible. Without SOURCE_DATE_EPOCH, wheel
 * members carry zip's earliest date (1980-01-01) and RECORD poetry-core's fixed 2016-01-01;
 * sdist members carry mtime 0. With SOURCE_DATE_EPOCH every member carries that time (clamped
 * to 1980 for zip, which cannot store earlier dates).
 */

/** A Date whose *local* fields are the given UTC fields: fflate writes DOS times from local fields. */
function localDate(year: number, month: number, day: number, h = 0, m = 0, s = 0): Date {
  return new Date(year, month - 1, day, h, m, s);
}

const ZIP_MIN_EPOCH = 315532800; // 1980-01-01T00:00:00Z

export interface Timestamps {
  /** Zip member date for project files and generated dist-info files. */
  readonly zipFile: Date;
  /** Zip member date for RECORD. */
  readonly zipRecord: Date;
  /** Tar member mtime in seconds. */
  readonly tarMtime: number;
}

export function timestamps(sourceDateEpoch: number | null): Timestamps {
  if (sourceDateEpoch === null) {
    return { zipFile: localDate(1980, 1, 1), zipRecord: localDate(2016, 1, 1), tarMtime: 0 };
  }
  const t = new Date(Math.max(sourceDateEpoch, ZIP_MIN_EPOCH) * 1000);
  const zip = localDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
  return { zipFile: zip, zipRecord: zip, tarMtime: Math.max(0, Math.floor(sourceDateEpoch)) };
}

/** SOURCE_DATE_EPOCH from an environment, or null when unset or not a number. */
export function sourceDateEpoch(env: Readonly<Record<string, string | undefined>>): number | null {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return null;
  return Number(raw.trim());
}

/** 0o644, or 0o755 when the owner may execute; the file-type bits are kept. */
export function normalizeMode(mode: number): number {
  let m = (mode | 0o644) & ~0o133;
  if (mode & 0o100) m |= 0o111;
  return m;
}
