import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { TeslaOAuthError } from './errors';
import { parseTeslaRegion, type TeslaRegion } from './regions';

export const TESLA_AUTHORIZE_URL = 'https://auth.tesla.com/oauth2/v3/authorize';
export const TESLA_TOKEN_URL = 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token';

/** `offline_access` is what yields a refresh token. */
export const DEFAULT_SCOPES: readonly string[] = [
  'openid',
  'offline_access',
  'user_data',
  'vehicle_device_data',
  'vehicle_location',
  'vehicle_cmds',
  'vehicle_charging_cmds',
];

export interface TeslaOAuthConfig {
  clientId: string;
  /** Confidential apps send it; public apps leave it out and must use PKCE. */
  clientSecret?: string;
  redirectUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** The Fleet API base URL the tokens are for. */
  audience: string;
  scopes: readonly string[];
}

export interface TeslaTokenSet {
  accessToken: string;
  refreshToken: string;
  idToken?: string;
  expiresAt: Date;
  scopes: string[];
  /** From the access token's `ou_code` claim. */
  region: TeslaRegion | null;
  /** The Tesla account (`sub` claim). */
  subject: string | null;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A PKCE verifier and its S256 challenge. 64 random bytes make 86 base64url characters (RFC 7636
 * allows 43–128): Tesla's auth server was reported to refuse the 43-character form.
 */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(64));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

export function createOAuthState(): string {
  return base64url(randomBytes(32));
}

export interface AuthorizeUrlOptions {
  state: string;
  /** S256 challenge from `createPkcePair`. */
  codeChallenge?: string;
  nonce?: string;
  locale?: string;
  prompt?: 'login';
  /** Ask again for scopes the owner declined earlier. */
  promptMissingScopes?: boolean;
  requireRequestedScopes?: boolean;
  showKeypairStep?: boolean;
}

/** Tesla's sign-in page URL: the owner types their credentials there, never into the app. */
export function buildAuthorizeUrl(cfg: TeslaOAuthConfig, o: AuthorizeUrlOptions): string {
  const url = new URL(cfg.authorizeUrl);
  const q = url.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', cfg.clientId);
  q.set('redirect_uri', cfg.redirectUri);
  q.set('scope', cfg.scopes.join(' '));
  q.set('state', o.state);
  if (o.codeChallenge !== undefined) {
    q.set('code_challenge', o.codeChallenge);
    q.set('code_challenge_method', 'S256');
  }
  if (o.nonce !== undefined) q.set('nonce', o.nonce);
  if (o.locale !== undefined) q.set('locale', o.locale);
  if (o.prompt !== undefined) q.set('prompt', o.prompt);
  if (o.promptMissingScopes !== undefined) q.set('prompt_missing_scopes', String(o.promptMissingScopes));
  if (o.requireRequestedScopes !== undefined) {
    q.set('require_requested_scopes', String(o.requireRequestedScopes));
  }
  if (o.showKeypairStep !== undefined) q.set('show_keypair_step', String(o.showKeypairStep));
  return url.toString();
}

export interface TeslaOAuthDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** How long a token request may take, answer included; default 30 s. */
  timeoutMs?: number;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  id_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/** Reads the claims worth having without verifying: the token came straight from Tesla over TLS. */
function claimsOf(accessToken: string): {
  scopes: string[] | null;
  region: TeslaRegion | null;
  subject: string | null;
} {
  try {
    const claims = decodeJwt(accessToken);
    const scp = claims.scp;
    const scopes = Array.isArray(scp)
      ? scp.filter((s): s is string => typeof s === 'string')
      : typeof scp === 'string'
        ? scp.split(' ')
        : null;
    return {
      scopes,
      region: parseTeslaRegion(claims.ou_code),
      subject: typeof claims.sub === 'string' ? claims.sub : null,
    };
  } catch {
    return { scopes: null, region: null, subject: null };
  }
}

