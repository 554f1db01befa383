import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import {
  ProblemTypes,
  type PaymentActionRequired,
  type PaymentInput,
  type PaymentPurpose,
  type PaymentsConfig,
  type Principal,
  type ReservationPayments,
} from '@cybertacotruck/contracts';
import { DomainError, NotFoundError } from '@cybertacotruck/platform';
import { inTransaction, type ReservationDeps } from '../../deps';
import type { ReservationRecord } from '../reservations/reservations.repository';
import type { PaymentRecord, PaymentSnapshot, PaymentsRepository } from './payments.repository';
import { SIMULATOR_TEST_CARDS } from './test-cards';

/**
 * Stripe as the host chose it: the real API (STRIPE_SECRET_KEY) or the payments simulator speaking
 * its subset (`npm start` without keys). The service never knows which beyond `mode`.
 */
export interface PaymentsGateway {
  mode: 'stripe' | 'simulator';
  stripe: Stripe;
  /** `whsec_…`: webhooks are verified with it. Never logged. */
  webhookSecret: string;
  publishableKey: string | null;
}

export type PayOutcome = { status: 'paid' } | PaymentActionRequired;

export class PaymentDeclinedError extends DomainError {
  constructor(detail: string) {
    super(ProblemTypes.paymentDeclined, 402, 'Payment declined', detail);
  }
}

export class PaymentRequiredError extends DomainError {
  constructor(detail: string) {
    super(ProblemTypes.paymentRequired, 402, 'Payment required', detail);
  }
}

export class PaymentProviderError extends DomainError {
  constructor(detail: string) {
    super(ProblemTypes.paymentProviderError, 502, 'Payment provider error', detail);
  }
}

const DONE: Record<PaymentPurpose, string> = { rental: 'succeeded', deposit: 'requires_capture' };
const OPEN = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'];
const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/**
 * Payments of a reservation (issue 17 item 2): at confirmation the rental is charged (automatic
 * capture) and the deposit authorised (manual capture), each one PaymentIntent created once per
 * reservation; a cancellation or a lapsed hold refunds the rental and releases the deposit; at return
 * the charges are captured from the deposit and the rest released. Every Stripe call carries an
 * idempotency key derived from the reservation (and, for a confirmation, the request's own key);
 * every amount Stripe reports lands in the ledger as a delta (PaymentsRepository.apply).
 */
export class PaymentsService {
  constructor(
    private readonly deps: ReservationDeps,
    private readonly gateway: PaymentsGateway | null,
  ) {}

  get enabled(): boolean {
    return this.gateway !== null;
  }

  config(): PaymentsConfig {
    if (!this.gateway) return { mode: 'off', publishableKey: null, testCards: [] };
    return {
      mode: this.gateway.mode,
      publishableKey: this.gateway.publishableKey,
      testCards: this.gateway.mode === 'simulator' ? SIMULATOR_TEST_CARDS : [],
    };
  }

  private get repo(): PaymentsRepository {
    return this.deps.repos.payments;
  }

  private get stripe(): Stripe {
    if (!this.gateway) throw new PaymentProviderError('Payments are not configured.');
    return this.gateway.stripe;
  }

