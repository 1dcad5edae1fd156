/**
 * Trusted publishing (PyPI's OIDC token exchange) from GitHub Actions, as uv and
 * pypa/gh-action-pypi-publish do it:
 *   1. GET <index>/_/oidc/audience                     → {"audience": "pypi"}
 *   2. GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…   (bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN)
 *                                                      → {"value": "<OIDC token>"}
 *   3. POST <index>/_/oidc/mint-token {"token": …}     → {"token": "<short-lived API token>"}
 * and the upload then authenticates as `__token__` with the minted token. `<index>` is the
 * upload URL's origin, except that upload.pypi.org's endpoints live on pypi.org.
 * `auto` (the default) tries it only on GitHub Actions when no credentials are configured;
 * `always` fails when it cannot; `never` skips it. No token ever appears in a message.
 */
import type { Credentials, Repository } from "./credentials.ts";
import { PublishConfigError, TrustedPublishingError } from "./errors.ts";

export type TrustedPublishing = "auto" | "always" | "never";

export function parseTrustedPublishing(value: string | null): TrustedPublishing {
  if (value === null) return "auto";
  if (value === "auto" || value === "always" || value === "never") return value;
  throw new PublishConfigError(`invalid --trusted-publishing value ${JSON.stringify(value)}`, "Use auto, always or never.");
}

export function onGitHubActions(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** Where a repository's OIDC endpoints are (`/_/oidc/...` on this origin). */
export function oidcBase(repo: Repository): string {
  const url = new URL(repo.url);
  if (url.hostname === "upload.pypi.org") return "https://pypi.org";
  return url.origin;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ExchangeOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** TLS/proxy options of the repository (Bun fetch's extra fields). */
  readonly transport: object;
  readonly fetch?: Fetch;
}

async function jsonOf(res: Response, what: string, repo: Repository): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new TrustedPublishingError(`trusted publishing to repository ${repo.name}: ${what} answered HTTP ${res.status} with something that is not JSON`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new TrustedPublishingError(`trusted publishing to repository ${repo.name}: ${what} answered HTTP ${res.status} with unexpected JSON`);
  return body as Record<string, unknown>;
}

/** The index's reasons for refusing to mint a token (`errors: [{code, description}]`). */
function mintErrors(body: Record<string, unknown>): string {
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const lines = errors.map((e) => {
    const r = e !== null && typeof e === "object" ? (e as Record<string, unknown>) : {};
    return `${typeof r.code === "string" ? `${r.code}: ` : ""}${typeof r.description === "string" ? r.description : JSON.stringify(e)}`;
  });
  const message = typeof body.message === "string" ? body.message : "the token request was refused";
  return lines.length > 0 ? `${message} (${lines.join("; ")})` : message;
}

async function call(f: Fetch, url: string, init: RequestInit, what: string, repo: Repository): Promise<Response> {
  try {
    return await f(url, init);
  } catch (e) {
    throw new TrustedPublishingError(`trusted publishing to repository ${repo.name}: could not reach ${what}: ${(e as Error).message}`);
  }
}

/** Run the exchange; resolves with the credentials to upload with. */
export async function exchangeToken(repo: Repository, o: ExchangeOptions): Promise<Credentials> {
  const f: Fetch = o.fetch ?? ((url, init) => fetch(url, init));
  const requestUrl = o.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = o.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) {
    throw new TrustedPublishingError("trusted publishing needs an OIDC token, but ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set", {
      hint: "Give the GitHub Actions job the `id-token: write` permission (under `permissions:`), or pass credentials instead.",
    });
  }
  const base = oidcBase(repo);
  const headers = { "user-agent": "verse", accept: "application/json" };

  const audienceRes = await call(f, `${base}/_/oidc/audience`, { headers, ...o.transport }, `${base}/_/oidc/audience`, repo);
  if (!audienceRes.ok) {
    throw new TrustedPublishingError(`repository ${repo.name} does not support trusted publishing: ${base}/_/oidc/audience answered HTTP ${audienceRes.status}`);
  }
  const audience = (await jsonOf(audienceRes, "the audience endpoint", repo)).audience;
  if (typeof audience !== "string" || audience === "") throw new TrustedPublishingError(`trusted publishing to repository ${repo.name}: the audience endpoint named no audience`);

  let tokenUrl: URL;
  try {
    tokenUrl = new URL(requestUrl);
  } catch {
    throw new TrustedPublishingError("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL");
  }
  tokenUrl.searchParams.set("audience", audience);
  const oidcRes = await call(f, tokenUrl.href, { headers: { ...headers, authorization: `bearer ${requestToken}` } }, "the GitHub Actions OIDC token endpoint", repo);
  if (!oidcRes.ok) {
    throw new TrustedPublishingError(`trusted publishing to repository ${repo.name}: GitHub Actions refused an OIDC token (HTTP ${oidcRes.status})`, {
      hint: "Check that the job has the `id-token: write` permission.",
    });
  }
  const oidcToken = (await jsonOf(oidcRes, "the GitHub Actions OIDC token endpoint", repo)).value;
  if (typeof oidcToken !== "string" || oidcToken === "") throw new TrustedPublishingError(`trusted publishing to repository ${repo.name}: GitHub Actions returned no OIDC token`);

  const mintRes = await call(
    f,
    `${base}/_/oidc/mint-token`,
    { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ token: oidcToken }), ...o.transport },
    `${base}/_/oidc/mint-token`,
    repo,
  );
  const minted = await jsonOf(mintRes, "the mint-token endpoint", repo);
  if (!mintRes.ok || typeof minted.token !== "string" || minted.token === "") {
    throw new TrustedPublishingError(`repository ${repo.name} refused to mint an upload token (HTTP ${mintRes.status}): ${mintErrors(minted)}`, {
      hint: `Check the trusted publisher configured for this project on ${base} (repository, workflow file and environment must match this run).`,
    });
  }
  return { username: "__token__", password: minted.token };
}
