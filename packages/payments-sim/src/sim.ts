import type { FastifyServerOptions } from 'fastify';
import { createPaymentsSimApp } from './app';
import type { SimContext } from './context';
import { EventLog } from './events';
import { FaultBook, type FaultSpec } from './faults';
import { IdempotencyStore } from './idempotency';
import { Ledger, type LedgerEntry, type LedgerTotals } from './ledger';
import { PaymentIntents } from './payment-intents';
import { Refunds } from './refunds';
import { Store } from './store';
import {
  DEFAULT_RETRY,
  WebhookDispatcher,
  type Delivery,
  type RetryPolicy,
  type WebhookEndpoint,
  type WebhookEndpointConfig,
} from './webhooks';

/** The API version the simulator speaks (the one stripe-node 23.2 pins). */
export const PAYMENTS_SIM_API_VERSION = '2026-11-18.endive';
/** A test-mode-looking key for local runs; anything else can be configured. */
export const DEFAULT_SECRET_KEY = 'sk_test_paymentssim_local_only';

export interface PaymentsSimOptions {
  port?: number;
  host?: string;
  /** The secret key clients must send (Bearer or Basic). */
  secretKey?: string;
  /** URL the 3-D Secure links point at (default: the listening address). */
  publicUrl?: string;
  webhookEndpoints?: WebhookEndpointConfig[];
  webhookRetry?: Partial<RetryPolicy>;
  apiVersion?: string;
  /** The simulator's clock (ms), for `created` and webhook signature timestamps. */
  nowMs?: () => number;
  logger?: FastifyServerOptions['logger'];
  controlApi?: boolean;
}

export interface PaymentsSim {
  url: string;
  host: string;
  port: number;
  secretKey: string;
  apiVersion: string;
  webhookEndpoints(): WebhookEndpoint[];
  addWebhookEndpoint(config: WebhookEndpointConfig): WebhookEndpoint;
  deliveries(filter?: { event?: string }): Delivery[];
  /** Resolves once no webhook delivery is pending. */
  webhooksIdle(): Promise<void>;
  ledger(): { totals: LedgerTotals[]; payment_intents: LedgerEntry[] };
  ledgerFor(paymentIntent: string): LedgerEntry | undefined;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** Starts a payments simulator on its own HTTP port. Close it with `close()`. */
export async function startPaymentsSim(o: PaymentsSimOptions = {}): Promise<PaymentsSim> {
  const nowMs = o.nowMs ?? Date.now;
  const apiVersion = o.apiVersion ?? PAYMENTS_SIM_API_VERSION;
  const ledger = new Ledger();
  const events = new EventLog(apiVersion, nowMs);
  const faults = new FaultBook();
  const webhooks = new WebhookDispatcher({
    faults,
    nowMs,
    retry: { ...DEFAULT_RETRY, ...o.webhookRetry },
    onSettled: (id) => {
      events.settled(id);
    },
  });
  events.connect(webhooks);
  for (const endpoint of o.webhookEndpoints ?? []) webhooks.addEndpoint(endpoint);
  let baseUrl = o.publicUrl?.replace(/\/$/, '') ?? '';
  const store = new Store({ nowMs, events, ledger, baseUrl: () => baseUrl });
  const intents = new PaymentIntents(store, faults);
  const ctx: SimContext = {
    secretKey: o.secretKey ?? DEFAULT_SECRET_KEY,
    apiVersion,
    store,
    intents,
    refunds: new Refunds(store),
    events,
    ledger,
    webhooks,
    faults,
    idempotency: new IdempotencyStore(),
    baseUrl: () => baseUrl,
  };
  const app = await createPaymentsSimApp(ctx, { logger: o.logger ?? false, controlApi: o.controlApi });
  const host = o.host ?? '127.0.0.1';
  await app.listen({ port: o.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!baseUrl) baseUrl = url;

  return {
    url,
    host,
    port,
    secretKey: ctx.secretKey,
    apiVersion,
    webhookEndpoints: () => webhooks.endpoints(),
    addWebhookEndpoint: (config) => webhooks.addEndpoint(config),
    deliveries: (filter) => webhooks.deliveries(filter),
    webhooksIdle: () => webhooks.idle(),
    ledger: () => ({ totals: ledger.totals(), payment_intents: ledger.all() }),
    ledgerFor: (id) => ledger.get(id),
    injectFault: (spec) => {
      faults.add(spec);
    },
    clearFaults: () => {
      faults.clear();
    },
    async close() {
      intents.close();
      webhooks.close();
      await app.close();
    },
  };
}
