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

const pay = (
  amount: number,
  capture_method: 'automatic' | 'manual' = 'automatic',
): Promise<Stripe.PaymentIntent> =>
  stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    capture_method,
    allowed_payment_method_types: ['card'],
  });

describe('refunds', () => {
  it('partial then full: never above what was captured minus earlier refunds', async () => {
    const pi = await pay(10_000);
    const first = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 2_550,
      reason: 'requested_by_customer',
      metadata: { policy: '48h' },
    });
    expect(first).toMatchObject({
      object: 'refund',
      amount: 2_550,
      status: 'succeeded',
      payment_intent: pi.id,
      charge: pi.latest_charge,
      reason: 'requested_by_customer',
      currency: 'usd',
    });
    expect(first.id).toMatch(/^re_/);
    const over = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 7_451 }));
    expect(over.statusCode).toBe(400);
    expect(over.raw).toMatchObject({
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount',
    });
    expect((over.raw as { message: string }).message).toBe(
      'Refund amount ($74.51) is greater than unrefunded amount on charge ($74.50)',
    );
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(7_450);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    const done = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(done.raw).toMatchObject({ code: 'charge_already_refunded' });
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, first.id]);
    expect((await stripe.refunds.retrieve(first.id)).metadata).toEqual({ policy: '48h' });
    expect(env.sim.ledgerFor(pi.id)).toMatchObject({ captured: 10_000, refunded: 10_000, net: 0 });
  });

  it('refunds only captured money: a partly captured deposit refunds up to the captured part; a hold is not refundable', async () => {
    const held = await pay(30_000, 'manual');
    const holdRefund = await rejection(stripe.refunds.create({ payment_intent: held.id }));
    expect(holdRefund.statusCode).toBe(400);
    await stripe.paymentIntents.capture(held.id, { amount_to_capture: 4_000 });
    const over = await rejection(stripe.refunds.create({ payment_intent: held.id, amount: 4_001 }));
    expect(over.raw).toMatchObject({ code: 'amount_too_large' });
    await stripe.refunds.create({ payment_intent: held.id, amount: 4_000 });
    expect(env.sim.ledgerFor(held.id)).toMatchObject({
      authorized: 30_000,
      captured: 4_000,
      released: 26_000,
      refunded: 4_000,
      net: 0,
    });
  });

  it('a refund for an unknown payment intent is 404; neither payment_intent nor charge is 400', async () => {
    const missing = await rejection(stripe.refunds.create({ payment_intent: 'pi_nope' }));
    expect(missing.statusCode).toBe(404);
    const none = await rejection(stripe.refunds.create({}));
    expect(none.raw).toMatchObject({ code: 'parameter_missing' });
  });

  it('reconciles to the cent: the ledger equals the sums of the API objects', async () => {
    const a = await pay(9_999);
    const b = await pay(25_000, 'manual');
    const c = await pay(1_234, 'manual');
    await stripe.paymentIntents.capture(b.id, { amount_to_capture: 17_777 });
    await stripe.paymentIntents.cancel(c.id);
    await stripe.refunds.create({ payment_intent: a.id, amount: 333 });
    await stripe.refunds.create({ payment_intent: b.id, amount: 1 });
    await stripe.refunds.create({ payment_intent: b.id, amount: 7_776 });

    const charges = await stripe.charges.list({ limit: 100 });
    const refunds = await stripe.refunds.list({ limit: 100 });
    const captured = charges.data.reduce((sum, ch) => sum + ch.amount_captured, 0);
    const refunded = refunds.data.reduce((sum, r) => sum + r.amount, 0);
    const totals = env.sim.ledger().totals.find((t) => t.currency === 'usd');
    expect(totals).toBeDefined();
    expect(totals?.captured).toBe(captured);
    expect(totals?.refunded).toBe(refunded);
    expect(totals?.net).toBe(captured - refunded);
    expect(totals?.authorized).toBe(
      (totals?.captured ?? 0) + (totals?.released ?? 0) + (totals?.capturable ?? 0),
    );
    // Each intent of this test, to the cent.
    expect(env.sim.ledgerFor(a.id)).toMatchObject({ captured: 9_999, refunded: 333, net: 9_666 });
    expect(env.sim.ledgerFor(b.id)).toMatchObject({
      captured: 17_777,
      released: 7_223,
      refunded: 7_777,
      net: 10_000,
    });
    expect(env.sim.ledgerFor(c.id)).toMatchObject({ captured: 0, released: 1_234, net: 0 });
    const http: unknown = await (await fetch(`${env.sim.url}/sim/ledger/${b.id}`)).json();
    expect(http).toEqual(env.sim.ledgerFor(b.id));
  });
});
