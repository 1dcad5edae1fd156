/** The publisher: upload the current version's sdist and wheels to a legacy-upload repository. */
import { readFileSync } from "node:fs";
import type { Config } from "../project/core.ts";
import { TransportSettings } from "../index/index.ts";
import { findArtifacts, type Artifact } from "./artifacts.ts";
import { resolveCredentials, resolveRepository, type Credentials, type Prompter, type Repository } from "./credentials.ts";
import { PublishConfigError } from "./errors.ts";
import { uploadForm } from "./form.ts";
import { exchangeToken, onGitHubActions, type TrustedPublishing } from "./trusted.ts";
import { uploadFile, type UploadOutcome } from "./upload.ts";
import { TrustedPublishingError } from "./errors.ts";

export { AuthenticationError, MissingCredentialsError, PublishConfigError, TrustedPublishingError, UploadNetworkError, UploadRejectedError } from "./errors.ts";
export { parseTrustedPublishing, exchangeToken, oidcBase, type TrustedPublishing } from "./trusted.ts";
export { UploadProgress, formatBytes, type ProgressStream } from "./progress.ts";
export { findArtifacts, type Artifact } from "./artifacts.ts";
export { uploadForm, readArtifactMetadata, type UploadForm } from "./form.ts";
export { resolveRepository, resolveCredentials, PYPI_UPLOAD_URL, type Repository, type Credentials, type Prompter } from "./credentials.ts";
export { terminalPrompter } from "./prompt.ts";

export interface PublishOptions {
  readonly config: Config;
  readonly name: string;
  readonly version: string;
  readonly distDir: string;
  readonly repository: string | null;
  readonly username: string | null;
  readonly password: string | null;
  readonly cert: string | null;
  readonly clientCert: string | null;
  readonly dryRun: boolean;
  readonly skipExisting: boolean;
  readonly prompter: Prompter | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `auto`: OIDC on GitHub Actions when no credentials are configured; `always`; `never`. */
  readonly trustedPublishing?: TrustedPublishing;
  readonly onFile?: (artifact: Artifact, phase: "start" | UploadOutcome | "dry-run", size: number) => void;
  /** Bytes of the current file's request sent so far. */
  readonly onProgress?: (artifact: Artifact, sent: number, total: number) => void;
  /** A non-fatal problem (auto trusted publishing that did not work out). */
  readonly onWarning?: (text: string) => void;
  /** Told when the upload authenticates with a token minted through trusted publishing. */
  readonly onTrusted?: () => void;
  /** Back-off between retries in ms (tests shorten it). */
  readonly backoffMs?: number;
}

export interface PublishResult {
  readonly repository: Repository;
  readonly files: readonly { readonly artifact: Artifact; readonly outcome: UploadOutcome | "dry-run" }[];
}

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const repository = resolveRepository(options.config, options.repository);
  const artifacts = findArtifacts(options.distDir, options.name, options.version);
  const configured = options.config.certificates(repository.name);
  const cert = options.cert ?? configured.cert;
  const clientCert = options.clientCert ?? configured.clientCert;
  const transport = new TransportSettings({
    env: options.env,
    certificates: { [repository.name]: { ...(cert === null ? {} : { cert }), ...(clientCert === null ? {} : { clientCert }) } },
  }).optionsFor(parseUrl(repository), repository.name);
  const credentials = options.dryRun ? null : await credentialsFor(options, repository, transport);
  const files: { artifact: Artifact; outcome: UploadOutcome | "dry-run" }[] = [];
  for (const artifact of artifacts) {
    const bytes = readFileSync(artifact.path);
    options.onFile?.(artifact, "start", bytes.length);
    const form = uploadForm(artifact, bytes);
    let outcome: UploadOutcome | "dry-run" = "dry-run";
    if (credentials !== null) {
      const onProgress = options.onProgress;
      outcome = await uploadFile(repository, credentials, form, {
        skipExisting: options.skipExisting,
        transport,
        backoffMs: options.backoffMs,
        ...(onProgress === undefined ? {} : { onProgress: (sent: number, total: number) => onProgress(artifact, sent, total) }),
      });
    }
    options.onFile?.(artifact, outcome, bytes.length);
    files.push({ artifact, outcome });
  }
  return { repository, files };
}

/** Credentials configured for the repository (options, token, http-basic), without asking. */
function hasConfiguredCredentials(o: PublishOptions, repo: Repository): boolean {
  return o.username !== null || o.password !== null || o.config.pypiToken(repo.name) !== null || o.config.httpBasic(repo.name) !== null;
}

async function credentialsFor(o: PublishOptions, repo: Repository, transport: object): Promise<Credentials> {
  const mode = o.trustedPublishing ?? "auto";
  const tryTrusted = mode === "always" || (mode === "auto" && onGitHubActions(o.env) && !hasConfiguredCredentials(o, repo));
  if (tryTrusted) {
    try {
      const minted = await exchangeToken(repo, { env: o.env, transport });
      o.onTrusted?.();
      return minted;
    } catch (e) {
      if (mode === "always" || !(e instanceof TrustedPublishingError)) throw e;
      o.onWarning?.(`Trusted publishing was not possible (${e.message}); falling back to configured credentials.`);
    }
  }
  return resolveCredentials(o.config, repo, { username: o.username, password: o.password, prompter: o.prompter });
}

function parseUrl(repo: Repository): URL {
  try {
    return new URL(repo.url);
  } catch {
    throw new PublishConfigError(`the URL of repository ${repo.name} is not valid: ${repo.url}`, `Fix it with \`verse config repositories.${repo.name} <url>\`.`);
  }
}
