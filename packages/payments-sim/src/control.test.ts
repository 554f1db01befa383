import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver, startWithSdk, until } from './test-helpers';

let env: Awaited<ReturnType<typeof startWithSdk>>;
let stripe: Stripe;
beforeAll(async () => {
  env = await startWithSdk();
  stripe = env.stripe;
});
afterAll(() => env.close());

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${env.sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const faults = async (): Promise<unknown> =>
  ((await (await fetch(`${env.sim.url}/sim/state`)).json()) as { faults: unknown }).faults;

describe('control API', () => {
  it('refuses a bad fault with a clear 400 and adds nothing', async () => {
    const before = await faults();
    const unknownKind = await post('/sim/faults', { kind: 'meteor' });
    expect(unknownKind.status).toBe(400);
    const refused = (await unknownKind.json()) as { error: { type: string; message: string } };
    expect(refused.error.type).toBe('invalid_request_error');
    expect(refused.error.message).toContain('kind');
    const noMs = await post('/sim/faults', { kind: 'latency', times: 1 });
    expect(noMs.status).toBe(400);
    expect(await noMs.json()).toMatchObject({ error: { message: 'a latency fault needs ms' } });
    const badStatus = await post('/sim/faults', { kind: 'api_error', status: 200 });
    expect(badStatus.status).toBe(400);
    expect(await faults()).toEqual(before);
  });

  it('a processing fault holds a confirmation in processing; webhooks tell the outcome', async () => {
    expect((await post('/sim/faults', { kind: 'processing', ms: 150 })).status).toBe(201);
    const pi = await stripe.paymentIntents.create({
      amount: 7_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      allowed_payment_method_types: ['card'],
    });
    expect(pi.status).toBe('processing');
    expect(env.sim.ledgerFor(pi.id)).toBeUndefined();
    const types = await until(
      'processing then succeeded',
      () =>
        env.receiver
          .events()
          .filter((e) => e.data.object.id === pi.id)
          .map((e) => e.type),
      (t) => t.includes('payment_intent.succeeded'),
    );
    expect(types).toContain('payment_intent.processing');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    expect(env.sim.ledgerFor(pi.id)).toMatchObject({ captured: 7_000 });
  });

  it('an authorization that lapses is canceled (automatic) and released', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 9_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
    });
    const res = await fetch(`${env.sim.url}/sim/payment_intents/${pi.id}/expire_authorization`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'automatic',
    });
    expect(env.sim.ledgerFor(pi.id)).toMatchObject({ authorized: 9_000, released: 9_000, capturable: 0 });
    const again = await fetch(`${env.sim.url}/sim/payment_intents/${pi.id}/expire_authorization`, {
      method: 'POST',
    });
    expect(again.status).toBe(400);
  });

  it('adds a webhook endpoint at run time (generated whsec_ secret); a bad one is refused', async () => {
    const receiver = await new Receiver().start();
    try {
      const bad = await post('/sim/webhook_endpoints', { url: receiver.url, secret: 'not-a-whsec' });
      expect(bad.status).toBe(400);
      const res = await post('/sim/webhook_endpoints', {
        url: receiver.url,
        enabled_events: ['customer.created'],
      });
      expect(res.status).toBe(201);
      const endpoint = (await res.json()) as { id: string; secret: string };
      expect(endpoint.secret).toMatch(/^whsec_/);
      await stripe.customers.create({ name: 'Hooked' });
      await stripe.paymentIntents.create({ amount: 1_000, currency: 'usd' });
      const [got] = await until(
        'the customer event',
        () => receiver.received,
        (r) => r.length > 0,
      );
      expect(
        stripe.webhooks.constructEvent(
          got?.body ?? '',
          got?.headers['stripe-signature'] as string,
          endpoint.secret,
        ).type,
      ).toBe('customer.created');
      await env.sim.webhooksIdle();
      expect(receiver.events().map((e) => e.type)).toEqual(['customer.created']);
      expect(
        (await fetch(`${env.sim.url}/sim/webhook_endpoints/${endpoint.id}`, { method: 'DELETE' })).status,
      ).toBe(204);
    } finally {
      await receiver.close();
    }
  });

  it('an unknown API route is Stripe-shaped 404; lists page with starting_after (SDK auto-pagination)', async () => {
    const res = await fetch(`${env.sim.url}/v1/teleport`, {
      headers: { authorization: `Bearer ${env.sim.secretKey}` },
    });
    expect(res.status).toBe(404);
    const notFound = (await res.json()) as { error: { type: string; message: string } };
    expect(notFound.error.type).toBe('invalid_request_error');
    expect(notFound.error.message).toContain('Unrecognized request URL (GET: /v1/teleport)');
    const customer = await stripe.customers.create({ name: 'Pager' });
    for (let i = 0; i < 5; i++) {
      await stripe.paymentIntents.create({ amount: 1_000 + i, currency: 'usd', customer: customer.id });
    }
    const all = await stripe.paymentIntents
      .list({ customer: customer.id, limit: 2 })
      .autoPagingToArray({ limit: 100 });
    expect(all.map((pi) => pi.amount)).toEqual([1_004, 1_003, 1_002, 1_001, 1_000]);
    const firstPage = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(firstPage.has_more).toBe(true);
  });
});
