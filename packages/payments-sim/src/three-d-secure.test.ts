import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startWithSdk, until } from './test-helpers';

let env: Awaited<ReturnType<typeof startWithSdk>>;
let stripe: Stripe;
beforeAll(async () => {
  env = await startWithSdk();
  stripe = env.stripe;
});
afterAll(() => env.close());

const RETURN_URL = 'https://app.example/reservations/r-7/paid?step=deposit';

/** What a browser does on the simulator's 3-D Secure page: open it, press a button, follow no redirect. */
async function answerChallenge(url: string, button: 'Complete' | 'Fail'): Promise<Response> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('>Complete<');
  expect(html).toContain('>Fail<');
  const action = new RegExp(
    `<form method="post" action="([^"]+)"[^>]*><input type="hidden" name="client_secret" value="([^"]+)"><button[^>]*>${button}<`,
  ).exec(html);
  expect(action).not.toBeNull();
  return fetch(new URL(action?.[1] ?? '', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: action?.[2] ?? '' }).toString(),
    redirect: 'manual',
  });
}

const threeDs = (
  payment_method: string,
  extra: Partial<Stripe.PaymentIntentCreateParams> = {},
): Promise<Stripe.PaymentIntent> =>
  stripe.paymentIntents.create({
    amount: 25_000,
    currency: 'usd',
    payment_method,
    confirm: true,
    return_url: RETURN_URL,
    ...extra,
  });

describe('3-D Secure', () => {
  it('pm_card_threeDSecure2Required: requires_action → the page → Complete → authorized, back to return_url', async () => {
    const pi = await threeDs('pm_card_threeDSecure2Required', { capture_method: 'manual' });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('redirect_to_url');
    expect(pi.next_action?.redirect_to_url?.return_url).toBe(RETURN_URL);
    expect(pi.latest_charge).toBeNull();
    const response = await answerChallenge(pi.next_action?.redirect_to_url?.url ?? '', 'Complete');
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('https://app.example/reservations/r-7/paid');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      step: 'deposit',
      payment_intent: pi.id,
      payment_intent_client_secret: pi.client_secret,
      redirect_status: 'succeeded',
    });
    const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect(after).toMatchObject({ status: 'requires_capture', amount_capturable: 25_000, next_action: null });
    expect((after.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure).toMatchObject(
      { result: 'authenticated' },
    );
    // The link was single-use.
    expect((await fetch(pi.next_action?.redirect_to_url?.url ?? '')).status).toBe(404);
    const types = await until(
      'the events',
      () =>
        env.receiver
          .events()
          .filter((e) => e.data.object.id === pi.id)
          .map((e) => e.type),
      (t) => t.includes('payment_intent.amount_capturable_updated'),
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'payment_intent.created',
        'payment_intent.requires_action',
        'payment_intent.amount_capturable_updated',
      ]),
    );
  });

  it('Fail: back to requires_payment_method with payment_intent_authentication_failure, redirect_status=failed', async () => {
    const pi = await threeDs('pm_card_authenticationRequired');
    expect(pi.status).toBe('requires_action');
    const response = await answerChallenge(pi.next_action?.redirect_to_url?.url ?? '', 'Fail');
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('redirect_status')).toBe(
      'failed',
    );
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({
      code: 'payment_intent_authentication_failure',
      type: 'invalid_request_error',
    });
    expect(env.sim.ledgerFor(pi.id)).toBeUndefined();
    await until(
      'payment_failed delivered',
      () =>
        env.receiver
          .events()
          .filter((e) => e.type === 'payment_intent.payment_failed' && e.data.object.id === pi.id),
      (e) => e.length === 1,
    );
  });

  it('off-session, a card that needs authentication is declined with authentication_required', async () => {
    const error = await rejection(
      threeDs('pm_card_authenticationRequired', {
        off_session: true,
        return_url: undefined,
        allowed_payment_method_types: ['card'],
      }),
    );
    expect(error.statusCode).toBe(402);
    expect(error.raw).toMatchObject({
      type: 'card_error',
      code: 'authentication_required',
      decline_code: 'authentication_required',
    });
  });

  it('authenticated, then declined by the issuer: redirect_status=failed with the card_error on the intent', async () => {
    const pi = await threeDs('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds');
    const response = await answerChallenge(pi.next_action?.redirect_to_url?.url ?? '', 'Complete');
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('redirect_status')).toBe(
      'failed',
    );
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.last_payment_error).toMatchObject({
      type: 'card_error',
      decline_code: 'insufficient_funds',
    });
  });

  it('without return_url (payment_method_types card) the action is use_stripe_sdk pointing at the same page', async () => {
    const pi = await threeDs('pm_card_threeDSecure2Required', {
      return_url: undefined,
      allowed_payment_method_types: ['card'],
    });
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    const url = (pi.next_action?.use_stripe_sdk as { stripe_js: string }).stripe_js;
    const response = await answerChallenge(url, 'Complete');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Authentication complete');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('the control route answers the challenge without a browser; a wrong link secret is 404', async () => {
    const pi = await threeDs('pm_card_threeDSecure2Required');
    const forged = new URL(pi.next_action?.redirect_to_url?.url ?? '');
    forged.searchParams.set('client_secret', 'src_client_secret_forged');
    expect((await fetch(forged)).status).toBe(404);
    const res = await fetch(`${env.sim.url}/sim/payment_intents/${pi.id}/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    expect(res.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });
});
