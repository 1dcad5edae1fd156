/**
 * PEP 503 HTML project pages: every <a> is a file; its href (resolved against <base href> when
 * present, else the page URL after redirects) gives the URL, the last path segment the file
 * name and the fragment a hash (`#sha256=...`). Attributes: data-requires-python (HTML-escaped),
 * data-yanked (PEP 592; present without value = yanked with no reason), data-core-metadata
 * (PEP 714) or its older spelling data-dist-info-metadata (PEP 658): "true" or "<alg>=<hex>".
 * A hand-written linear scanner: no regex over the whole page, so no backtracking trap.
 */
import type { PackageFile } from "./types.ts";

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (all, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return NAMED[body.toLowerCase()] ?? all;
  });
}

export interface Tag {
  name: string;
  attrs: Map<string, string | null>;
}

const isSpace = (c: string | undefined): boolean => c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\f";

/** The start tags named in `wanted` (lower case), with their attributes decoded. */
export function scanTags(html: string, wanted: ReadonlySet<string>): Tag[] {
  const tags: Tag[] = [];
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    let j = lt + 1;
    while (j < n && /[A-Za-z0-9]/.test(html[j]!)) j++;
    const name = html.slice(lt + 1, j).toLowerCase();
    const attrs = new Map<string, string | null>();
    // attributes, up to '>'
    while (j < n && html[j] !== ">") {
      while (j < n && (isSpace(html[j]) || html[j] === "/")) j++;
      if (j >= n || html[j] === ">") break;
      const ks = j;
      while (j < n && !isSpace(html[j]) && html[j] !== "=" && html[j] !== ">" && html[j] !== "/") j++;
      const key = html.slice(ks, j).toLowerCase();
      while (j < n && isSpace(html[j])) j++;
      let value: string | null = null;
      if (html[j] === "=") {
        j++;
        while (j < n && isSpace(html[j])) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          const vs = j;
          while (j < n && !isSpace(html[j]) && html[j] !== ">") j++;
          value = html.slice(vs, j);
        }
        value = decodeEntities(value);
      }
      if (key !== "" && !attrs.has(key)) attrs.set(key, value);
      if (j === ks) j++; // never stall on a stray character
    }
    if (wanted.has(name)) tags.push({ name, attrs });
    i = j + 1;
  }
  return tags;
}

/** "sha256=abc" → { sha256: "abc" }; "true"/"" → true; absent/"false" → false. */
export function parseMetadataAttr(value: string | null | undefined): boolean | Record<string, string> {
  if (value === undefined) return false;
  if (value === null || value === "" || value.toLowerCase() === "true") return true;
  if (value.toLowerCase() === "false") return false;
  const eq = value.indexOf("=");
  if (eq <= 0) return true;
  return { [value.slice(0, eq).toLowerCase()]: value.slice(eq + 1).toLowerCase() };
}

/** A file from an href: absolute URL without fragment, file name, hash from the fragment. */
export function fileFromHref(href: string, base: string): { url: string; filename: string; hashes: Record<string, string> } | null {
  let u: URL;
  try {
    u = new URL(href, base);
  } catch {
    return null;
  }
  const hashes: Record<string, string> = {};
  const frag = u.hash.slice(1);
  const eq = frag.indexOf("=");
  if (eq > 0) hashes[frag.slice(0, eq).toLowerCase()] = frag.slice(eq + 1).toLowerCase();
  u.hash = "";
  const segs = u.pathname.split("/");
  let filename = segs[segs.length - 1] ?? "";
  try {
    filename = decodeURIComponent(filename);
  } catch {
    // keep as written
  }
  return filename === "" ? null : { url: u.href, filename, hashes };
}

/** Every file of an HTML page (PEP 503), in page order. */
export function parseHtmlPage(html: string, pageUrl: string, source: string): PackageFile[] {
  const tags = scanTags(html, new Set(["a", "base"]));
  let base = pageUrl;
  const baseTag = tags.find((t) => t.name === "base" && t.attrs.get("href"));
  if (baseTag) {
    try {
      base = new URL(baseTag.attrs.get("href")!, pageUrl).href;
    } catch {
      // an unusable <base> is ignored, as browsers do
    }
  }
  const files: PackageFile[] = [];
  for (const t of tags) {
    if (t.name !== "a") continue;
    const href = t.attrs.get("href");
    if (!href) continue;
    const f = fileFromHref(href, base);
    if (f === null) continue;
    const yanked = t.attrs.has("data-yanked") ? (t.attrs.get("data-yanked") || true) : false;
    const meta = t.attrs.has("data-core-metadata") ? t.attrs.get("data-core-metadata") : t.attrs.get("data-dist-info-metadata");
    const rp = t.attrs.get("data-requires-python");
    files.push({ ...f, requiresPython: rp ? rp : null, yanked, coreMetadata: parseMetadataAttr(meta), source });
  }
  return files;
}
