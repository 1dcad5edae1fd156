/**
 * What a user types after `verse add` (Poetry 2's forms), classified by syntax alone:
 *   registry: name, name@^1.2, name@latest, "name>=1,<2", name==1.2.3, name[x,y]@^1,
 *             name@1.2.*, "name (>=1.0)", "name>=1; python_version < '3.9'"
 *   git:      git+https://host/x.git@tag#subdirectory=sub, git+http://..., git+ssh://...,
 *             git+file:///abs/repo@rev, git@github.com:org/repo.git, https://host/org/repo.git
 *   path:     ./dir, ../x.whl, /abs/x.tar.gz, ~/x, C:\x, file:///abs/x, x-1.0-py3-none-any.whl
 *   url:      https://host/x-1.0.tar.gz
 * "name @ <url or path>" (PEP 508 direct reference) gives the same kinds with the name kept.
 * Pure: whether a path exists is the caller's question.
 */
import { InvalidInputError } from "../errors.ts";
import { parseConstraint } from "./constraint.ts";

export class InvalidAddSpec extends InvalidInputError {}

interface Common {
  /** Extras asked for with a trailing "[a,b]". */
  extras: string[];
  /** The environment marker after ";", as written, or null. */
  marker: string | null;
}
export type AddSpec =
  | (Common & { kind: "registry"; name: string; constraint: string | null })
  | (Common & { kind: "git"; url: string; rev?: string; subdirectory?: string; name?: string })
  | (Common & { kind: "path"; path: string; name?: string })
  | (Common & { kind: "url"; url: string; name?: string });

const HINT = "Use a form such as requests, requests@^2.31, \"requests>=2,<3\", requests[socks]@latest, " +
  "git+https://github.com/org/repo.git@v1.0, ./path/to/dir, ../dist/pkg-1.0-py3-none-any.whl or https://host/pkg-1.0.tar.gz.";

function fail(text: string, why: string): InvalidAddSpec {
  return new InvalidAddSpec(`Invalid dependency specification "${text}": ${why}`, HINT);
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;
const PEP440_OP = /^(?:===|==|!=|<=|>=|~=|<|>)/;

export function parseAddSpec(input: string): AddSpec {
  const text = input.trim();
  if (text === "") throw fail(input, "it is empty");
  let body = text;
  let marker: string | null = null;
  const semi = text.indexOf(";");
  if (semi >= 0) {
    body = text.slice(0, semi).trim();
    marker = text.slice(semi + 1).trim();
    if (marker === "") throw fail(text, "nothing follows \";\" (expected an environment marker)");
    if (body === "") throw fail(text, "nothing comes before \";\"");
  }

  // "name[extras] @ <direct reference>" (but "git@host:..." is itself an address)
  const isAddress = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(body) || body.startsWith("git@");
  const direct = isAddress ? null : /^([^\s@[\]]+)\s*(?:\[([^\]]*)\])?\s*@\s*(.+)$/.exec(body);
  if (direct && looksLikeReference(direct[3]!)) {
    const name = direct[1]!;
    if (!NAME.test(name)) throw fail(text, `"${name}" is not a valid package name`);
    const extras = direct[2] === undefined ? [] : parseExtras(direct[2], text);
    return { ...parseReference(direct[3]!.trim(), text), name, extras, marker };
  }

  if (looksLikeReference(body)) {
    // A trailing "[a,b]" on a URL or path asks for extras of that distribution.
    const m = /^(.*?)\[([^\]]*)\]$/.exec(body);
    const extras = m ? parseExtras(m[2]!, text) : [];
    return { ...parseReference(m ? m[1]! : body, text), extras, marker };
  }
  return { ...parseRegistry(body, text), marker };
}

function looksLikeReference(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s) || s.startsWith("git@") || looksLikePath(s);
}

