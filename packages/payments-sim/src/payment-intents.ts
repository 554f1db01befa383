import { checkAmount } from './currency';
import { invalidParam, invalidRequest, noSuch, type StripeError } from './errors';
import { NO_REQUEST, type RequestMeta } from './events';
import type { FaultBook } from './faults';
import { authorize, declinePayment } from './issuer';
import { newId, randomToken } from './ids';
import type {
  CancellationReason,
  CaptureMethod,
  Charge,
  Metadata,
  PaymentIntent,
  PaymentIntentStatus,
} from './objects';
import type { Store, StoredPaymentMethod } from './store';
import { AUTHENTICATION_FAILED_MESSAGE, AUTHENTICATION_REQUIRED } from './test-cards';

export interface CreateIntentInput {
  amount: number;
  currency: string;
  captureMethod?: CaptureMethod;
  customer?: string;
  description?: string;
  metadata?: Metadata;
  paymentMethod?: string;
  paymentMethodTypes?: string[];
  automaticPaymentMethods?: { enabled: boolean; allowRedirects?: 'always' | 'never' };
  receiptEmail?: string;
  statementDescriptor?: string;
  statementDescriptorSuffix?: string;
  setupFutureUsage?: 'off_session' | 'on_session';
  transferGroup?: string;
  confirm?: boolean;
  confirmation: ConfirmInput;
}

export interface ConfirmInput {
  paymentMethod?: string;
  returnUrl?: string;
  offSession?: boolean;
  errorOnRequiresAction?: boolean;
  captureMethod?: CaptureMethod;
  receiptEmail?: string;
}

const CONFIRMABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];
const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
const UPDATABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

/**
 * PaymentIntents and their state machine as Stripe runs it for cards:
 * requires_payment_method → requires_confirmation → (requires_action: 3-D Secure) →
 * requires_capture (manual capture) → succeeded, or canceled; a decline or a failed authentication
 * goes back to requires_payment_method with `last_payment_error`. Card payments settle at once, so
 * `processing` is seen only when a `processing` fault holds a confirmation there for a while (as
 * slower payment methods do), settling afterwards with its webhooks.
 */
