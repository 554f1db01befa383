import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startPaymentsSim, type PaymentsSim, type PaymentsSimOptions } from './index';

/**
 * Polls `probe` every 20 ms until `ok` holds and returns that value (how a test waits for a state
 * instead of sleeping), failing after `ms` with the last value seen. The same contract as `until`
 * of `@cybertacotruck/db/testing`, which this package may not import (the packages' graph).
 */
export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  ok: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
}

export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A webhook endpoint for tests: records each POST; answers `status(n, type)` (200 unless told). */
export class Receiver {
  readonly received: Received[] = [];
  /** `n`: how many POSTs of this event type arrived so far, this one included. */
  status: (n: number, type: string) => number = () => 200;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ body, headers: request.headers });
        const type = (JSON.parse(body) as { type: string }).type;
        const n = this.events().filter((e) => e.type === type).length;
        response.writeHead(this.status(n, type)).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/stripe`;
    return this;
  }

  /** Bodies parsed, for finding events by type. */
  events(): { id: string; type: string; data: { object: Record<string, unknown> } }[] {
    return this.received.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; data: { object: Record<string, unknown> } },
    );
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}

export const WEBHOOK_SECRET = 'whsec_test_payments_sim_secret';

/** A simulator with one webhook endpoint (a Receiver) and the official SDK pointed at it. */
export async function startWithSdk(options: PaymentsSimOptions = {}): Promise<{
  sim: PaymentsSim;
  stripe: Stripe;
  receiver: Receiver;
  close: () => Promise<void>;
}> {
  const receiver = await new Receiver().start();
  const sim = await startPaymentsSim({
    webhookEndpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET }],
    webhookRetry: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 5, timeoutMs: 2_000 },
    ...options,
  });
  const stripe = new Stripe(sim.secretKey, { host: '127.0.0.1', port: sim.port, protocol: 'http' });
  return {
    sim,
    stripe,
    receiver,
    close: async () => {
      await sim.close();
      await receiver.close();
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to be refused');
}