  /**
   * What confirmation waits for: the rental paid and the deposit held. Resumable: after a 3-D
   * Secure page the renter confirms again (without a card) and this goes on where it stopped.
   * A decline throws 402 payment-declined and changes nothing of the reservation.
   */
  async pay(r: ReservationRecord, input: PaymentInput | undefined, attemptKey: string): Promise<PayOutcome> {
    const attempt = createHash('sha256').update(attemptKey).digest('hex').slice(0, 24);
    let previousMethod: string | null = null;
    let returnUrl = input?.returnUrl;
    for (const purpose of purposesOf(r)) {
      const amount = purpose === 'rental' ? r.quote.subtotalMinor : r.quote.depositMinor;
      let pi = await this.intentFor(r, purpose, amount);
      // Coming back from 3-D Secure the renter sends no card: the page returns where it did before.
      returnUrl ??= (await this.repo.find(r.id, purpose))?.returnUrl ?? undefined;
      if (pi.status === DONE[purpose]) {
        previousMethod = methodId(pi);
        continue;
      }
      if (pi.status === 'processing')
        throw new PaymentProviderError('Your card payment is still processing; try again in a moment.');
      if (!OPEN.includes(pi.status))
        throw new PaymentProviderError(`The ${purpose} payment is ${pi.status}; it cannot be paid now.`);
      if (!input && pi.status === 'requires_action' && pi.next_action?.redirect_to_url?.url)
        return { status: 'requires_action', purpose, redirectUrl: pi.next_action.redirect_to_url.url };
      if (!input && pi.last_payment_error)
        throw new PaymentDeclinedError(declineMessage(purpose, pi.last_payment_error.message));
      const paymentMethod = input?.paymentMethod ?? previousMethod;
      if (!paymentMethod)
        throw new PaymentRequiredError(
          `Pay to confirm: the rental (${money(r.quote.subtotalMinor, r.quote.currency)}) is charged and a refundable deposit (${money(r.quote.depositMinor, r.quote.currency)}) is held on your card.`,
        );
      if (returnUrl) await this.repo.rememberReturnUrl(pi.id, returnUrl);
      try {
        pi = await this.stripe.paymentIntents.confirm(
          pi.id,
          { payment_method: paymentMethod, ...(returnUrl ? { return_url: returnUrl } : {}) },
          { idempotencyKey: `reservation-${r.id}-${purpose}-confirm-${attempt}` },
        );
      } catch (error) {
        if (isCardError(error)) {
          await this.sync(pi.id);
          throw new PaymentDeclinedError(declineMessage(purpose, error.message));
        }
        throw providerError(error);
      }
      await this.apply(pi);
      if (pi.status === 'requires_action') {
        const url = pi.next_action?.redirect_to_url?.url;
        if (!url) throw new PaymentProviderError('The card asks for authentication this app cannot show.');
        return { status: 'requires_action', purpose, redirectUrl: url };
      }
      if (pi.status !== DONE[purpose])
        throw new PaymentProviderError(`The ${purpose} payment is ${pi.status}; try again in a moment.`);
      previousMethod = methodId(pi);
    }
    return { status: 'paid' };
  }

  /** The reservation's PaymentIntent for a purpose: created once (its key names the reservation), else fetched. */
  private async intentFor(
    r: ReservationRecord,
    purpose: PaymentPurpose,
    amount: number,
  ): Promise<Stripe.PaymentIntent> {
    const row = await this.repo.find(r.id, purpose);
    if (row) return this.sync(row.paymentIntentId);
    const customer = await this.customerFor(r);
    const pi = await this.call(() =>
      this.stripe.paymentIntents.create(
        {
          amount,
          currency: r.quote.currency.toLowerCase(),
          capture_method: purpose === 'rental' ? 'automatic' : 'manual',
          // The card the renter gives is attached to the reservation's Customer once the rental is
          // paid, so the deposit can use the same PaymentMethod: Stripe refuses a second use of one
          // that is attached to no Customer (a PaymentMethod made by Stripe.js in the browser).
          customer,
          setup_future_usage: 'on_session',
          description: `${purpose === 'rental' ? 'Rental' : 'Deposit'}: ${r.vehicleName}, ${r.quote.pickupDate} to ${r.quote.returnDate}`,
          metadata: { reservation_id: r.id, purpose },
        },
        { idempotencyKey: `reservation-${r.id}-${purpose}-create` },
      ),
    );
    await this.repo.insert({
      reservationId: r.id,
      purpose,
      paymentIntentId: pi.id,
      amountMinor: amount,
      currency: r.quote.currency,
      status: pi.status,
      at: this.deps.now(),
    });
    return pi;
  }

  /**
   * The Stripe Customer both PaymentIntents of a reservation belong to: made once (its key names the
   * reservation; both intents are created within the hold's minutes). It carries no personal data.
   */
  private async customerFor(r: ReservationRecord): Promise<string> {
    const customer = await this.call(() =>
      this.stripe.customers.create(
        { metadata: { reservation_id: r.id } },
        { idempotencyKey: `reservation-${r.id}-customer` },
      ),
    );
    return customer.id;
  }

