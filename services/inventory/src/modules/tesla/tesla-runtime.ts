import type { Logger } from '@cybertacotruck/platform';
import {
  CostMeter,
  FleetApiClient,
  fetchTrustingCa,
  TeslaOAuthClient,
  TokenManager,
  type BillableEvent,
  type TeslaOAuthConfig,
  type TokenStore,
} from '@cybertacotruck/tesla';
import type { TeslaEndpoints, TeslaPort } from './tesla-port';
import type { UsageRepository } from './usage.repository';

/** The part of a connection the Fleet API client needs. */
export interface FleetApiTarget {
  id: string;
  fleetApiBaseUrl: string;
}

/**
 * What the Tesla half of inventory shares in one process, over the port the host chose: the token
 * manager (one per process, so refreshes are serialised per connection), the cost meter and the
 * persistence of what it counts.
 */
export class TeslaRuntime {
  readonly meter = new CostMeter();
  readonly tokens: TokenManager;
  private pending: BillableEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private proxyFetch: typeof fetch | undefined;

  constructor(
    private readonly o: {
      port: TeslaPort;
      /** Where connections' tokens are (sealed in their rows). */
      store: TokenStore;
      usage: Pick<UsageRepository, 'add'>;
      logger: Logger;
      /** A 421 moved a connection to another region's host: remember it. */
      onBaseUrlChange: (connectionId: string, url: string) => Promise<void>;
      /** Whether records streamed by cars reach this process; only then are cars told to stream. */
      telemetryDelivered: boolean;
      /**
       * The process's stop signal (`ctx.stopping`): every client's waits (Retry-After, backoff,
       * a car waking) and requests in flight end when it aborts, with TeslaAbortedError.
       */
      stopping?: AbortSignal;
    },
  ) {
    this.tokens = new TokenManager({
      // The token endpoint is known once the port is: a refresh asks for it then.
      oauth: { refresh: async (refreshToken) => (await this.oauthClient()).refresh(refreshToken) },
      store: o.store,
    });
    this.unsubscribe = this.meter.onRecord((e) => {
      this.pending.push(e);
    });
  }

  /** The process's stop signal, for waits of the runtime's users (a car coming online). */
  get stopping(): AbortSignal | undefined {
    return this.o.stopping;
  }

  get mode(): TeslaPort['mode'] {
    return this.o.port.mode;
  }

  endpoints(): Promise<TeslaEndpoints> {
    return this.o.port.endpoints();
  }

  async oauthConfig(redirectUri?: string): Promise<TeslaOAuthConfig> {
    const e = await this.endpoints();
    return {
      clientId: e.clientId,
      ...(e.clientSecret ? { clientSecret: e.clientSecret } : {}),
      // A refresh sends none; a code exchange sends the one the sign-in started with.
      redirectUri: redirectUri ?? e.redirectUri ?? 'http://127.0.0.1/',
      authorizeUrl: e.authorizeUrl,
      tokenUrl: e.tokenUrl,
      audience: e.audience,
      scopes: e.scopes,
    };
  }

  async oauthClient(redirectUri?: string): Promise<TeslaOAuthClient> {
    return new TeslaOAuthClient(await this.oauthConfig(redirectUri));
  }

  /** Where paired cars should stream, or null to rely on polling. */
  async streamingTarget(): Promise<TeslaEndpoints['streamingTarget']> {
    if (!this.o.telemetryDelivered) return null;
    return (await this.endpoints()).streamingTarget;
  }

  async clientFor(connection: FleetApiTarget): Promise<FleetApiClient> {
    const e = await this.endpoints();
    const baseUrl = e.reach(connection.fleetApiBaseUrl);
    const proxyUrl = e.proxyUrl ?? (e.fleetHostSignsCommands ? baseUrl : undefined);
    this.proxyFetch ??= e.proxyCa ? fetchTrustingCa(e.proxyCa) : undefined;
    return new FleetApiClient({
      connectionId: connection.id,
      tokens: this.tokens,
      baseUrl,
      ...(proxyUrl ? { proxyUrl } : {}),
      ...(this.proxyFetch ? { proxyFetch: this.proxyFetch } : {}),
      meter: this.meter,
      ...(this.o.stopping ? { signal: this.o.stopping } : {}),
      onBaseUrlChange: (url) => {
        this.o.logger.warn(
          { connectionId: connection.id, url },
          'Tesla answered 421: moved to another region',
        );
        void this.o.onBaseUrlChange(connection.id, url).catch((error: unknown) => {
          this.o.logger.error({ err: error }, 'could not save the new Fleet API host');
        });
      },
    });
  }

  /** Persists the metered calls (batched; a crash loses at most one tick's counts). */
  flushUsage(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.o.usage.add(batch);
      } catch (error) {
        this.pending = batch.concat(this.pending);
        this.o.logger.error({ err: error }, 'could not persist Tesla usage; will retry');
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.flushUsage();
  }
}
