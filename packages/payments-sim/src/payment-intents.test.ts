import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startWithSdk } from './test-helpers';

// Driven only through the official SDK, as the app will drive Stripe.
let env: Awaited<ReturnType<typeof startWithSdk>>;
let stripe: Stripe;
beforeAll(async () => {
  env = await startWithSdk();
  stripe = env.stripe;
});
afterAll(() => env.close());

const card = (
  payment_method: string,
  extra: Partial<Stripe.PaymentIntentCreateParams> = {},
): Stripe.PaymentIntentCreateParams => ({
  amount: 12_345,
  currency: 'usd',
  payment_method,
  confirm: true,
  return_url: 'https://app.example/return',
  ...extra,
});

describe('test cards', () => {
  it('pm_card_visa succeeds: one captured charge, amount_received, objects shaped as Stripe', async () => {
    const pi = await stripe.paymentIntents.create(card('pm_card_visa', { metadata: { reservation: 'r-1' } }));
    expect(pi).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount_received: 12_345,
      amount_capturable: 0,
      livemode: false,
      metadata: { reservation: 'r-1' },
    });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi.payment_method).toMatch(/^pm_/);
    expect(Number.isInteger(pi.created) && pi.created < 1e10).toBe(true);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 12_345,
      amount_captured: 12_345,
      captured: true,
      paid: true,
      status: 'succeeded',
      payment_intent: pi.id,
    });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });
  });

  it('pm_card_chargeDeclined: 402 card_error card_declined generic_decline; the intent back to requires_payment_method', async () => {
    const error = await rejection(stripe.paymentIntents.create(card('pm_card_chargeDeclined')));
    expect(error).toBeInstanceOf(stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.raw).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    expect(error.requestId).toMatch(/^req_/);
    const piId = (error.raw as { payment_intent: { id: string } }).payment_intent.id;
    const pi = await stripe.paymentIntents.retrieve(piId);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.payment_method).toBeNull();
    expect(pi.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({
      status: 'failed',
      paid: false,
      failure_code: 'card_declined',
      captured: false,
    });
    // A new card on the same intent succeeds.
    const retried = await stripe.paymentIntents.confirm(pi.id, {
      payment_method: 'pm_card_visa',
      return_url: 'https://app.example/return',
    });
    expect(retried.status).toBe('succeeded');
    expect(env.sim.ledgerFor(pi.id)).toMatchObject({ authorized: 12_345, captured: 12_345, net: 12_345 });
  });

  it('pm_card_chargeDeclinedInsufficientFunds: decline_code insufficient_funds', async () => {
    const error = await rejection(
      stripe.paymentIntents.create(card('pm_card_chargeDeclinedInsufficientFunds')),
    );
    expect(error.statusCode).toBe(402);
    expect(error.raw).toMatchObject({
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
  });
});

describe('manual capture (a deposit hold)', () => {
  it('authorizes, captures part, releases the rest; the charge and the ledger agree to the cent', async () => {
    const held = await stripe.paymentIntents.create(
      card('pm_card_visa', { amount: 50_000, capture_method: 'manual' }),
    );
    expect(held).toMatchObject({ status: 'requires_capture', amount_capturable: 50_000, amount_received: 0 });
    const captured = await stripe.paymentIntents.capture(held.id, { amount_to_capture: 12_301 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 12_301, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount: 50_000, amount_captured: 12_301 });
    expect(env.sim.ledgerFor(held.id)).toEqual({
      payment_intent: held.id,
      currency: 'usd',
      authorized: 50_000,
      captured: 12_301,
      refunded: 0,
      released: 37_699,
      capturable: 0,
      net: 12_301,
    });
    const again = await rejection(stripe.paymentIntents.capture(held.id));
    expect(again.statusCode).toBe(400);
    expect(again.raw).toMatchObject({
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
    });
  });

  it('refuses to capture more than authorized, and cancel releases the whole hold', async () => {
    const held = await stripe.paymentIntents.create(
      card('pm_card_visa', { amount: 20_000, capture_method: 'manual' }),
    );
    const tooMuch = await rejection(stripe.paymentIntents.capture(held.id, { amount_to_capture: 20_001 }));
    expect(tooMuch.raw).toMatchObject({ code: 'amount_too_large', param: 'amount_to_capture' });
    const canceled = await stripe.paymentIntents.cancel(held.id, {
      cancellation_reason: 'requested_by_customer',
    });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
      amount_capturable: 0,
    });
    expect(typeof canceled.canceled_at).toBe('number');
    // Stripe: the remaining amount_capturable is "automatically refunded" (no money moved).
    const charge = await stripe.charges.retrieve(held.latest_charge as string);
    expect(charge).toMatchObject({
      captured: false,
      amount_captured: 0,
      refunded: true,
      amount_refunded: 20_000,
    });
    expect(env.sim.ledgerFor(held.id)).toMatchObject({
      authorized: 20_000,
      captured: 0,
      refunded: 0,
      released: 20_000,
      capturable: 0,
      net: 0,
    });
    const late = await rejection(stripe.paymentIntents.cancel(held.id));
    expect(late.raw).toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('walks requires_payment_method → requires_confirmation → requires_capture step by step', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'eur',
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
    });
    expect(created.status).toBe('requires_payment_method');
    const updated = await stripe.paymentIntents.update(created.id, { payment_method: 'pm_card_mastercard' });
    expect(updated.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(created.id);
    expect(confirmed).toMatchObject({
      status: 'requires_capture',
      currency: 'eur',
      amount_capturable: 5_000,
    });
  });
});