export class PaymentIntents {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly faults?: FaultBook,
  ) {}

  /** Stops intents held in `processing` from settling (the simulator is closing). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  create(input: CreateIntentInput, meta: RequestMeta): PaymentIntent {
    checkAmount(input.amount, input.currency);
    if (input.customer) this.store.customer(input.customer, 'customer');
    if (input.confirmation.offSession && !input.confirm) {
      throw invalidParam('You can only set `off_session` when `confirm` is true.', 'off_session');
    }
    const pm = input.paymentMethod ? this.store.resolvePaymentMethod(input.paymentMethod) : undefined;
    const explicitTypes = input.paymentMethodTypes !== undefined;
    const id = newId('pi');
    const pi: PaymentIntent = {
      id,
      object: 'payment_intent',
      amount: input.amount,
      amount_capturable: 0,
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      allowed_payment_method_types: input.paymentMethodTypes ?? null,
      // Since 2023-08-16 Stripe enables automatic payment methods unless the types are restricted
      // (here: an allowed list, which holds only non-redirecting cards).
      automatic_payment_methods: explicitTypes
        ? null
        : {
            enabled: input.automaticPaymentMethods?.enabled ?? true,
            allow_redirects: input.automaticPaymentMethods?.allowRedirects ?? 'always',
          },
      canceled_at: null,
      cancellation_reason: null,
      capture_method: input.captureMethod ?? 'automatic_async',
      client_secret: `${id}_secret_${randomToken(25)}`,
      confirmation_method: 'automatic',
      created: this.store.now(),
      currency: input.currency,
      customer: input.customer ?? null,
      description: input.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: input.metadata ?? {},
      next_action: null,
      on_behalf_of: null,
      payment_method: pm?.object.id ?? null,
      payment_method_options: { card: { request_three_d_secure: 'automatic' } },
      payment_method_types: ['card'],
      processing: null,
      receipt_email: input.receiptEmail ?? null,
      review: null,
      setup_future_usage: input.setupFutureUsage ?? null,
      shipping: null,
      source: null,
      statement_descriptor: input.statementDescriptor ?? null,
      statement_descriptor_suffix: input.statementDescriptorSuffix ?? null,
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: null,
      transfer_group: input.transferGroup ?? null,
    };
    if (input.confirm) this.checkConfirmable(pi, input.confirmation);
    this.store.paymentIntents.set(id, pi);
    this.store.intentState.set(id, {
      returnUrl: null,
      offSession: false,
      errorOnRequiresAction: false,
      challenge: null,
      authenticated: false,
    });
    this.store.deps.events.emit('payment_intent.created', pi, meta);
    if (input.confirm) return this.confirm(id, input.confirmation, meta);
    return pi;
  }

  update(
    id: string,
    input: {
      amount?: number;
      currency?: string;
      description?: string | null;
      metadata?: Metadata;
      paymentMethod?: string;
      captureMethod?: CaptureMethod;
      receiptEmail?: string | null;
    },
    meta: RequestMeta,
  ): PaymentIntent {
    const pi = this.store.intent(id);
    const changesMoney =
      input.amount !== undefined ||
      input.currency !== undefined ||
      input.paymentMethod !== undefined ||
      input.captureMethod !== undefined;
    if (changesMoney && !UPDATABLE.includes(pi.status)) throw this.unexpectedState(pi, 'update', UPDATABLE);
    if (input.amount !== undefined || input.currency !== undefined) {
      checkAmount(input.amount ?? pi.amount, input.currency ?? pi.currency);
    }
    const previous: Record<string, unknown> = {};
    const set = <K extends keyof PaymentIntent>(key: K, value: PaymentIntent[K] | undefined): void => {
      if (value === undefined || value === pi[key]) return;
      previous[key] = pi[key];
      pi[key] = value;
    };
    set('amount', input.amount);
    set('currency', input.currency);
    set('description', input.description);
    set('metadata', input.metadata);
    set('capture_method', input.captureMethod);
    set('receipt_email', input.receiptEmail);
    if (input.paymentMethod !== undefined) {
      set('payment_method', this.store.resolvePaymentMethod(input.paymentMethod).object.id);
      set('status', 'requires_confirmation');
      set('next_action', null);
    }
    if (Object.keys(previous).length > 0)
      this.store.deps.events.emit('payment_intent.updated', pi, meta, previous);
    return pi;
  }

  confirm(id: string, input: ConfirmInput, meta: RequestMeta): PaymentIntent {
    const pi = this.store.intent(id);
    const state = this.store.state(id);
    if (!CONFIRMABLE.includes(pi.status)) throw this.unexpectedState(pi, 'confirm', CONFIRMABLE);
    this.checkConfirmable(pi, input);
    // A card the intent already names may have been used up since (by another intent): refused
    // before anything of this intent changes.
    if (!input.paymentMethod && pi.payment_method)
      this.store.reusable(this.store.paymentMethod(pi.payment_method));
    if (input.paymentMethod) {
      pi.payment_method = this.store.resolvePaymentMethod(input.paymentMethod).object.id;
      state.authenticated = false;
    }
    if (input.captureMethod) pi.capture_method = input.captureMethod;
    if (input.receiptEmail) pi.receipt_email = input.receiptEmail;
    state.returnUrl = input.returnUrl ?? null;
    state.offSession = input.offSession ?? false;
    state.errorOnRequiresAction = input.errorOnRequiresAction ?? false;
    pi.last_payment_error = null;
    pi.next_action = null;
    const pm = this.store.paymentMethod(pi.payment_method as string);

    if (pm.card.threeDSecure === 'required' && !state.authenticated) {
      if (state.offSession || state.errorOnRequiresAction) {
        throw declinePayment(this.store, pi, pm, AUTHENTICATION_REQUIRED, meta);
      }
      return this.requireAction(pi, meta);
    }
    const hold = this.faults?.take('processing');
    if (hold) return this.holdInProcessing(pi, pm, hold.ms, meta);
    const error = authorize(this.store, pi, pm, null, meta);
    if (error) throw error;
    return pi;
  }

  capture(
    id: string,
    input: { amountToCapture?: number; metadata?: Metadata },
    meta: RequestMeta,
  ): PaymentIntent {
    const pi = this.store.intent(id);
    if (pi.status !== 'requires_capture') throw this.unexpectedState(pi, 'capture', ['requires_capture']);
    const capturable = pi.amount_capturable;
    const amount = input.amountToCapture ?? capturable;
    if (amount > capturable) {
      throw invalidRequest(
        `The amount to capture (${amount}) must be less than or equal to the amount capturable on this PaymentIntent (${capturable}).`,
        { code: 'amount_too_large', param: 'amount_to_capture' },
      );
    }
    checkAmount(amount, pi.currency, 'amount_to_capture');
    const charge = this.store.charge(pi.latest_charge as string);
    const chargeBefore = { captured: charge.captured, amount_captured: charge.amount_captured };
    charge.captured = true;
    charge.amount_captured = amount;
    const intentBefore = {
      status: pi.status,
      amount_capturable: capturable,
      amount_received: pi.amount_received,
    };
    pi.amount_capturable = 0;
    pi.amount_received = amount;
    pi.status = 'succeeded';
    if (input.metadata) pi.metadata = input.metadata;
    // The part not captured is released to the cardholder at once.
    this.store.deps.ledger.capture(pi.id, pi.currency, amount);
    this.store.deps.ledger.release(pi.id, pi.currency, capturable - amount);
    this.store.deps.events.emit('charge.captured', charge, meta, chargeBefore);
    this.store.deps.events.emit('payment_intent.succeeded', pi, meta, intentBefore);
    return pi;
  }

  cancel(id: string, reason: CancellationReason | undefined, meta: RequestMeta): PaymentIntent {
    const pi = this.store.intent(id);
    if (!CANCELABLE.includes(pi.status)) throw this.unexpectedState(pi, 'cancel', CANCELABLE);
    let released: { charge: Charge; before: Record<string, unknown> } | null = null;
    if (pi.status === 'requires_capture') {
      // Stripe: "the remaining amount_capturable is automatically refunded": the uncaptured charge
      // shows refunded (and `charge.refunded` fires) though no money moved; the ledger says released.
      const charge = this.store.charge(pi.latest_charge as string);
      released = { charge, before: { amount_refunded: charge.amount_refunded, refunded: charge.refunded } };
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
      this.store.deps.ledger.release(pi.id, pi.currency, pi.amount_capturable);
      pi.amount_capturable = 0;
    }
    const before = { status: pi.status };
    pi.status = 'canceled';
    pi.canceled_at = this.store.now();
    pi.cancellation_reason = reason ?? null;
    pi.next_action = null;
    this.store.state(id).challenge = null;
    if (released) this.store.deps.events.emit('charge.refunded', released.charge, meta, released.before);
    this.store.deps.events.emit('payment_intent.canceled', pi, meta, before);
    return pi;
  }

  /**
   * The cardholder's answer on the 3-D Secure page. Returns where to send the browser next: the
   * `return_url` with Stripe's query (`payment_intent`, `payment_intent_client_secret`,
   * `redirect_status`), or null when none was given.
   */
  authenticate(
    source: string,
    secret: string,
    outcome: 'complete' | 'fail',
  ): { intent: PaymentIntent; redirect: string | null; succeeded: boolean } {
    const found = [...this.store.intentState.entries()].find(([, s]) => s.challenge?.source === source);
    const [id, state] = found ?? [];
    if (!id || !state || state.challenge?.secret !== secret) throw noSuch('source', source);
    const pi = this.store.intent(id);
    const pm = this.store.paymentMethod(pi.payment_method as string);
    state.challenge = null;
    pi.next_action = null;
    if (outcome === 'complete') {
      state.authenticated = true;
      authorize(this.store, pi, pm, 'authenticated', NO_REQUEST);
    } else {
      const before = { status: pi.status };
      pi.status = 'requires_payment_method';
      pi.payment_method = null;
      pi.last_payment_error = {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
        message: AUTHENTICATION_FAILED_MESSAGE,
        payment_method: structuredClone(pm.object),
      };
      this.store.deps.events.emit('payment_intent.payment_failed', pi, NO_REQUEST, before);
    }
    const succeeded = pi.status === 'succeeded' || pi.status === 'requires_capture';
    let redirect: string | null = null;
    if (state.returnUrl) {
      const url = new URL(state.returnUrl);
      url.searchParams.set('payment_intent', pi.id);
      url.searchParams.set('payment_intent_client_secret', pi.client_secret);
      url.searchParams.set('redirect_status', succeeded ? 'succeeded' : 'failed');
      redirect = url.toString();
    }
    return { intent: pi, redirect, succeeded };
  }

  /** The hold lapsed (Stripe: 7 days for most cards): the intent is canceled, the money released. */
  expireAuthorization(id: string): PaymentIntent {
    const pi = this.store.intent(id);
    if (pi.status !== 'requires_capture') throw this.unexpectedState(pi, 'expire', ['requires_capture']);
    const charge = this.store.charge(pi.latest_charge as string);
    const result = this.cancel(id, 'automatic', NO_REQUEST);
    this.store.deps.events.emit('charge.expired', charge, NO_REQUEST);
    return result;
  }

  private checkConfirmable(pi: PaymentIntent, input: ConfirmInput): void {
    if (!pi.payment_method && !input.paymentMethod) {
      throw invalidParam(
        'You cannot confirm this PaymentIntent because it’s missing a payment method. To confirm the PaymentIntent with a payment method, pass `payment_method`.',
        'payment_method',
        'payment_intent_unexpected_state',
      );
    }
    const redirects =
      pi.automatic_payment_methods?.enabled && pi.automatic_payment_methods.allow_redirects !== 'never';
    if (redirects && !input.returnUrl && !input.offSession) {
      throw invalidParam(
        "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
        'return_url',
      );
    }
  }

  /** The confirmation answers `processing`; the issuer's answer comes `ms` later, by webhook. */
  private holdInProcessing(
    pi: PaymentIntent,
    pm: StoredPaymentMethod,
    ms: number,
    meta: RequestMeta,
  ): PaymentIntent {
    const before = { status: pi.status };
    pi.status = 'processing';
    this.store.deps.events.emit('payment_intent.processing', pi, meta, before);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Canceled meanwhile: nothing to settle. A decline lands on the intent and its webhooks.
      if (pi.status === 'processing') authorize(this.store, pi, pm, null, NO_REQUEST);
    }, ms);
    this.timers.add(timer);
    return pi;
  }

  private requireAction(pi: PaymentIntent, meta: RequestMeta): PaymentIntent {
    const state = this.store.state(pi.id);
    const challenge = { source: newId('src'), secret: `src_client_secret_${randomToken(24)}` };
    state.challenge = challenge;
    const url = `${this.store.deps.baseUrl()}/redirect/authenticate/${challenge.source}?client_secret=${challenge.secret}`;
    const before = { status: pi.status };
    pi.status = 'requires_action';
    pi.next_action = state.returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: state.returnUrl } }
      : {
          type: 'use_stripe_sdk',
          use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: challenge.source },
        };
    this.store.deps.events.emit('payment_intent.requires_action', pi, meta, before);
    return pi;
  }

  private unexpectedState(
    pi: PaymentIntent,
    verb: keyof typeof DONE,
    allowed: readonly PaymentIntentStatus[],
  ): StripeError {
    const lead =
      verb === 'capture'
        ? 'This PaymentIntent could not be captured'
        : `You cannot ${verb} this PaymentIntent`;
    return invalidRequest(
      `${lead} because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be ${DONE[verb]}: ${allowed.join(', ')}.`,
      { code: 'payment_intent_unexpected_state', paymentIntent: structuredClone(pi) },
    );
  }
}

const DONE = {
  confirm: 'confirmed',
  capture: 'captured',
  cancel: 'canceled',
  update: 'updated',
  expire: 'expired',
} as const;