function looksLikePath(s: string): boolean {
  return /^(?:\.{1,2}(?:[\\/]|$)|[\\/]|~(?:[\\/]|$)|[A-Za-z]:[\\/])/.test(s) ||
    (!/[@=<>!~^(\s]/.test(s) && /[\\/]/.test(s)) ||
    (!/[@=<>!~^(\s[]/.test(s) && ARCHIVE.test(s));
}

type Reference =
  | { kind: "git"; url: string; rev?: string; subdirectory?: string }
  | { kind: "path"; path: string }
  | { kind: "url"; url: string };

function parseReference(ref: string, text: string): Reference {
  if (/\s/.test(ref)) throw fail(text, "a URL or path cannot contain spaces here (quote nothing, or use %20)");
  if (ref.startsWith("git+")) return parseGit(ref.slice(4), text);
  if (ref.startsWith("git@")) return parseGit(ref, text);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(ref)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: "path", path: ref };
  if (scheme === "file") {
    const rest = ref.slice("file://".length);
    const path = rest.startsWith("/") ? rest : rest.slice(rest.indexOf("/") === -1 ? rest.length : rest.indexOf("/"));
    if (path === "") throw fail(text, "the file: URL has no path");
    try {
      return { kind: "path", path: decodeURIComponent(path) };
    } catch {
      throw fail(text, "the file: URL has a bad %-escape");
    }
  }
  if (scheme !== "http" && scheme !== "https" && scheme !== "ssh") {
    throw fail(text, `"${scheme}://" URLs are not supported (use https://, git+https://, git+ssh:// or a path)`);
  }
  const { path } = splitAuthority(ref, text);
  if (scheme === "ssh" || /\.git(?:@[^/]*)?$/.test(path.split("#")[0]!)) return parseGit(ref, text);
  if (path === "" || path === "/") throw fail(text, "the URL does not name a file");
  return { kind: "url", url: ref };
}

/** Splits "scheme://authority/path" and checks that there is a host. */
function splitAuthority(url: string, text: string): { head: string; path: string } {
  const start = url.indexOf("://") + 3;
  let end = url.length;
  for (const ch of ["/", "#", "?"]) {
    const k = url.indexOf(ch, start);
    if (k >= 0 && k < end) end = k;
  }
  const authority = url.slice(start, end);
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (host === "" || host.startsWith(":")) throw fail(text, "the URL has no host");
  return { head: url.slice(0, end), path: url.slice(end) };
}

/** "<url>[@rev][#subdirectory=sub&egg=name]" where <url> is scheme://... or scp-like user@host:path. */
function parseGit(spec: string, text: string): Reference {
  let rest = spec;
  let subdirectory: string | undefined;
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    for (const pair of rest.slice(hash + 1).split("&")) {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? "" : pair.slice(eq + 1);
      if (key === "subdirectory") {
        if (value === "") throw fail(text, "#subdirectory= is empty");
        subdirectory = value;
      }
    }
    rest = rest.slice(0, hash);
  }
  let head: string;
  let path: string;
  if (/^file:\/\//i.test(rest)) {
    // a repository on this machine: file:///abs/repo (or file://localhost/abs/repo), no host needed
    const after = rest.slice("file://".length);
    const slash = after.indexOf("/");
    const authority = slash < 0 ? after : after.slice(0, slash);
    if (authority !== "" && authority.toLowerCase() !== "localhost") throw fail(text, "a git file: URL names a path on this machine (git+file:///path/to/repo)");
    head = rest.slice(0, "file://".length + authority.length);
    path = slash < 0 ? "" : after.slice(slash);
  } else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(rest)) {
    ({ head, path } = splitAuthority(rest, text));
  } else {
    // scp-like: git@github.com:org/repo.git
    const m = /^([^@/:]+@[^/:]+):(.*)$/.exec(rest);
    if (!m || m[1]!.endsWith("@")) throw fail(text, "a git address looks like git@host:org/repo.git");
    head = `${m[1]}:`;
    path = m[2]!;
  }
  let rev: string | undefined;
  const at = path.lastIndexOf("@");
  if (at >= 0) {
    rev = path.slice(at + 1);
    path = path.slice(0, at);
    if (rev === "") throw fail(text, "nothing follows \"@\" (expected a branch, tag or commit)");
  }
  if (path === "" || path === "/") throw fail(text, "the git URL names no repository");
  const out: Reference = { kind: "git", url: head + path };
  if (rev !== undefined) out.rev = rev;
  if (subdirectory !== undefined) out.subdirectory = subdirectory;
  return out;
}

function parseExtras(list: string, text: string): string[] {
  const extras = list.split(",").map((e) => e.trim());
  for (const e of extras) if (!NAME.test(e)) throw fail(text, `"${e}" is not a valid extra name`);
  return extras;
}

function parseRegistry(body: string, text: string): { kind: "registry"; name: string; extras: string[]; constraint: string | null } {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(body);
  if (!m) throw fail(text, "it does not start with a package name");
  const name = m[1]!;
  if (!NAME.test(name)) throw fail(text, `"${name}" is not a valid package name`);
  const extras = m[2] === undefined ? [] : parseExtras(m[2], text);
  const rest = m[3]!.trim();
  let constraint: string | null;
  if (rest === "") constraint = null;
  else if (rest.startsWith("@") || rest.startsWith(":") || (rest.startsWith("=") && !rest.startsWith("=="))) {
    // Poetry keeps what follows "@" as typed: "^1.2" stays "^1.2" in pyproject.toml.
    constraint = checked(rest.slice(1).trim(), text, true);
  } else if (rest.startsWith("(")) {
    if (!rest.endsWith(")")) throw fail(text, "the \"(\" is not closed");
    constraint = normalized(rest.slice(1, -1), text);
  } else if (PEP440_OP.test(rest)) {
    // A PEP 508 specifier: stored the way Poetry prints the parsed constraint.
    constraint = normalized(rest, text);
  } else if (/^[\^~0-9*vV]/.test(rest)) {
    constraint = checked(rest, text, false);
  } else {
    throw fail(text, `cannot read "${rest}" after the package name`);
  }
  return { kind: "registry", name, extras, constraint };
}

function checked(c: string, text: string, latestAllowed: boolean): string {
  if (c === "") throw fail(text, "no version constraint follows the package name");
  if (latestAllowed && c === "latest") return "latest";
  try {
    parseConstraint(c);
  } catch (e) {
    throw fail(text, e instanceof Error ? e.message : "invalid version constraint");
  }
  return c;
}

function normalized(c: string, text: string): string {
  checked(c.trim(), text, false);
  return String(parseConstraint(c.trim()));
}
