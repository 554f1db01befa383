import { cardError, type CardDecline, type StripeError } from './errors';
import type { RequestMeta } from './events';
import { newId } from './ids';
import type { Charge, PaymentIntent } from './objects';
import type { Store, StoredPaymentMethod } from './store';

/**
 * The card issuer's side of a confirmation: approves into a charge (authorized, or captured at
 * once), or declines into a failed charge and returns Stripe's card_error for the caller to throw
 * (an API call) or show (the 3-D Secure page); the ledger and the events of each.
 */
export function authorize(
  store: Store,
  pi: PaymentIntent,
  pm: StoredPaymentMethod,
  threeDSecure: 'authenticated' | null,
  meta: RequestMeta,
): StripeError | null {
  if (pm.card.decline) return declinePayment(store, pi, pm, pm.card.decline, meta);
  const manual = pi.capture_method === 'manual';
  const charge = newCharge(store, pi, pm, threeDSecure, null);
  const before = {
    status: pi.status,
    amount_capturable: pi.amount_capturable,
    amount_received: pi.amount_received,
  };
  pi.latest_charge = charge.id;
  // A successful payment that asks to keep its card attaches it to the intent's Customer; one
  // attached to no Customer has had its single use.
  if (pi.customer && pi.setup_future_usage && pm.object.customer === null) pm.object.customer = pi.customer;
  if (pm.object.customer === null) pm.consumed = true;
  store.deps.ledger.authorize(pi.id, pi.currency, pi.amount);
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    store.deps.ledger.capture(pi.id, pi.currency, pi.amount);
  }
  store.deps.events.emit('charge.succeeded', charge, meta);
  store.deps.events.emit(
    manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded',
    pi,
    meta,
    before,
  );
  return null;
}

export function declinePayment(
  store: Store,
  pi: PaymentIntent,
  pm: StoredPaymentMethod,
  decline: CardDecline,
  meta: RequestMeta,
): StripeError {
  const charge = newCharge(store, pi, pm, null, decline);
  const before = { status: pi.status };
  pi.latest_charge = charge.id;
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.next_action = null;
  pi.last_payment_error = {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll('_', '-')}`,
    message: decline.message,
    charge: charge.id,
    payment_method: structuredClone(pm.object),
  };
  store.deps.events.emit('charge.failed', charge, meta);
  store.deps.events.emit('payment_intent.payment_failed', pi, meta, before);
  return cardError(decline, {
    paymentIntent: structuredClone(pi),
    charge: charge.id,
    paymentMethod: structuredClone(pm.object),
  });
}

function newCharge(
  store: Store,
  pi: PaymentIntent,
  pm: StoredPaymentMethod,
  threeDSecure: 'authenticated' | null,
  decline: CardDecline | null,
): Charge {
  const manual = pi.capture_method === 'manual';
  const charge: Charge = {
    id: newId('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: decline || manual ? 0 : pi.amount,
    amount_refunded: 0,
    balance_transaction: null,
    billing_details: structuredClone(pm.object.billing_details),
    captured: !decline && !manual,
    created: store.now(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    livemode: false,
    metadata: { ...pi.metadata },
    outcome: decline
      ? {
          network_status: 'declined_by_network',
          reason: decline.declineCode,
          risk_level: 'normal',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : {
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'normal',
          seller_message: 'Payment complete.',
          type: 'authorized',
        },
    paid: !decline,
    payment_intent: pi.id,
    payment_method: pm.object.id,
    payment_method_details: {
      type: 'card',
      card: {
        amount_authorized: decline ? null : pi.amount,
        brand: pm.card.brand,
        // Stripe's holds on cards last 7 days.
        capture_before: manual && !decline ? store.now() + 7 * 86_400 : null,
        country: 'US',
        exp_month: pm.object.card.exp_month,
        exp_year: pm.object.card.exp_year,
        funding: pm.card.funding,
        last4: pm.card.last4,
        network: pm.card.brand,
        three_d_secure: threeDSecure
          ? { authentication_flow: 'challenge', result: 'authenticated', version: '2.2.0' }
          : null,
      },
    },
    refunded: false,
    status: decline ? 'failed' : 'succeeded',
  };
  store.charges.set(charge.id, charge);
  return charge;
}
