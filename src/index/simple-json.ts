/**
 * PEP 691 JSON project pages (`application/vnd.pypi.simple.v1+json`), validated with zod. File
 * URLs are resolved against the page URL. `core-metadata` (PEP 714) wins over the older
 * `dist-info-metadata` (PEP 658); both may be a boolean or a hash dictionary.
 */
import type { z } from "zod";
import type { Zod } from "../deferred.ts";
import { lazySchema } from "../lazy-schema.ts";
import { InvalidIndexResponse } from "./errors.ts";
import type { PackageFile } from "./types.ts";

export const JSON_PAGE_TYPE = "application/vnd.pypi.simple.v1+json";

// Built on first use (no cost to commands that never read a page); compiled (jit) because one
// run parses many pages.
const pageSchema = lazySchema((z: Zod) => {
  const metaField = z.union([z.boolean(), z.record(z.string(), z.string())]).optional();
  const fileSchema = z.object({
    filename: z.string().min(1),
    url: z.string().min(1),
    hashes: z.record(z.string(), z.string()).default({}),
    "requires-python": z.string().nullable().optional(),
    yanked: z.union([z.boolean(), z.string()]).optional(),
    "core-metadata": metaField,
    "dist-info-metadata": metaField,
    size: z.number().int().nonnegative().optional(),
    "upload-time": z.string().optional(),
  });
  const pageSchema = z.object({
    meta: z.object({ "api-version": z.string() }).optional(),
    name: z.string(),
    files: z.array(fileSchema),
  });
  return pageSchema;
}, { jit: true });

export function parseJsonPage(text: string, pageUrl: string, source: string): PackageFile[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidIndexResponse(`The page ${pageUrl} of source '${source}' is not valid JSON`);
  }
  const parsed = pageSchema().safeParse(data);
  if (!parsed.success) {
    throw new InvalidIndexResponse(`The page ${pageUrl} of source '${source}' is not a PEP 691 project page: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const major = parsed.data.meta?.["api-version"].split(".")[0];
  if (major !== undefined && major !== "1") {
    throw new InvalidIndexResponse(`Source '${source}' speaks simple API version ${parsed.data.meta?.["api-version"]}, which verse does not know`, "verse reads version 1.x of the JSON simple API.");
  }
  return parsed.data.files.map((f) => {
    const hashes: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.hashes)) hashes[k.toLowerCase()] = v.toLowerCase();
    const meta = f["core-metadata"] ?? f["dist-info-metadata"] ?? false;
    const url = new URL(f.url, pageUrl);
    url.hash = "";
    const file: PackageFile = {
      filename: f.filename,
      url: url.href,
      hashes,
      requiresPython: f["requires-python"] ?? null,
      yanked: f.yanked === undefined ? false : f.yanked === "" ? true : f.yanked,
      coreMetadata: typeof meta === "boolean" ? meta : Object.fromEntries(Object.entries(meta).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()])),
      source,
      ...(f.size === undefined ? {} : { size: f.size }),
      ...(f["upload-time"] === undefined ? {} : { uploadTime: f["upload-time"] }),
    };
    return file;
  });
}
