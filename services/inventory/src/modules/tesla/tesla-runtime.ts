import type { Logger, SecretBox } from '@cybertacotruck/platform';
import {
  CostMeter,
  FleetApiClient,
  TeslaOAuthClient,
  TokenManager,
  type BillableEvent,
  type TeslaOAuthConfig,
} from '@cybertacotruck/tesla';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import type { InventoryConfig } from '../../config';
import type { ConnectionRecord, ConnectionsRepository } from './connections.repository';
import { SealedTokenStore } from './token-store';
import type { UsageRepository } from './usage.repository';

/** Where Tesla is: Tesla itself (TESLA_CLIENT_ID set) or the built-in simulator. */
export interface TeslaEndpoints {
  mode: 'tesla' | 'simulator';
  clientId: string;
  clientSecret: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  audience: string;
  scopes: string[];
  /** Fixed in production (registered with Tesla); derived from the request's origin otherwise. */
  redirectUri: string | undefined;
  proxyUrl: string | undefined;
}

/**
 * Everything the Tesla half of inventory shares in one process: endpoints, the token manager
 * (one per process, so refreshes are serialised per connection), the cost meter and its
 * persistence, and the simulator when it stands in for Tesla.
 */
export class TeslaRuntime {
  readonly meter = new CostMeter();
  readonly tokens: TokenManager;
  readonly store: SealedTokenStore;
  /**
   * Where vehicles should stream Fleet Telemetry, or null to rely on polling. The simulator
   * streams to this process directly; with Tesla it needs a fleet-telemetry server (issue: Kafka ingestion).
   */
  readonly streamingTarget: { hostname: string; port: number; ca: string; exp: number } | null;
  private pending: BillableEvent[] = [];
  private ownsSim = true;
  private flushing: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  private constructor(
    readonly endpoints: TeslaEndpoints,
    readonly box: SecretBox,
    private readonly connections: ConnectionsRepository,
    private readonly usage: UsageRepository,
    private readonly logger: Logger,
    readonly sim: TeslaSim | null,
  ) {
    this.streamingTarget = sim
      ? {
          hostname: 'telemetry.cybertacotruck.local',
          port: 4443,
          ca: '-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n',
          exp: Math.floor(Date.now() / 1000) + 365 * 86_400,
        }
      : null;
    this.store = new SealedTokenStore(connections, box);
    this.tokens = new TokenManager({
      oauth: this.oauthClient(endpoints.redirectUri ?? 'http://127.0.0.1/'),
      store: this.store,
    });
    this.unsubscribe = this.meter.onRecord((e) => {
      this.pending.push(e);
    });
  }

  static async start(o: {
    config: InventoryConfig & { HOST: string };
    box: SecretBox;
    connections: ConnectionsRepository;
    usage: UsageRepository;
    logger: Logger;
    /** An already running simulator to use (benchmarks, tests); otherwise one is started. */
    sim?: TeslaSim;
    /** Where a started simulator keeps its keys and tokens across restarts (embedded mode). */
    simStatePath?: string;
  }): Promise<TeslaRuntime> {
    const { config } = o;
    const scopes = config.TESLA_SCOPES.split(/\s+/).filter(Boolean);
    if (config.TESLA_CLIENT_ID) {
      const endpoints: TeslaEndpoints = {
        mode: 'tesla',
        clientId: config.TESLA_CLIENT_ID,
        clientSecret: config.TESLA_CLIENT_SECRET,
        authorizeUrl: config.TESLA_AUTHORIZE_URL,
        tokenUrl: config.TESLA_TOKEN_URL,
        audience: config.TESLA_AUDIENCE,
        scopes,
        redirectUri: config.TESLA_REDIRECT_URI,
        proxyUrl: config.TESLA_PROXY_URL,
      };
      return new TeslaRuntime(endpoints, o.box, o.connections, o.usage, o.logger, null);
    }
    const sim =
      o.sim ??
      (await startTeslaSim({
        // 0 = the port it had last time (its tokens name it), else any free one.
        ...(config.TESLA_SIM_PORT === 0 ? {} : { port: config.TESLA_SIM_PORT }),
        speed: config.TESLA_SIM_SPEED,
        ...(o.simStatePath ? { statePath: o.simStatePath } : {}),
      }));
    o.logger.info({ url: sim.url }, 'Tesla simulator started (no TESLA_CLIENT_ID configured)');
    const endpoints: TeslaEndpoints = {
      mode: 'simulator',
      clientId: sim.oauth.clientId,
      clientSecret: sim.oauth.clientSecret,
      authorizeUrl: sim.oauth.authorizeUrl,
      tokenUrl: sim.oauth.tokenUrl,
      audience: sim.oauth.audience,
      scopes,
      redirectUri: config.TESLA_REDIRECT_URI,
      // Unset: the simulator's own region host accepts unsigned commands, standing in for the proxy.
      proxyUrl: config.TESLA_PROXY_URL,
    };
    const runtime = new TeslaRuntime(endpoints, o.box, o.connections, o.usage, o.logger, sim);
    runtime.ownsSim = o.sim === undefined;
    return runtime;
  }

  oauthConfig(redirectUri: string): TeslaOAuthConfig {
    const e = this.endpoints;
    return {
      clientId: e.clientId,
      ...(e.clientSecret ? { clientSecret: e.clientSecret } : {}),
      redirectUri,
      authorizeUrl: e.authorizeUrl,
      tokenUrl: e.tokenUrl,
      audience: e.audience,
      scopes: e.scopes,
    };
  }

  oauthClient(redirectUri: string): TeslaOAuthClient {
    return new TeslaOAuthClient(this.oauthConfig(redirectUri));
  }

  /** In simulator mode the proxy is the simulator's region host, which follows the connection. */
  private proxyFor(connection: ConnectionRecord): string | undefined {
    return this.endpoints.proxyUrl ?? (this.sim ? connection.fleetApiBaseUrl : undefined);
  }

  clientFor(connection: ConnectionRecord): FleetApiClient {
    const proxyUrl = this.proxyFor(connection);
    return new FleetApiClient({
      connectionId: connection.id,
      tokens: this.tokens,
      baseUrl: connection.fleetApiBaseUrl,
      ...(proxyUrl ? { proxyUrl } : {}),
      meter: this.meter,
      onBaseUrlChange: (url) => {
        this.logger.warn({ connectionId: connection.id, url }, 'Tesla answered 421: moved to another region');
        void this.connections.setBaseUrl(connection.id, url, null).catch((error: unknown) => {
          this.logger.error({ err: error }, 'could not save the new Fleet API host');
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
        await this.usage.add(batch);
      } catch (error) {
        this.pending = batch.concat(this.pending);
        this.logger.error({ err: error }, 'could not persist Tesla usage; will retry');
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.flushUsage();
    if (this.ownsSim) await this.sim?.close();
  }
}
