/** The publisher: upload the current version's sdist and wheels to a legacy-upload repository. */
import { readFileSync } from "node:fs";
import type { Config } from "../project/index.ts";
import { TransportSettings } from "../index/index.ts";
import { findArtifacts, type Artifact } from "./artifacts.ts";
import { resolveCredentials, resolveRepository, type Prompter, type Repository } from "./credentials.ts";
import { PublishConfigError } from "./errors.ts";
import { uploadForm } from "./form.ts";
import { uploadFile, type UploadOutcome } from "./upload.ts";

export { AuthenticationError, MissingCredentialsError, PublishConfigError, UploadNetworkError, UploadRejectedError } from "./errors.ts";
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
  readonly onFile?: (artifact: Artifact, phase: "start" | UploadOutcome | "dry-run") => void;
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
  const credentials = options.dryRun
    ? null
    : await resolveCredentials(options.config, repository, { username: options.username, password: options.password, prompter: options.prompter });
  const configured = options.config.certificates(repository.name);
  const cert = options.cert ?? configured.cert;
  const clientCert = options.clientCert ?? configured.clientCert;
  const transport = new TransportSettings({
    env: options.env,
    certificates: { [repository.name]: { ...(cert === null ? {} : { cert }), ...(clientCert === null ? {} : { clientCert }) } },
  }).optionsFor(parseUrl(repository), repository.name);
  const files: { artifact: Artifact; outcome: UploadOutcome | "dry-run" }[] = [];
  for (const artifact of artifacts) {
    options.onFile?.(artifact, "start");
    const form = uploadForm(artifact, readFileSync(artifact.path));
    let outcome: UploadOutcome | "dry-run" = "dry-run";
    if (credentials !== null) {
      outcome = await uploadFile(repository, credentials, form, { skipExisting: options.skipExisting, transport, backoffMs: options.backoffMs });
    }
    options.onFile?.(artifact, outcome);
    files.push({ artifact, outcome });
  }
  return { repository, files };
}

function parseUrl(repo: Repository): URL {
  try {
    return new URL(repo.url);
  } catch {
    throw new PublishConfigError(`the URL of repository ${repo.name} is not valid: ${repo.url}`, `Fix it with \`verse config repositories.${repo.name} <url>\`.`);
  }
}
