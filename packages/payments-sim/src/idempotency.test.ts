import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startWithSdk } from './test-helpers';

let env: Awaited<ReturnType<typeof startWithSdk>>;
let stripe: Stripe;
beforeAll(async () => {
  env = await startWithSdk();
  stripe = env.stripe;
});
afterAll(() => env.close());

const params: Stripe.PaymentIntentCreateParams = {
  amount: 4_200,
  currency: 'usd',
  payment_method: 'pm_card_visa',
  confirm: true,
  allowed_payment_method_types: ['card'],
  metadata: { reservation: 'r-42' },
};

describe('idempotent requests', () => {
  it('the same key and parameters replay the first response: one payment, one charge', async () => {
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'reserve-r-42' });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: 'reserve-r-42' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(second.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(env.sim.ledgerFor(first.id)).toMatchObject({ captured: 4_200 });
    const charges = await stripe.charges.list({ payment_intent: first.id });
    expect(charges.data).toHaveLength(1);
  });

  it('the same key with different parameters is 400 idempotency_error and changes nothing', async () => {
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'reserve-r-43' });
    const error = await rejection(
      stripe.paymentIntents.create({ ...params, amount: 4_201 }, { idempotencyKey: 'reserve-r-43' }),
    );
    expect(error).toBeInstanceOf(stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.raw).toMatchObject({ type: 'idempotency_error' });
    expect(
      (await stripe.paymentIntents.list({ limit: 100 })).data.filter(
        (pi) => pi.metadata.reservation === 'r-42' && pi.amount === 4_201,
      ),
    ).toHaveLength(0);
    expect((await stripe.paymentIntents.retrieve(first.id)).amount).toBe(4_200);
  });

  it('a decline is replayed as the same 402 (the card is not asked twice)', async () => {
    const declined = { ...params, payment_method: 'pm_card_chargeDeclined' };
    const a = await rejection(stripe.paymentIntents.create(declined, { idempotencyKey: 'decline-1' }));
    const b = await rejection(stripe.paymentIntents.create(declined, { idempotencyKey: 'decline-1' }));
    expect(b.statusCode).toBe(402);
    expect((b.raw as { charge: string }).charge).toBe((a.raw as { charge: string }).charge);
  });

  it('a request refused by validation saves nothing: the same key then carries the fixed request', async () => {
    const bad = await rejection(
      stripe.paymentIntents.create({ ...params, amount: 10 }, { idempotencyKey: 'fix-me' }),
    );
    expect(bad.raw).toMatchObject({ code: 'amount_too_small' });
    const fixed = await stripe.paymentIntents.create(
      { ...params, amount: 1_000 },
      { idempotencyKey: 'fix-me' },
    );
    expect(fixed).toMatchObject({ status: 'succeeded', amount: 1_000 });
    expect(fixed.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('injected 5xx: the SDK retries with its own key and exactly one payment results', async () => {
    const before = env.sim.ledger().payment_intents.length;
    env.sim.injectFault({ kind: 'api_error', times: 2, status: 503, path: '/v1/payment_intents' });
    const pi = await stripe.paymentIntents.create({ ...params, metadata: { reservation: 'r-retry' } });
    expect(pi.status).toBe('succeeded');
    expect(env.sim.ledger().payment_intents.length).toBe(before + 1);
    const error = await rejection(
      (() => {
        env.sim.injectFault({ kind: 'api_error', times: 1, status: 500 });
        return stripe.paymentIntents.retrieve(pi.id, {}, { maxNetworkRetries: 0 });
      })(),
    );
    expect(error).toBeInstanceOf(stripe.errors.StripeAPIError);
    expect(error.statusCode).toBe(500);
    expect(error.raw).toMatchObject({ type: 'api_error' });
  });

  it('a request still running with the same key is 409 (the SDK retries it into a replay)', async () => {
    // Whichever of the two arrives first holds the key for 1.5 s (the latency fault); the other,
    // sent 100 ms later, finds it in flight.
    env.sim.injectFault({ kind: 'latency', ms: 1_500, times: 1, path: '/v1/payment_intents' });
    const send = (): Promise<unknown> =>
      stripe.paymentIntents
        .create(
          { ...params, metadata: { reservation: 'r-race' } },
          { idempotencyKey: 'race-1', maxNetworkRetries: 0 },
        )
        .catch((e: unknown) => e);
    const results = await Promise.all([
      send(),
      new Promise((resolve) => setTimeout(resolve, 100)).then(send),
    ]);
    const succeeded = results.filter(
      (r): r is Stripe.PaymentIntent => (r as { object?: string }).object === 'payment_intent',
    );
    const conflicts = results.filter((r) => r instanceof stripe.errors.StripeError && r.statusCode === 409);
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(1);
    const replay = await stripe.paymentIntents.create(
      { ...params, metadata: { reservation: 'r-race' } },
      { idempotencyKey: 'race-1' },
    );
    expect(replay.id).toBe(succeeded[0]?.id);
  });
});
