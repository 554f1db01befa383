import { randomUUID } from 'node:crypto';
import { ProblemTypes, type ProblemType } from '@cybertacotruck/contracts';
import { DomainError, NotFoundError, type Logger, type SecretBox } from '@cybertacotruck/platform';
import {
  FleetApiClient,
  TeslaOAuthError,
  buildAuthorizeUrl,
  createOAuthState,
  createPkcePair,
  type TeslaTokenSet,
} from '@cybertacotruck/tesla';
import type { TeslaRuntime } from '../tesla/tesla-runtime';
import type { ConnectionRecord, ConnectionsRepository } from './connections.repository';
import type { SealedTokenStore } from './token-store';

const STATE_TTL_MS = 10 * 60_000;

/** A sign-in that cannot complete; nothing was stored. `reason` is shown to the operator. */
export class TeslaSignInError extends DomainError {
  constructor(type: ProblemType, detail: string) {
    super(type, 400, 'Tesla sign-in failed', detail);
  }
}

export const connectionNotFound = (id: string): NotFoundError =>
  new NotFoundError(`No Tesla connection ${id}.`, ProblemTypes.teslaConnectionNotFound);

export interface ConnectionView extends ConnectionRecord {
  vehicleCount: number;
}

/** Brings a newly connected account's vehicles into the fleet (the fleet sync does). */
export interface VehicleImporter {
  importVehicles(connection: ConnectionRecord, now: Date): Promise<{ imported: number }>;
}

/** Connecting Tesla accounts: the OAuth code flow with single-use state and PKCE, then the import. */
export class TeslaConnectionsService {
  constructor(
    private readonly runtime: TeslaRuntime,
    private readonly connections: ConnectionsRepository,
    private readonly secrets: { box: SecretBox; store: SealedTokenStore },
    private readonly importer: VehicleImporter,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Tesla itself, or a simulator standing in (the operator's screen says which). */
  get mode(): 'tesla' | 'simulator' {
    return this.runtime.mode;
  }

  async list(): Promise<ConnectionView[]> {
    const [rows, counts] = await Promise.all([this.connections.list(), this.connections.vehicleCounts()]);
    return rows.map((r) => ({ ...r, vehicleCount: counts.get(r.id) ?? 0 }));
  }

  async get(id: string): Promise<ConnectionRecord> {
    const connection = await this.connections.findById(id);
    if (!connection) throw connectionNotFound(id);
    return connection;
  }

  /** What the sync worker walks each tick (no vehicle counts needed). */
  async connected(): Promise<ConnectionRecord[]> {
    return (await this.connections.list()).filter((c) => c.status === 'connected');
  }

  /**
   * Where to send the operator's browser. PKCE is used always (Tesla supports it for every app).
   * `requestRedirectUri` is this app's callback at the address the operator uses; a redirect URI
   * registered with Tesla (TESLA_REDIRECT_URI) wins over it.
   */
  async beginSignIn(
    requestRedirectUri: string,
  ): Promise<{ authorizeUrl: string; mode: 'tesla' | 'simulator' }> {
    const oauth = await this.runtime.oauthConfig();
    const redirectUri = (await this.runtime.endpoints()).redirectUri ?? requestRedirectUri;
    const state = createOAuthState();
    const pkce = createPkcePair();
    await this.connections.purgeExpiredStates(this.now());
    await this.connections.saveState({
      state,
      codeVerifierSealed: this.secrets.box.seal(pkce.verifier, 'tesla_oauth_state'),
      redirectUri,
      expiresAt: new Date(this.now().getTime() + STATE_TTL_MS),
    });
    const authorizeUrl = buildAuthorizeUrl(
      { ...oauth, redirectUri },
      { state, codeChallenge: pkce.challenge },
    );
    return { authorizeUrl, mode: this.runtime.mode };
  }

  /**
   * Tesla's redirect back. The state is consumed first (so a replay finds nothing), then the code
   * is exchanged once; any failure stores no connection.
   */
  async completeSignIn(q: {
    code?: string;
    state?: string;
    error?: string;
    errorDescription?: string;
  }): Promise<{
    connection: ConnectionRecord;
    imported: number;
  }> {
    if (q.error) {
      if (q.state) await this.connections.consumeState(q.state);
      throw new TeslaSignInError(
        ProblemTypes.teslaSignInDenied,
        q.error === 'access_denied'
          ? 'The Tesla account owner did not allow access.'
          : `Tesla reported: ${q.errorDescription ?? q.error}`,
      );
    }
    if (!q.state || !q.code)
      throw new TeslaSignInError(
        ProblemTypes.teslaSignInState,
        'The sign-in answer has no code or no state.',
      );
    const saved = await this.connections.consumeState(q.state);
    if (!saved)
      throw new TeslaSignInError(
        ProblemTypes.teslaSignInState,
        'This sign-in was already completed or was never started here. Start again from "Connect Tesla".',
      );
    if (saved.expiresAt.getTime() < this.now().getTime())
      throw new TeslaSignInError(
        ProblemTypes.teslaSignInState,
        'The sign-in took longer than 10 minutes. Start again.',
      );
    const verifier = saved.codeVerifierSealed
      ? this.secrets.box.open(saved.codeVerifierSealed, 'tesla_oauth_state')
      : undefined;

    let tokens: TeslaTokenSet;
    try {
      const oauth = await this.runtime.oauthClient(saved.redirectUri);
      tokens = await oauth.exchangeCode({ code: q.code, ...(verifier ? { codeVerifier: verifier } : {}) });
    } catch (error) {
      if (error instanceof TeslaOAuthError)
        throw new TeslaSignInError(
          ProblemTypes.teslaSignInCode,
          `Tesla refused the sign-in code (${error.error ?? `HTTP ${error.status}`}): it expired or was already used.`,
        );
      throw error;
    }
    if (!tokens.refreshToken)
      throw new TeslaSignInError(
        ProblemTypes.teslaSignInCode,
        'Tesla granted no refresh token: the app needs the offline_access scope.',
      );

    // The region lookup is the authority on which Fleet API host serves this account.
    const endpoints = await this.runtime.endpoints();
    const probe = new FleetApiClient({
      connectionId: 'sign-in',
      baseUrl: endpoints.reach(endpoints.audience),
      tokens: {
        getAccessToken: async () => tokens.accessToken,
        refreshAfterRejection: async () => {
          throw new TeslaSignInError(ProblemTypes.teslaSignInCode, 'Tesla rejected the new access token.');
        },
      },
    });
    const { region, fleetApiBaseUrl } = await probe.userRegion();
    const subject = tokens.subject ?? `unknown-${randomUUID()}`;
    const existing = await this.connections.findBySubject(subject);
    const id = existing?.id ?? randomUUID();
    const connection = await this.connections.upsert({
      id,
      subject,
      label: existing?.label ?? `Tesla account ${region.toUpperCase()} · ${subject.slice(0, 8)}`,
      region,
      fleetApiBaseUrl,
      scopes: tokens.scopes,
      tokens: this.secrets.store.seal(id, tokens),
    });
    this.logger.info({ connectionId: connection.id, region }, 'Tesla account connected');
    let imported = 0;
    try {
      imported = (await this.importer.importVehicles(connection, this.now())).imported;
    } catch (error) {
      // Connected all the same: the sync worker imports on its next pass.
      this.logger.warn(
        { err: error, connectionId: connection.id },
        'vehicle import failed; the sync will retry',
      );
    }
    return { connection, imported };
  }
}