  /** Reads a PaymentIntent (its charge and refunds) from Stripe and brings its row and the ledger to it. */
  async sync(paymentIntentId: string): Promise<Stripe.PaymentIntent> {
    const pi = await this.call(() =>
      this.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }),
    );
    await this.apply(pi);
    return pi;
  }

  private async apply(pi: Stripe.PaymentIntent): Promise<void> {
    const snapshot = await this.snapshot(pi);
    await inTransaction(this.deps, (repos) => repos.payments.apply(snapshot, this.deps.now()));
  }

  /** Stripe's cumulative amounts for a PaymentIntent: refunds counted from its refunds, not the charge. */
  private async snapshot(pi: Stripe.PaymentIntent): Promise<PaymentSnapshot> {
    const charge =
      typeof pi.latest_charge === 'string'
        ? await this.call(() => this.stripe.charges.retrieve(pi.latest_charge as string))
        : pi.latest_charge;
    const authorized = charge?.status === 'succeeded' ? charge.amount : 0;
    const captured = charge?.captured ? charge.amount_captured : 0;
    let refunded = 0;
    if (captured > 0) {
      const refunds = await this.call(() => this.stripe.refunds.list({ payment_intent: pi.id, limit: 100 }));
      refunded = refunds.data.filter((x) => x.status === 'succeeded').reduce((sum, x) => sum + x.amount, 0);
    }
    const settled = pi.status === 'succeeded' || pi.status === 'canceled';
    const released = settled && authorized > 0 ? authorized - captured : 0;
    const card = charge?.payment_method_details?.card;
    return {
      paymentIntentId: pi.id,
      status: pi.status,
      authorizedMinor: authorized,
      capturedMinor: captured,
      refundedMinor: refunded,
      releasedMinor: released,
      capturableMinor: pi.amount_capturable,
      card: card?.last4 ? { brand: card.brand ?? 'card', last4: card.last4 } : null,
      lastError: pi.last_payment_error?.message ?? null,
      paymentMethodId: methodId(pi),
    };
  }

  /**
   * A closed reservation (cancelled or expired) gives the money back: the rental refunded as the
   * cancellation policy says (free cancellation: all of it; only a customer inside the window or an
   * operator can cancel a confirmed one) and every open PaymentIntent cancelled (the deposit's hold
   * released). Idempotent: keys per reservation, and a refund only of what is still captured.
   */
  async settleClosed(reservationId: string): Promise<void> {
    for (const row of await this.repo.list(reservationId)) {
      const pi = await this.sync(row.paymentIntentId);
      const current = await this.repo.byPaymentIntent(row.paymentIntentId);
      if (!current) continue;
      const owed = refundOnClose(current);
      if (owed > 0)
        await this.call(() =>
          this.stripe.refunds.create(
            {
              payment_intent: pi.id,
              amount: owed,
              reason: 'requested_by_customer',
              metadata: { reservation_id: reservationId },
            },
            {
              idempotencyKey: `reservation-${reservationId}-${row.purpose}-refund-${String(current.refundedMinor)}`,
            },
          ),
        );
      if (OPEN.includes(pi.status))
        await this.call(() =>
          this.stripe.paymentIntents.cancel(
            pi.id,
            { cancellation_reason: 'abandoned' },
            { idempotencyKey: `reservation-${reservationId}-${row.purpose}-cancel` },
          ),
        );
      if (owed > 0 || OPEN.includes(pi.status)) await this.sync(pi.id);
    }
  }

  /**
   * At return: `amountMinor` (the return's charges) is captured from the deposit, the rest released
   * by Stripe with the partial capture; nothing owed releases the whole hold. More owed than held is
   * captured up to the hold and logged for the operator.
   */
  async captureAtReturn(reservationId: string, amountMinor: number, currency: string): Promise<void> {
    const row = await this.repo.find(reservationId, 'deposit');
    if (!row) {
      if (amountMinor > 0)
        this.deps.logger.warn(
          { reservationId, amountMinor },
          'return charges but no deposit to capture them from',
        );
      return;
    }
    if (row.currency !== currency)
      throw new Error(`return charges in ${currency}, deposit in ${row.currency}: not captured`);
    const pi = await this.sync(row.paymentIntentId);
    if (pi.status !== 'requires_capture') return;
    const capture = Math.min(amountMinor, pi.amount_capturable);
    if (amountMinor > capture)
      this.deps.logger.warn(
        { reservationId, owedMinor: amountMinor, capturedMinor: capture },
        'return charges exceed the deposit held; the rest is owed',
      );
    if (capture > 0)
      await this.call(() =>
        this.stripe.paymentIntents.capture(
          pi.id,
          { amount_to_capture: capture, metadata: { reservation_id: reservationId } },
          { idempotencyKey: `reservation-${reservationId}-deposit-capture` },
        ),
      );
    else
      await this.call(() =>
        this.stripe.paymentIntents.cancel(
          pi.id,
          { cancellation_reason: 'requested_by_customer' },
          { idempotencyKey: `reservation-${reservationId}-deposit-release` },
        ),
      );
    await this.sync(pi.id);
  }

  /**
   * A webhook, its signature checked on the raw body: handled once per event id. The event only
   * says that something changed; the PaymentIntent is read again from Stripe, so an event that is
   * late, repeated or out of order cannot move the amounts back. Unknown PaymentIntents are ignored.
   */
  async webhook(rawBody: Buffer, signature: string | undefined): Promise<{ duplicate: boolean }> {
    if (!this.gateway) throw new NotFoundError('Payments are not configured.');
    let event: Stripe.Event;
    try {
      event = this.gateway.stripe.webhooks.constructEvent(
        rawBody,
        signature ?? '',
        this.gateway.webhookSecret,
      );
    } catch {
      throw new DomainError(
        ProblemTypes.webhookSignatureInvalid,
        400,
        'Invalid signature',
        'The Stripe-Signature header does not verify this body with the endpoint secret (forged, altered or too old).',
      );
    }
    const paymentIntentId = intentOf(event);
    const known = paymentIntentId ? await this.repo.byPaymentIntent(paymentIntentId) : null;
    const snapshot =
      known && paymentIntentId
        ? await this.snapshot(
            await this.call(() =>
              this.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }),
            ),
          )
        : null;
    const at = this.deps.now();
    const fresh = await inTransaction(this.deps, async (repos) => {
      const payments = repos.payments;
      const first = await payments.recordEvent(event.id, event.type, paymentIntentId, at);
      if (first && snapshot) await payments.apply(snapshot, at);
      return first;
    });
    return { duplicate: !fresh };
  }

  /** The reservation's payments and ledger, for its customer (another's is 404) and operators. */
  async forReservation(principal: Principal, reservationId: string): Promise<ReservationPayments> {
    const reservation = await this.deps.repos.reservations.findById(reservationId);
    if (!reservation || (principal.role === 'customer' && reservation.customerId !== principal.userId))
      throw new NotFoundError(`No reservation with id ${reservationId}.`, ProblemTypes.reservationNotFound);
    const [items, ledger] = await Promise.all([
      this.repo.list(reservation.id),
      this.repo.ledger(reservation.id),
    ]);
    const sum = (f: (p: PaymentRecord) => number) => items.reduce((s, p) => s + f(p), 0);
    const captured = sum((p) => p.capturedMinor);
    const refunded = sum((p) => p.refundedMinor);
    return {
      reservationId: reservation.id,
      items: items.map((p) => ({
        purpose: p.purpose,
        paymentIntentId: p.paymentIntentId,
        status: p.status,
        amountMinor: p.amountMinor,
        currency: p.currency,
        authorizedMinor: p.authorizedMinor,
        capturedMinor: p.capturedMinor,
        refundedMinor: p.refundedMinor,
        releasedMinor: p.releasedMinor,
        capturableMinor: p.capturableMinor,
        card: p.card,
        lastError: p.lastError,
        updatedAt: p.updatedAt.toISOString(),
      })),
      ledger: ledger.map((e) => ({
        purpose: e.purpose,
        kind: e.kind,
        amountMinor: e.amountMinor,
        currency: e.currency,
        paymentIntentId: e.paymentIntentId,
        at: e.at.toISOString(),
      })),
      totals: {
        currency: items[0]?.currency ?? null,
        capturedMinor: captured,
        refundedMinor: refunded,
        releasedMinor: sum((p) => p.releasedMinor),
        heldMinor: sum((p) => p.capturableMinor),
        netMinor: captured - refunded,
      },
    };
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw providerError(error);
    }
  }
}