/** The token endpoint client: code exchange, refresh, partner token (all form-encoded POSTs). */
export class TeslaOAuthClient {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly cfg: TeslaOAuthConfig,
    deps: TeslaOAuthDeps = {},
  ) {
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.now = deps.now ?? Date.now;
    this.timeoutMs = deps.timeoutMs ?? 30_000;
  }

  async exchangeCode(o: { code: string; codeVerifier?: string }): Promise<TeslaTokenSet> {
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      client_id: this.cfg.clientId,
      code: o.code,
      audience: this.cfg.audience,
      redirect_uri: this.cfg.redirectUri,
    };
    if (this.cfg.clientSecret !== undefined) form.client_secret = this.cfg.clientSecret;
    if (o.codeVerifier !== undefined) form.code_verifier = o.codeVerifier;
    return this.toTokenSet(await this.post(form, false), null);
  }

  /** Trades a (single-use) refresh token for a new token set with a NEW refresh token. */
  async refresh(refreshToken: string): Promise<TeslaTokenSet> {
    const body = await this.post(
      { grant_type: 'refresh_token', client_id: this.cfg.clientId, refresh_token: refreshToken },
      true,
    );
    return this.toTokenSet(body, refreshToken);
  }

  /**
   * The app's own token (client credentials), for partner-account calls. A partner token is good
   * for one region only: `target` names that region's Fleet API (the audience) and the token
   * endpoint that issues it (China's is `auth.tesla.cn`); without it, the configured ones.
   */
  async partnerToken(
    scopes?: string[],
    target?: { audience: string; tokenUrl: string },
  ): Promise<{ accessToken: string; expiresAt: Date }> {
    if (this.cfg.clientSecret === undefined) {
      throw new Error('A partner token needs the client secret, which is not configured');
    }
    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: this.cfg.clientId,
      client_secret: this.cfg.clientSecret,
      audience: target?.audience ?? this.cfg.audience,
    };
    if (scopes !== undefined) form.scope = scopes.join(' ');
    const { accessToken, expiresAt } = this.toTokenSet(await this.post(form, false, target?.tokenUrl), null);
    return { accessToken, expiresAt };
  }

  private async post(
    form: Record<string, string>,
    isRefresh: boolean,
    tokenUrl: string = this.cfg.tokenUrl,
  ): Promise<TokenResponse> {
    // A token endpoint that never answers must not hold a refresh (and the connection's lease)
    // for ever: the request and the reading of its answer are bounded. A refresh cut off this way
    // is retryable like any network failure; if Tesla had already rotated the token, the retry's
    // invalid_grant asks the owner to reconnect.
    const signal = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal,
      });
      text = await res.text();
    } catch (cause) {
      if (signal.aborted) {
        throw new TeslaOAuthError(
          0,
          'timeout',
          `the token endpoint did not answer within ${String(this.timeoutMs)} ms`,
          false,
          { cause },
        );
      }
      throw new TeslaOAuthError(0, 'network_error', 'the token endpoint could not be reached', false, {
        cause,
      });
    }
    const body = parseJson(text);
    const obj = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (!res.ok) {
      const error = typeof obj.error === 'string' ? obj.error : null;
      const description =
        typeof obj.error_description === 'string' ? redact(obj.error_description, form) : null;
      // A dead refresh token (revoked consent, expired, or already used) cannot be retried away.
      const dead =
        isRefresh && (error === 'invalid_grant' || error === 'login_required' || res.status === 401);
      throw new TeslaOAuthError(res.status, error, description, dead);
    }
    if (typeof obj.access_token !== 'string') {
      throw new TeslaOAuthError(res.status, 'invalid_response', 'no access_token in the response', false);
    }
    return obj;
  }

  private toTokenSet(r: TokenResponse, previousRefreshToken: string | null): TeslaTokenSet {
    const accessToken = r.access_token as string;
    const expiresIn = typeof r.expires_in === 'number' ? r.expires_in : Number(r.expires_in ?? 0);
    const claims = claimsOf(accessToken);
    const scopes =
      claims.scopes ??
      (typeof r.scope === 'string' ? r.scope.split(' ').filter(Boolean) : [...this.cfg.scopes]);
    return {
      accessToken,
      // Tesla always rotates; keeping the old one is only a fallback for a response without one.
      refreshToken: typeof r.refresh_token === 'string' ? r.refresh_token : (previousRefreshToken ?? ''),
      ...(typeof r.id_token === 'string' ? { idToken: r.id_token } : {}),
      expiresAt: new Date(this.now() + (Number.isFinite(expiresIn) ? expiresIn : 0) * 1000),
      scopes,
      region: claims.region,
      subject: claims.subject,
    };
  }
}

/** Token endpoints sometimes echo what they were sent; never let a secret reach an error message. */
function redact(text: string, form: Record<string, string>): string {
  let out = text;
  for (const key of ['refresh_token', 'code', 'client_secret', 'code_verifier']) {
    const secret = form[key];
    if (secret) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
