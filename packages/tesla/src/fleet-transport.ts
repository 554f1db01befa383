import { sleepUnlessAborted, stopOrTimeout } from './abortable';
import type { BillingCategory, CostMeter } from './cost-meter';
import {
  NeedsReconsentError,
  TeslaAbortedError,
  TeslaUnauthorizedError,
  TeslaWrongRegionError,
  teslaApiErrorFor,
  type TeslaApiError,
  type TeslaErrorDetails,
} from './errors';
import { isObj } from './fleet-types';
import { findRegionHost, parseRetryAfter } from './http-hints';
import type { TokenManager } from './token-manager';

export interface FleetRetryOptions {
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A 429 asking to wait longer than this fails at once with TeslaRateLimitedError. */
  maxRetryAfterMs?: number;
}

export interface FleetTransportOptions {
  connectionId: string;
  tokens: Pick<TokenManager, 'getAccessToken' | 'refreshAfterRejection'>;
  baseUrl: string;
  /** The signing proxy (tesla-http-proxy) that commands and telemetry config go through. */
  proxyUrl?: string;
  fetch?: typeof fetch;
  meter?: CostMeter;
  retry?: FleetRetryOptions;
  /** Waits (Retry-After, backoff); given `signal` so it may end early (it is raced with it anyway). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Called after a 421 moved this connection to another regional host (persist it). */
  onBaseUrlChange?: (url: string) => void;
  /**
   * The process's stop signal. Once it aborts, a wait (Retry-After, backoff) ends at once, a
   * request in flight is cancelled, no retry is made, and the call throws TeslaAbortedError.
   */
  signal?: AbortSignal;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  via?: 'api' | 'proxy';
  billing: BillingCategory | null;
  vin: string | null;
  /** 408 is an answer ("asleep/offline") for this call, not an error. */
  accept408?: boolean;
  /** Set on the region lookup itself, so a 421 there cannot recurse into another lookup. */
  regionLookup?: boolean;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  response: unknown;
}

/** A response read to the end (the stop signal covers the body too). */
interface Received {
  status: number;
  ok: boolean;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * The transport rules of TESLA.md for one owner connection: refresh once on 401, follow a 421
 * to the right region, wait out 429s as told, back off on 5xx with full jitter, treat 408 as a
 * vehicle state where the caller says so, and meter every billable (< 500) response.
 * The bearer token never reaches an error or a log line.
 */
export class FleetTransport {
  private baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly retry: Required<FleetRetryOptions>;

  constructor(private readonly o: FleetTransportOptions) {
    this.baseUrl = trimSlash(o.baseUrl);
    this.fetch = o.fetch ?? globalThis.fetch;
    this.sleep = o.sleep ?? sleepUnlessAborted;
    this.random = o.random ?? Math.random;
    this.now = o.now ?? Date.now;
    this.retry = {
      maxRetries: o.retry?.maxRetries ?? 3,
      baseDelayMs: o.retry?.baseDelayMs ?? 500,
      maxDelayMs: o.retry?.maxDelayMs ?? 30_000,
      maxRetryAfterMs: o.retry?.maxRetryAfterMs ?? 60_000,
    };
  }

  get currentBaseUrl(): string {
    return this.baseUrl;
  }

