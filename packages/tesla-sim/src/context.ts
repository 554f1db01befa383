import type { BillingMeter } from './billing';
import type { SimClock } from './clock';
import type { FaultBook } from './faults';
import type { Region } from './fleet/vehicle-model';
import type { FleetWorld } from './fleet/world';
import type { TokenService } from './oauth/tokens';
import type { PartnerRegistry } from './partners';
import type { RateLimiter } from './rate-limits';
import type { TelemetryHub } from './telemetry';

export const REGIONS: readonly Region[] = ['na', 'eu', 'cn'];
/** The simulator's stand-in for China's token endpoint, `https://auth.tesla.cn/oauth2/v3/token`. */
export const CN_TOKEN_PATH = '/cn/oauth2/v3/token';

/** The server's own addresses; filled in once it listens (the port may be random). */
export class SimUrls {
  base = '';

  region(r: Region): string {
    return `${this.base}/fleet/${r}`;
  }

  /** The simulator's stand-in for tesla-http-proxy: one address for every region, like the proxy. */
  proxy(): string {
    return `${this.base}/proxy`;
  }

  /** The stand-in for https://tesla.com/_ak (the virtual-key pairing link). */
  pairing(): string {
    return `${this.base}/_ak`;
  }

  issuer(): string {
    return `${this.base}/oauth2/v3`;
  }

  /** The token endpoint for a region's audience: China has its own, as `auth.tesla.cn` is. */
  tokenUrl(r: Region): string {
    return r === 'cn' ? `${this.base}${CN_TOKEN_PATH}` : `${this.issuer()}/token`;
  }

  audiences(): string[] {
    return REGIONS.map((r) => this.region(r));
  }
}

/** Everything the HTTP layer reaches: one instance per simulator. */
export interface SimContext {
  clock: SimClock;
  world: FleetWorld;
  tokens: TokenService;
  billing: BillingMeter;
  faults: FaultBook;
  telemetry: TelemetryHub;
  urls: SimUrls;
  partners: PartnerRegistry;
  rateLimiter: RateLimiter;
  counters: { wakesCaused: number };
  /** Seeded randomness for the HTTP layer (wake-up delays). */
  random: () => number;
}