/** The rental first (the larger, the one a decline should stop), then the deposit when there is one. */
const purposesOf = (r: ReservationRecord): PaymentPurpose[] =>
  r.quote.depositMinor > 0 ? ['rental', 'deposit'] : ['rental'];

/**
 * What a closed reservation gives back of a payment: the cancellation policy lets a customer cancel
 * only while it is free and an operator decide later, and names no fee, so all that was taken and
 * not yet refunded.
 */
export const refundOnClose = (p: Pick<PaymentRecord, 'capturedMinor' | 'refundedMinor'>): number =>
  Math.max(0, p.capturedMinor - p.refundedMinor);

const methodId = (pi: Stripe.PaymentIntent): string | null =>
  typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? null);

const declineMessage = (purpose: PaymentPurpose, message: string | undefined) =>
  `${message ?? 'Your card was declined.'} Nothing was charged for the ${purpose === 'rental' ? 'rental' : 'deposit'}; your reservation is still held. Try another card.`;

function isCardError(error: unknown): error is Error & { type: string } {
  return error instanceof Error && (error as { type?: unknown }).type === 'StripeCardError';
}

function providerError(error: unknown): Error {
  if (error instanceof DomainError) return error;
  const e = error as { type?: string; message?: string };
  if (typeof e.type === 'string' && e.type.startsWith('Stripe'))
    return new PaymentProviderError(`The payment provider refused the request: ${e.message ?? e.type}`);
  return error instanceof Error ? error : new Error(String(error));
}

function intentOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: unknown };
  if (object.object === 'payment_intent' && typeof object.id === 'string') return object.id;
  if (typeof object.payment_intent === 'string') return object.payment_intent;
  return null;
}
