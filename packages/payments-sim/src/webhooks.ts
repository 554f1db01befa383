import { createHmac } from 'node:crypto';
import type { FaultBook } from './faults';
import { newId, randomToken } from './ids';
import type { StripeEvent } from './objects';

/** Stripe's `Stripe-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256("<t>.<body>", secret)>`. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export interface WebhookEndpointConfig {
  url: string;
  /** `whsec_…`; generated when absent. */
  secret?: string;
  /** Event types to send (`*` = all, the default). */
  enabledEvents?: string[];
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  enabledEvents: string[];
}

export interface DeliveryAttempt {
  at: number;
  /** The endpoint's HTTP status; null when it was not reached (network error, timeout, injected drop). */
  status: number | null;
  error?: string;
}

export interface Delivery {
  id: string;
  event: string;
  type: string;
  endpoint: string;
  url: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  /** A resend asked for through the control API (not a retry). */
  resend: boolean;
}

export interface RetryPolicy {
  /** Attempts per delivery, the first included (Stripe retries for three days; bounded here). */
  maxAttempts: number;
  /** Wait before the second attempt; doubles each time up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  timeoutMs: 10_000,
};

/**
 * Posts events to the configured endpoints, signed, retrying with exponential backoff while an
 * endpoint does not answer 2xx, until `maxAttempts`: each event reaches each endpoint at least once
 * when the endpoint comes back in time (and possibly more than once: receivers must dedupe by id).
 */
export class WebhookDispatcher {
  private readonly list: WebhookEndpoint[] = [];
  private readonly log: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly options: {
      faults: FaultBook;
      nowMs: () => number;
      retry: RetryPolicy;
      /** Called once per (event, endpoint) when a delivery ends, to keep `pending_webhooks` true. */
      onSettled: (eventId: string) => void;
    },
  ) {}

  addEndpoint(config: WebhookEndpointConfig): WebhookEndpoint {
    const url = new URL(config.url); // throws on a malformed URL
    const endpoint: WebhookEndpoint = {
      id: newId('we'),
      url: url.toString(),
      secret: config.secret ?? `whsec_${randomToken(32)}`,
      enabledEvents: config.enabledEvents?.length ? config.enabledEvents : ['*'],
    };
    if (!endpoint.secret.startsWith('whsec_')) throw new Error('a webhook secret starts with whsec_');
    this.list.push(endpoint);
    return endpoint;
  }

  removeEndpoint(id: string): boolean {
    const i = this.list.findIndex((e) => e.id === id);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }

  endpoints(): WebhookEndpoint[] {
    return this.list.map((e) => ({ ...e, enabledEvents: [...e.enabledEvents] }));
  }

  /** How many endpoints an event of `type` goes to. */
  subscribers(type: string): number {
    return this.list.filter((e) => wants(e, type)).length;
  }

  /**
   * Schedules `event` to every subscribed endpoint (or to `only` one). `timestamp` pins the
   * signature's time (a resend that tests a receiver's tolerance); otherwise each attempt is signed
   * when sent, as Stripe does.
   */
  dispatch(
    event: StripeEvent,
    options: { only?: string; timestamp?: number; resend?: boolean } = {},
  ): Delivery[] {
    const targets = this.list.filter((e) =>
      options.only ? e.id === options.only || e.url === options.only : wants(e, event.type),
    );
    return targets.map((endpoint) => {
      const delivery: Delivery = {
        id: newId('wd'),
        event: event.id,
        type: event.type,
        endpoint: endpoint.id,
        url: endpoint.url,
        state: 'pending',
        attempts: [],
        resend: options.resend ?? false,
      };
      this.log.push(delivery);
      this.track(this.attempt(delivery, endpoint, event, options.timestamp));
      return { ...delivery };
    });
  }

  deliveries(filter: { event?: string } = {}): Delivery[] {
    return this.log
      .filter((d) => !filter.event || d.event === filter.event)
      .map((d) => ({ ...d, attempts: [...d.attempts] }));
  }

  /** Resolves when no delivery is pending (all delivered or given up). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.running]);
      if (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async attempt(
    delivery: Delivery,
    endpoint: WebhookEndpoint,
    event: StripeEvent,
    pinnedTimestamp: number | undefined,
  ): Promise<void> {
    if (this.closed) return;
    const { retry, faults, nowMs } = this.options;
    const result = await this.post(endpoint, event, pinnedTimestamp, faults);
    delivery.attempts.push({ at: nowMs(), ...result });
    const ok = result.status !== null && result.status >= 200 && result.status < 300 && !result.error;
    if (ok || delivery.attempts.length >= retry.maxAttempts) {
      delivery.state = ok ? 'delivered' : 'failed';
      if (!delivery.resend) this.options.onSettled(event.id);
      return;
    }
    const delay = Math.min(retry.baseDelayMs * 2 ** (delivery.attempts.length - 1), retry.maxDelayMs);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(delivery, endpoint, event, pinnedTimestamp));
    }, delay);
    this.timers.add(timer);
  }

  private async post(
    endpoint: WebhookEndpoint,
    event: StripeEvent,
    pinnedTimestamp: number | undefined,
    faults: FaultBook,
  ): Promise<{ status: number | null; error?: string }> {
    const fault = faults.take('webhook_failure');
    if (fault && !fault.delivered) return { status: null, error: 'dropped (injected webhook_failure)' };
    const payload = JSON.stringify(event, null, 2);
    const timestamp = pinnedTimestamp ?? Math.floor(this.options.nowMs() / 1000);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(payload, endpoint.secret, timestamp),
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.retry.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (fault)
        return { status: response.status, error: 'delivered, counted as failed (injected webhook_failure)' };
      return { status: response.status };
    } catch (error) {
      return { status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

function wants(endpoint: WebhookEndpoint, type: string): boolean {
  return endpoint.enabledEvents.includes('*') || endpoint.enabledEvents.includes(type);
}
