import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection, startWithSdk, until, WEBHOOK_SECRET } from './test-helpers';

let env: Awaited<ReturnType<typeof startWithSdk>>;
let stripe: Stripe;
beforeEach(async () => {
  env = await startWithSdk();
  stripe = env.stripe;
});
afterEach(() => env.close());

const deposit = (): Promise<Stripe.PaymentIntent> =>
  stripe.paymentIntents.create({
    amount: 30_000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    capture_method: 'manual',
    allowed_payment_method_types: ['card'],
  });

const typesOf = (events: { type: string }[]): string[] => events.map((e) => e.type);

describe('webhooks', () => {
  it('posts each event signed; stripe.webhooks.constructEvent verifies every one', async () => {
    const pi = await deposit();
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 10_000 });
    await stripe.refunds.create({ payment_intent: pi.id, amount: 2_500 });
    const declined = await rejection(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
        allowed_payment_method_types: ['card'],
      }),
    );
    const failedPi = (declined.raw as { payment_intent: { id: string } }).payment_intent.id;
    await stripe.paymentIntents.cancel(failedPi);
    const expected = [
      'payment_intent.amount_capturable_updated',
      'payment_intent.succeeded',
      'charge.captured',
      'charge.refunded',
      'refund.created',
      'payment_intent.payment_failed',
      'payment_intent.canceled',
    ];
    await until(
      'the events delivered',
      () => typesOf(env.receiver.events()),
      (t) => expected.every((x) => t.includes(x)),
    );
    for (const { body, headers } of env.receiver.received) {
      const event = stripe.webhooks.constructEvent(
        body,
        headers['stripe-signature'] as string,
        WEBHOOK_SECRET,
      );
      expect(event.id).toMatch(/^evt_/);
      expect(event.object).toBe('event');
      expect(event.api_version).toBe(env.sim.apiVersion);
      // The same event, as GET /v1/events/:id returns it.
      expect((await stripe.events.retrieve(event.id)).type).toBe(event.type);
    }
    const succeeded = env.receiver.events().find((e) => e.type === 'payment_intent.succeeded');
    expect(succeeded?.data.object).toMatchObject({ id: pi.id, amount_received: 10_000, status: 'succeeded' });
    const listed = await stripe.events.list({ type: 'payment_intent.succeeded' });
    expect(listed.data.map((e) => e.id)).toContain(succeeded?.id);
    await until(
      'no webhook pending',
      async () => (await stripe.events.retrieve(succeeded?.id ?? '')).pending_webhooks,
      (n) => n === 0,
    );
  });

  it('a forged signature and a stale timestamp are rejected by the SDK', async () => {
    await deposit();
    const [first] = await until(
      'an event',
      () => env.receiver.received,
      (r) => r.length > 0,
    );
    expect(first).toBeDefined();
    const body = first?.body ?? '';
    const header = first?.headers['stripe-signature'] as string;
    expect(() => stripe.webhooks.constructEvent(body, header, 'whsec_someone_else')).toThrow(
      stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(body.replace('30000', '1'), header, WEBHOOK_SECRET)).toThrow(
      stripe.errors.StripeSignatureVerificationError,
    );

    // A resend signed ten minutes ago (beyond the SDK's five-minute tolerance).
    const eventId = (JSON.parse(body) as { id: string }).id;
    const stale = Math.floor(Date.now() / 1000) - 600;
    await env.sim.webhooksIdle();
    const count = env.receiver.received.length;
    const resend = await fetch(`${env.sim.url}/sim/events/${eventId}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: stale }),
    });
    expect(resend.status).toBe(202);
    const [again] = (
      await until(
        'the resend',
        () => env.receiver.received,
        (r) => r.length > count,
      )
    ).slice(count);
    expect((JSON.parse(again?.body ?? '{}') as { id: string }).id).toBe(eventId);
    expect(again?.headers['stripe-signature']).toMatch(new RegExp(`^t=${stale},v1=`));
    expect(() =>
      stripe.webhooks.constructEvent(
        again?.body ?? '',
        again?.headers['stripe-signature'] as string,
        WEBHOOK_SECRET,
      ),
    ).toThrow(/Timestamp outside the tolerance zone/);
  });

  it('retries with backoff while the endpoint fails, then delivers (at least once)', async () => {
    const flaky = 'payment_intent.amount_capturable_updated';
    env.receiver.status = (n, type) => (type === flaky && n <= 2 ? 500 : 200);
    const pi = await deposit();
    const event = (await stripe.events.list({ type: flaky })).data[0];
    expect(event?.data.object).toMatchObject({ id: pi.id });
    const [delivery] = await until(
      'delivered',
      () => env.sim.deliveries({ event: event?.id }),
      (d) => d[0]?.state === 'delivered',
    );
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    // Exponential backoff: 10 ms, then 20 ms (the test's policy).
    const at = delivery?.attempts.map((a) => a.at) ?? [];
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(10);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(20);
    // The other events of the same payment went through at once.
    expect(
      env.sim
        .deliveries()
        .filter((d) => d.type !== flaky)
        .every((d) => d.attempts.length === 1),
    ).toBe(true);
    expect(env.receiver.events().filter((e) => e.type === flaky)).toHaveLength(3);
  });

  it('gives up after maxAttempts and marks the delivery failed', async () => {
    env.receiver.status = (_n, type) => (type === 'customer.created' ? 503 : 200);
    const customer = await stripe.customers.create({ email: 'x@example.com' });
    const created = (await stripe.events.list({ type: 'customer.created' })).data.find(
      (e) => (e.data.object as { id: string }).id === customer.id,
    );
    const [delivery] = await until(
      'given up',
      () => env.sim.deliveries({ event: created?.id }),
      (d) => d[0]?.state === 'failed',
    );
    expect(delivery?.attempts).toHaveLength(5);
    expect((await stripe.events.retrieve(created?.id ?? '')).pending_webhooks).toBe(0);
  });

  it('an injected delivery failure after delivery sends the same event twice (receivers must dedupe)', async () => {
    env.sim.injectFault({ kind: 'webhook_failure', times: 1, delivered: true });
    const customer = await stripe.customers.create({ name: 'Twice' });
    const received = await until(
      'two copies',
      () => env.receiver.events().filter((e) => e.data.object.id === customer.id),
      (e) => e.length === 2,
    );
    expect(received[0]?.id).toBe(received[1]?.id);
    env.sim.injectFault({ kind: 'webhook_failure', times: 1 });
    const other = await stripe.customers.create({ name: 'Dropped once' });
    const [delivery] = await until(
      'delivered after a drop',
      () =>
        env.sim
          .deliveries()
          .filter(
            (d) =>
              d.type === 'customer.created' &&
              env.receiver.events().some((e) => e.id === d.event && e.data.object.id === other.id),
          ),
      (d) => d[0]?.state === 'delivered',
    );
    expect(delivery?.attempts.map((a) => a.status)).toEqual([null, 200]);
    expect(env.receiver.events().filter((e) => e.data.object.id === other.id)).toHaveLength(1);
  });
});
