/**
 * The repository to publish to and the credentials for it, as Poetry finds them: `-u/-p`, then
 * `pypi-token.<name>` (sent as user `__token__`), then `http-basic.<name>`; the environment
 * variables POETRY_PYPI_TOKEN_<NAME> and POETRY_HTTP_BASIC_<NAME>_USERNAME/_PASSWORD arrive
 * through the config layer. With none, an interactive terminal is asked (the password hidden);
 * otherwise the command fails naming the settings to make.
 */
import { envSuffix, type Config } from "../project/core.ts";
import { MissingCredentialsError, PublishConfigError } from "./errors.ts";

export const PYPI_UPLOAD_URL = "https://upload.pypi.org/legacy/";

export interface Repository {
  readonly name: string;
  readonly url: string;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export function resolveRepository(config: Config, name: string | null): Repository {
  const chosen = name ?? "pypi";
  if (chosen === "pypi") return { name: "pypi", url: PYPI_UPLOAD_URL };
  const url = config.repositories()[chosen];
  if (url === undefined) {
    throw new PublishConfigError(`repository ${chosen} is not defined`, `Add it with \`verse config repositories.${chosen} <upload url>\`.`);
  }
  return { name: chosen, url };
}

/** Asks the user; null when no terminal can be asked. */
export interface Prompter {
  ask(question: string): Promise<string>;
  askHidden(question: string): Promise<string>;
}

export interface CredentialOptions {
  readonly username: string | null;
  readonly password: string | null;
  /** null when the session is not interactive. */
  readonly prompter: Prompter | null;
}

function missing(repo: Repository): MissingCredentialsError {
  const env = envSuffix(repo.name);
  return new MissingCredentialsError(`no credentials for repository ${repo.name} (${repo.url})`, {
    hint:
      `Set an API token with \`verse config pypi-token.${repo.name} <token>\` or POETRY_PYPI_TOKEN_${env}, ` +
      `or a username and password with \`verse config http-basic.${repo.name} <username> <password>\` or ` +
      `POETRY_HTTP_BASIC_${env}_USERNAME / POETRY_HTTP_BASIC_${env}_PASSWORD, or pass -u/-p.`,
  });
}

export async function resolveCredentials(config: Config, repo: Repository, options: CredentialOptions): Promise<Credentials> {
  let username = options.username;
  let password = options.password;
  if (username === null && password === null) {
    const token = config.pypiToken(repo.name);
    if (token !== null) return { username: "__token__", password: token };
    const basic = config.httpBasic(repo.name);
    if (basic !== null) {
      username = basic.username;
      password = basic.password;
    }
  }
  if (username === null) {
    if (options.prompter === null) throw missing(repo);
    username = await options.prompter.ask("Username: ");
  }
  if (password === null) {
    if (options.prompter === null) throw missing(repo);
    password = await options.prompter.askHidden("Password: ");
  }
  return { username, password };
}
