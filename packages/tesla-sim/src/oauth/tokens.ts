import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import type { SimClock } from '../clock';
import type { SimAccount } from '../fleet/seed';
import type { Region } from '../fleet/vehicle-model';

export const KNOWN_SCOPES = [
  'openid',
  'offline_access',
  'user_data',
  'vehicle_device_data',
  'vehicle_location',
  'vehicle_cmds',
  'vehicle_charging_cmds',
  'energy_device_data',
  'energy_cmds',
] as const;
export const ALL_USER_SCOPES = KNOWN_SCOPES.filter((s) => !s.startsWith('energy'));

const CODE_TTL_MS = 10 * 60_000;
const REFRESH_TTL_MS = 90 * 86_400_000;

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Redirect URIs allowed besides any http://127.0.0.1:* or http://localhost:* URI. */
  redirectUris: string[];
}

/** An OAuth failure, with the status and `error` code the token endpoint answers with. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

interface Grant {
  id: string;
  account: SimAccount;
  clientId: string;
  scopes: string[];
  revoked: boolean;
}

interface PendingCode {
  grantAccount: SimAccount;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  challenge?: string;
  expiresAtMs: number;
  used: boolean;
}

export type AccessCheck =
  | { ok: true; kind: 'user'; account: SimAccount; scopes: string[]; clientId: string }
  | { ok: true; kind: 'partner'; scopes: string[]; clientId: string; audiences: string[] }
  | { ok: false; reason: string };

const token = (prefix: string): string => `${prefix}${randomBytes(24).toString('hex')}`;
const ouCode = (r: Region): string => r.toUpperCase();

export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost') && !u.hash;
  } catch {
    return false;
  }
}

export interface TokenState {
  privateJwk: JWK;
  publicJwk: JWK;
  kid: string;
  grants: { id: string; email: string; clientId: string; scopes: string[]; revoked: boolean }[];
  refreshTokens: [string, { grantId: string; used: boolean; expiresAtMs: number }][];
  accessTokens: [string, { grantId: string | null }][];
}

/** Authorization codes, grants, refresh-token rotation and JWT access tokens. */
export class TokenService {
  private readonly codes = new Map<string, PendingCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, { grantId: string; used: boolean; expiresAtMs: number }>();
  /** jti → what the access token stands for; a revoked grant turns its tokens off. */
  private readonly accessTokens = new Map<string, { grantId: string | null }>();
  private keys!: { privateKey: CryptoKey; publicKey: CryptoKey; kid: string };

  constructor(
    private readonly o: {
      clock: SimClock;
      /** Known only once the server listens (port 0), hence functions. */
      urls: { issuer(): string; audiences(): string[]; region(r: Region): string };
      accessTokenTtlSeconds: number;
      client: OAuthClient;
    },
  ) {}

  async init(saved?: TokenState, accountOf?: (email: string) => SimAccount | undefined): Promise<void> {
    if (saved && accountOf) {
      this.keys = {
        privateKey: (await importJWK(saved.privateJwk, 'ES256', { extractable: true })) as CryptoKey,
        publicKey: (await importJWK(saved.publicJwk, 'ES256', { extractable: true })) as CryptoKey,
        kid: saved.kid,
      };
      for (const g of saved.grants) {
        const account = accountOf(g.email);
        if (account)
          this.grants.set(g.id, {
            id: g.id,
            account,
            clientId: g.clientId,
            scopes: g.scopes,
            revoked: g.revoked,
          });
      }
      for (const [token, entry] of saved.refreshTokens) this.refreshTokens.set(token, entry);
      for (const [jti, entry] of saved.accessTokens) this.accessTokens.set(jti, entry);
      return;
    }
    const pair = await generateKeyPair('ES256', { extractable: true });
    this.keys = { ...pair, kid: randomBytes(8).toString('hex') };
  }

