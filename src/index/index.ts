/**
 * Package sources: the public surface of src/index.
 *
 *   const client = new IndexClient({ sources: [{ name: "internal", url: "https://pkgs.example/simple/" }],
 *                                    cacheDir: userCacheDir() });
 *   const page = await client.getPage("requests");            // files merged over sources (Poetry priorities)
 *   const meta = await client.getMetadata(page.files[0]!);    // PEP 658 → range reads → whole file; cached by hash
 *   const path = await client.download(file, lockedHashes);   // verified, content-addressed in the cache
 *   const dir  = await client.unpackedWheel(file);            // unpacked once, ready to link
 *
 * getPage(name, source?)   all files of a project: the named source alone, else every primary
 *                          source merged (implicit PyPI when none is configured), else the first
 *                          supplemental source that has it; PackageNotFoundError otherwise.
 * getMetadata(file)        ParsedMetadata (src/standards/metadata.ts). MetadataUnavailableError
 *                          for an sdist whose PKG-INFO is unreliable (needs a build).
 * download(file, hashes?)  the path of the verified file (HashMismatchError, NetworkError).
 * Offline (`offline: true`) answers from the cache only (OfflineError says what is missing);
 * when a source is unreachable, a cached page is used and `onWarning` is told.
 * Errors: NetworkError (exit 4) and its subclasses HttpStatusError, AuthenticationError (401/403,
 * names the source, never the credentials), OfflineError; HashMismatchError; SourceConfigError.
 */
export { IndexClient, type IndexClientOptions } from "./client.ts";
export type { PackageFile, PackagePage } from "./types.ts";
export { resolveSources, searchOrder, PYPI_SIMPLE_URL, type Priority, type Source, type SourceConfig, type SourceKind } from "./sources.ts";
export { Authenticator, parseNetrc, redactUrl, type AuthConfig, type Credentials } from "./auth.ts";
export { TransportSettings, bypassProxy, type TlsConfig } from "./tls.ts";
export { HttpClient, type HttpOptions } from "./http.ts";
export { parseHtmlPage } from "./simple-html.ts";
export { parseJsonPage, JSON_PAGE_TYPE } from "./simple-json.ts";
export { scanFindLinksDir, parseLinksPage } from "./links.ts";
export { fileVersionText } from "./page-versions.ts";
export { sdistMetadata, wheelMetadata, type MetadataRoute } from "./metadata.ts";
export {
  AuthenticationError,
  HashMismatchError,
  HttpStatusError,
  InvalidIndexResponse,
  MetadataUnavailableError,
  NetworkError,
  OfflineError,
  PackageNotFoundError,
  SourceConfigError,
} from "./errors.ts";