  async request(spec: RequestSpec): Promise<Answer> {
    const context = `${spec.method} ${spec.path.split('?')[0] ?? ''}`;
    if (spec.via === 'proxy' && this.o.proxyUrl === undefined) {
      throw new Error(`${context} must go through the signing proxy, but no proxyUrl is configured`);
    }
    let token = await this.tokenOr401(() => this.o.tokens.getAccessToken(this.o.connectionId), context);
    let refreshed = false;
    let regionSwitches = 0;
    let retries = 0;
    for (;;) {
      this.throwIfStopped(context);
      const origin = spec.via === 'proxy' ? trimSlash(this.o.proxyUrl ?? '') : this.baseUrl;
      const res = await this.send(origin, spec, token, context);
      if (res === null) {
        // No response at all (connection reset, timeout): transient, like a 5xx.
        if (retries < this.retry.maxRetries) {
          await this.wait(this.backoff(retries++), context);
          continue;
        }
        throw teslaApiErrorFor(0, { error: 'network_error', errorDescription: 'no response', context });
      }
      const { body } = res;
      if (res.status < 500 && spec.billing !== null) {
        this.o.meter?.record({
          connectionId: this.o.connectionId,
          vin: spec.vin ?? vinFromResponse(body.response),
          category: spec.billing,
          at: new Date(this.now()),
        });
      }
      if (res.ok || (res.status === 408 && spec.accept408)) {
        return { status: res.status, body, response: body.response };
      }
      const details: TeslaErrorDetails = {
        error: str(body.error) || null,
        errorDescription: str(body.error_description) || null,
        context,
      };

      if (res.status === 401) {
        if (!refreshed) {
          refreshed = true;
          const rejected = token;
          token = await this.tokenOr401(
            () => this.o.tokens.refreshAfterRejection(this.o.connectionId, rejected),
            context,
          );
          continue;
        }
        throw await this.afterSecond401(token, details);
      }
      if (res.status === 421 && spec.via !== 'proxy' && regionSwitches < 2) {
        const host =
          findRegionHost(body, res.headers.get('alt-svc'), this.baseUrl) ??
          (spec.regionLookup ? null : await this.regionFromApi());
        if (host !== null && host !== this.baseUrl) {
          regionSwitches++;
          this.baseUrl = host;
          this.o.onBaseUrlChange?.(host);
          continue;
        }
        throw new TeslaWrongRegionError(details);
      }
      if (res.status === 429) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.now());
        if (retries < this.retry.maxRetries && (retryAfterMs ?? 0) <= this.retry.maxRetryAfterMs) {
          await this.wait(retryAfterMs ?? this.backoff(retries), context);
          retries++;
          continue;
        }
        throw teslaApiErrorFor(429, details, retryAfterMs ?? this.backoffCap(retries));
      }
      if (res.status >= 500 && retries < this.retry.maxRetries) {
        await this.wait(this.backoff(retries++), context);
        continue;
      }
      throw teslaApiErrorFor(res.status, details);
    }
  }

  private async send(
    origin: string,
    spec: RequestSpec,
    token: string,
    context: string,
  ): Promise<Received | null> {
    // Tesla's conventions ask for Content-Type on every request, bodiless GETs and wake_up included.
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const { signal, release } = stopOrTimeout(this.o.signal, this.o.timeoutMs ?? 30_000);
    try {
      const res = await this.fetch(`${origin}${spec.path}`, {
        method: spec.method,
        headers,
        ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        signal,
      });
      const body = await readBody(res);
      this.throwIfStopped(context, true);
      return { status: res.status, ok: res.ok, headers: res.headers, body };
    } catch (error) {
      if (error instanceof TeslaAbortedError) throw error;
      this.throwIfStopped(context, true);
      // The cause is dropped on purpose: undici errors can echo request headers.
      return null;
    } finally {
      release();
    }
  }

  /** A wait the stop signal ends at once (whatever the injected sleep does with it). */
  private async wait(ms: number, context: string): Promise<void> {
    const stop = this.o.signal;
    if (!stop) return this.sleep(ms);
    this.throwIfStopped(context);
    let onAbort = () => {};
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      stop.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms, stop), aborted]);
    } finally {
      stop.removeEventListener('abort', onAbort);
    }
    this.throwIfStopped(context);
  }

  private throwIfStopped(context: string, inFlight = false): void {
    if (this.o.signal?.aborted)
      throw new TeslaAbortedError(
        {
          error: 'aborted',
          errorDescription: inFlight
            ? 'the process stopped while the request was in flight'
            : 'the process is stopping',
          context,
        },
        inFlight,
      );
  }

  /** A fresh token was rejected too: probe the token path, which marks re-consent if the grant is dead. */
  private async afterSecond401(token: string, details: TeslaErrorDetails): Promise<TeslaApiError> {
    try {
      await this.o.tokens.refreshAfterRejection(this.o.connectionId, token);
    } catch (error) {
      if (error instanceof NeedsReconsentError)
        return new TeslaUnauthorizedError({ ...details, cause: error }, true);
      throw error;
    }
    return new TeslaUnauthorizedError(details, false);
  }

  private async tokenOr401(get: () => Promise<string>, context: string): Promise<string> {
    try {
      return await get();
    } catch (error) {
      if (!(error instanceof NeedsReconsentError)) throw error;
      throw new TeslaUnauthorizedError(
        { error: 'login_required', errorDescription: error.reason, context, cause: error },
        true,
      );
    }
  }

  /** Asks Tesla where the account lives (any regional host answers this). */
  private async regionFromApi(): Promise<string | null> {
    try {
      const { response } = await this.request({
        method: 'GET',
        path: '/api/1/users/region',
        billing: null,
        vin: null,
        regionLookup: true,
      });
      return isObj(response) && typeof response.fleet_api_base_url === 'string'
        ? trimSlash(response.fleet_api_base_url)
        : null;
    } catch (error) {
      if (error instanceof TeslaAbortedError) throw error;
      return null;
    }
  }

  private backoffCap(attempt: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
  }

  /** Full-jitter exponential backoff. */
  private backoff(attempt: number): number {
    return Math.floor(this.random() * this.backoffCap(attempt));
  }
}

export const trimSlash = (url: string) => url.replace(/\/+$/, '');
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function vinFromResponse(response: unknown): string | null {
  return isObj(response) && typeof response.vin === 'string' ? response.vin : null;
}

/** The body as an object ({} when it is not JSON, or could not be read). */
async function readBody(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    return isObj(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