  /** Keys, grants and tokens, so a simulator restarted on the same port honours what it issued. */
  async exportState(): Promise<TokenState> {
    return {
      privateJwk: await exportJWK(this.keys.privateKey),
      publicJwk: await exportJWK(this.keys.publicKey),
      kid: this.keys.kid,
      grants: [...this.grants.values()].map((g) => ({
        id: g.id,
        email: g.account.email,
        clientId: g.clientId,
        scopes: g.scopes,
        revoked: g.revoked,
      })),
      refreshTokens: [...this.refreshTokens.entries()],
      accessTokens: [...this.accessTokens.entries()],
    };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.keys.publicKey);
    return { keys: [{ ...jwk, kid: this.keys.kid, alg: 'ES256', use: 'sig' }] };
  }

  get client(): OAuthClient {
    return this.o.client;
  }

  isAllowedRedirect(uri: string): boolean {
    return this.o.client.redirectUris.includes(uri) || isLoopbackRedirect(uri);
  }

  createCode(p: Omit<PendingCode, 'expiresAtMs' | 'used'>): string {
    const code = token(`${ouCode(p.grantAccount.region)}_`);
    this.codes.set(code, { ...p, expiresAtMs: this.o.clock.nowMs() + CODE_TTL_MS, used: false });
    return code;
  }

  async exchangeCode(p: {
    client_id?: string;
    client_secret?: string;
    code?: string;
    redirect_uri?: string;
    code_verifier?: string;
    audience?: string;
  }): Promise<TokenResponse> {
    this.checkClient(p.client_id, p.client_secret);
    this.checkAudience(p.audience);
    const pending = p.code ? this.codes.get(p.code) : undefined;
    if (!pending || pending.used || pending.expiresAtMs < this.o.clock.nowMs())
      throw new OAuthError(
        400,
        'invalid_grant',
        'The authorization code is invalid, expired or already used.',
      );
    // Single use, even when this attempt fails below: a leaked code is worth one try.
    pending.used = true;
    if (pending.clientId !== p.client_id || pending.redirectUri !== p.redirect_uri)
      throw new OAuthError(400, 'invalid_grant', 'The code was issued to another client or redirect_uri.');
    if (pending.challenge !== undefined) {
      const computed = p.code_verifier
        ? createHash('sha256').update(p.code_verifier).digest('base64url')
        : undefined;
      if (computed !== pending.challenge)
        throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed: code_verifier does not match.');
    } else if (!p.client_secret) {
      throw new OAuthError(
        401,
        'invalid_client',
        'client_secret is required when no PKCE challenge was sent.',
      );
    }
    const grant = this.newGrant(pending.grantAccount, pending.clientId, pending.scopes);
    return this.issue(grant, { nonce: pending.nonce });
  }

  async refresh(p: { client_id?: string; refresh_token?: string }): Promise<TokenResponse> {
    if (p.client_id !== this.o.client.clientId)
      throw new OAuthError(401, 'invalid_client', 'Unknown client_id.');
    const entry = p.refresh_token ? this.refreshTokens.get(p.refresh_token) : undefined;
    const grant = entry && this.grants.get(entry.grantId);
    if (!entry || !grant || grant.revoked)
      throw new OAuthError(401, 'invalid_grant', 'The refresh_token is invalid or its consent was revoked.');
    if (entry.used) throw new OAuthError(401, 'invalid_grant', 'The refresh_token has already been used.');
    if (entry.expiresAtMs < this.o.clock.nowMs())
      throw new OAuthError(401, 'invalid_grant', 'The refresh_token has expired.');
    entry.used = true;
    return this.issue(grant, {});
  }

  /**
   * A partner token, good for ONE region: its `aud` is the audience asked for. As at Tesla, the
   * global token endpoint does not issue China's audience and China's (`auth.tesla.cn`) issues
   * nothing else.
   */
  async clientCredentials(
    p: {
      client_id?: string;
      client_secret?: string;
      audience?: string;
      scope?: string;
    },
    endpoint: 'global' | 'cn' = 'global',
  ): Promise<TokenResponse> {
    if (!p.client_secret) throw new OAuthError(401, 'invalid_client', 'client_secret is required.');
    this.checkClient(p.client_id, p.client_secret);
    if (!p.audience) throw new OAuthError(400, 'invalid_request', 'audience is required.');
    this.checkAudience(p.audience);
    const audience = p.audience.replace(/\/$/, '');
    if ((audience === this.o.urls.region('cn')) !== (endpoint === 'cn'))
      throw new OAuthError(400, 'invalid_request', 'Invalid resource');
    const scopes = (p.scope ?? 'openid vehicle_device_data vehicle_cmds vehicle_charging_cmds')
      .split(' ')
      .filter((s) => (KNOWN_SCOPES as readonly string[]).includes(s));
    const jti = randomBytes(12).toString('hex');
    this.accessTokens.set(jti, { grantId: null });
    const access = await this.sign(
      { sub: this.o.client.clientId, scp: scopes, jti },
      this.o.accessTokenTtlSeconds,
      [audience],
    );
    return { access_token: access, expires_in: this.o.accessTokenTtlSeconds, token_type: 'Bearer' };
  }

  /** The test shortcut: tokens for an account without the browser sign-in. */
  async issueDirect(account: SimAccount, scopes: string[], ttlSeconds?: number): Promise<TokenResponse> {
    return this.issue(this.newGrant(account, this.o.client.clientId, scopes), { ttlSeconds });
  }

  revokeAccount(email: string): void {
    for (const grant of this.grants.values()) if (grant.account.email === email) grant.revoked = true;
  }

  async verifyAccess(bearer: string): Promise<AccessCheck> {
    let payload;
    try {
      ({ payload } = await jwtVerify(bearer, this.keys.publicKey, {
        issuer: this.o.urls.issuer(),
        currentDate: this.o.clock.now(),
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return { ok: false, reason: expired ? 'token expired' : 'invalid bearer token' };
    }
    const entry = typeof payload.jti === 'string' ? this.accessTokens.get(payload.jti) : undefined;
    if (!entry) return { ok: false, reason: 'invalid bearer token' };
    const scopes = Array.isArray(payload.scp) ? payload.scp.map(String) : [];
    if (entry.grantId === null) {
      const aud = payload.aud;
      const audiences = Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : [];
      return { ok: true, kind: 'partner', scopes, clientId: this.o.client.clientId, audiences };
    }
    const grant = this.grants.get(entry.grantId);
    if (!grant || grant.revoked) return { ok: false, reason: 'login_required: the owner revoked consent' };
    return { ok: true, kind: 'user', account: grant.account, scopes: grant.scopes, clientId: grant.clientId };
  }

  private checkClient(clientId: string | undefined, secret: string | undefined): void {
    if (clientId !== this.o.client.clientId)
      throw new OAuthError(401, 'invalid_client', 'Unknown client_id.');
    if (secret !== undefined && secret !== this.o.client.clientSecret)
      throw new OAuthError(401, 'invalid_client', 'client_secret does not match.');
  }

  private checkAudience(audience: string | undefined): void {
    if (
      audience !== undefined &&
      audience !== '' &&
      !this.o.urls.audiences().includes(audience.replace(/\/$/, ''))
    )
      throw new OAuthError(400, 'invalid_request', `Unknown audience ${audience}.`);
  }

  private newGrant(account: SimAccount, clientId: string, scopes: string[]): Grant {
    const grant: Grant = { id: randomBytes(8).toString('hex'), account, clientId, scopes, revoked: false };
    this.grants.set(grant.id, grant);
    return grant;
  }

  private async issue(grant: Grant, o: { nonce?: string; ttlSeconds?: number }): Promise<TokenResponse> {
    const ttl = o.ttlSeconds ?? this.o.accessTokenTtlSeconds;
    const jti = randomBytes(12).toString('hex');
    this.accessTokens.set(jti, { grantId: grant.id });
    const access = await this.sign(
      {
        sub: grant.account.userId,
        scp: grant.scopes,
        ou_code: ouCode(grant.account.region),
        azp: grant.clientId,
        jti,
      },
      ttl,
    );
    const response: TokenResponse = { access_token: access, expires_in: ttl, token_type: 'Bearer' };
    if (grant.scopes.includes('offline_access')) {
      const refresh = token(`${ouCode(grant.account.region)}_`);
      this.refreshTokens.set(refresh, {
        grantId: grant.id,
        used: false,
        expiresAtMs: this.o.clock.nowMs() + REFRESH_TTL_MS,
      });
      response.refresh_token = refresh;
    }
    if (grant.scopes.includes('openid')) {
      const nowS = Math.floor(this.o.clock.nowMs() / 1000);
      response.id_token = await new SignJWT({
        email: grant.account.email,
        email_verified: true,
        name: grant.account.name,
        auth_time: nowS,
        ...(o.nonce ? { nonce: o.nonce } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', kid: this.keys.kid, typ: 'JWT' })
        .setIssuer(this.o.urls.issuer())
        .setSubject(grant.account.userId)
        .setAudience(grant.clientId)
        .setIssuedAt(nowS)
        .setExpirationTime(nowS + ttl)
        .sign(this.keys.privateKey);
    }
    return response;
  }

  private async sign(
    claims: Record<string, unknown>,
    ttlSeconds: number,
    audiences: string[] = this.o.urls.audiences(),
  ): Promise<string> {
    const nowS = Math.floor(this.o.clock.nowMs() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.keys.kid, typ: 'JWT' })
      .setIssuer(this.o.urls.issuer())
      .setAudience(audiences)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ttlSeconds)
      .sign(this.keys.privateKey);
  }
}