describe('validation as Stripe validates', () => {
  it('amount below the currency minimum, a non-integer amount, an unknown parameter, a bad currency', async () => {
    const small = await rejection(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect(small.statusCode).toBe(400);
    expect(small.raw).toMatchObject({
      type: 'invalid_request_error',
      code: 'amount_too_small',
      param: 'amount',
      message: 'Amount must be at least $0.50 usd',
    });
    const fraction = await rejection(stripe.paymentIntents.create({ amount: 10.5, currency: 'usd' }));
    expect(fraction.raw).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
    const unknown = await rejection(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        colour: 'red',
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown.raw).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    // Removed by API 2026-11-18.endive (stripe-node 23): `allowed_payment_method_types` replaces it.
    const removed = await rejection(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        payment_method_types: ['card'],
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(removed.raw).toMatchObject({ code: 'parameter_unknown', param: 'payment_method_types' });
    const currency = await rejection(stripe.paymentIntents.create({ amount: 1_000, currency: 'xyz' }));
    expect(currency.raw).toMatchObject({ param: 'currency' });
    expect(env.sim.ledger().payment_intents.every((e) => e.currency !== 'xyz')).toBe(true);
  });

  it('needs a return_url to confirm with automatic payment methods (as Stripe since 2023-08-16)', async () => {
    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    );
    expect(error.raw).toMatchObject({ type: 'invalid_request_error', param: 'return_url' });
  });

  it('unknown ids are 404 resource_missing; a wrong key is 401; no key is 401', async () => {
    const missing = await rejection(stripe.paymentIntents.retrieve('pi_nope'));
    expect(missing.statusCode).toBe(404);
    expect(missing.raw).toMatchObject({
      code: 'resource_missing',
      message: "No such payment_intent: 'pi_nope'",
    });
    const { default: StripeSdk } = await import('stripe');
    const wrong = new StripeSdk('sk_test_wrong_key_1234', {
      host: '127.0.0.1',
      port: env.sim.port,
      protocol: 'http',
    });
    const unauthorized = await rejection(wrong.paymentIntents.list());
    expect(unauthorized).toBeInstanceOf(stripe.errors.StripeAuthenticationError);
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.message).not.toContain('sk_test_wrong_key_1234');
    const bare = await fetch(`${env.sim.url}/v1/payment_intents`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('customers: create, retrieve, and a payment intent that names an unknown one is refused', async () => {
    const customer = await stripe.customers.create({
      email: 'renter@example.com',
      name: 'Ada Renter',
      metadata: { user: 'u-1' },
    });
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'renter@example.com',
      metadata: { user: 'u-1' },
    });
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
    const pi = await stripe.paymentIntents.create(card('pm_card_visa', { customer: customer.id }));
    expect(pi.customer).toBe(customer.id);
    const error = await rejection(
      stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', customer: 'cus_nope' }),
    );
    expect(error.raw).toMatchObject({ code: 'resource_missing', param: 'customer' });
  });

  it('a PaymentMethod used once while attached to no Customer is refused after, and changes nothing', async () => {
    const first = await stripe.paymentIntents.create(card('pm_card_visa'));
    expect(first.status).toBe('succeeded');
    const pm = first.payment_method as string;
    expect((await stripe.paymentMethods.retrieve(pm)).customer).toBeNull();
    const open = await stripe.paymentIntents.create({ amount: 2_000, currency: 'usd' });
    const error = await rejection(
      stripe.paymentIntents.confirm(open.id, {
        payment_method: pm,
        return_url: 'https://app.example/return',
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.raw).toMatchObject({ type: 'invalid_request_error', param: 'payment_method' });
    expect(error.message).toContain('It may not be used again');
    const after = await stripe.paymentIntents.retrieve(open.id);
    expect(after).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: null,
    });

    // An intent that named the card before it was used up elsewhere: its confirm is refused too,
    // before the confirm's own fields are taken.
    const named = await stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
    });
    await stripe.paymentIntents.create(card(named.payment_method as string));
    const late = await rejection(
      stripe.paymentIntents.confirm(named.id, {
        receipt_email: 'late@example.com',
        return_url: 'https://app.example/return',
      }),
    );
    expect(late.raw).toMatchObject({ type: 'invalid_request_error', param: 'payment_method' });
    expect(await stripe.paymentIntents.retrieve(named.id)).toMatchObject({
      status: 'requires_confirmation',
      receipt_email: null,
      latest_charge: null,
    });
  });

  it('setup_future_usage on a Customer’s payment attaches the card to the Customer; it pays again', async () => {
    const customer = await stripe.customers.create({ metadata: { reservation: 'r-2' } });
    const rental = await stripe.paymentIntents.create(
      card('pm_card_visa', { customer: customer.id, setup_future_usage: 'on_session' }),
    );
    expect(rental.status).toBe('succeeded');
    const pm = rental.payment_method as string;
    expect((await stripe.paymentMethods.retrieve(pm)).customer).toBe(customer.id);
    const deposit = await stripe.paymentIntents.create(
      card(pm, { customer: customer.id, capture_method: 'manual', amount: 50_000 }),
    );
    expect(deposit).toMatchObject({ status: 'requires_capture', payment_method: pm });
    // Without setup_future_usage the Customer's payment does not keep the card.
    const once = await stripe.paymentIntents.create(card('pm_card_visa', { customer: customer.id }));
    expect((await stripe.paymentMethods.retrieve(once.payment_method as string)).customer).toBeNull();
  });
});
