import { sql, type Kysely } from 'kysely';
import type { PaymentLedgerKind, PaymentPurpose } from '@cybertacotruck/contracts';
import type { ReservationTables } from '../../tables';
import type { PaymentTaskKind } from './payments.tables';

/** Stripe's amounts for one PaymentIntent, cumulative (what `payment` keeps, what the ledger sums to). */
export interface PaymentAmounts {
  authorizedMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  releasedMinor: number;
  capturableMinor: number;
}

export interface PaymentSnapshot extends PaymentAmounts {
  paymentIntentId: string;
  status: string;
  card: { brand: string; last4: string } | null;
  lastError: string | null;
  paymentMethodId: string | null;
}

export interface PaymentRecord extends PaymentAmounts {
  reservationId: string;
  purpose: PaymentPurpose;
  paymentIntentId: string;
  amountMinor: number;
  currency: string;
  status: string;
  card: { brand: string; last4: string } | null;
  lastError: string | null;
  returnUrl: string | null;
  updatedAt: Date;
}

export interface LedgerRecord {
  reservationId: string;
  purpose: PaymentPurpose;
  paymentIntentId: string;
  kind: PaymentLedgerKind;
  amountMinor: number;
  currency: string;
  at: Date;
}

export interface PaymentTask {
  reservationId: string;
  kind: PaymentTaskKind;
  amountMinor: number | null;
  currency: string | null;
  attempts: number;
}

const AMOUNT_KINDS: [PaymentLedgerKind, keyof PaymentAmounts][] = [
  ['authorized', 'authorizedMinor'],
  ['captured', 'capturedMinor'],
  ['released', 'releasedMinor'],
  ['refunded', 'refundedMinor'],
];

type PaymentRow = {
  reservation_id: string;
  purpose: PaymentPurpose;
  payment_intent_id: string;
  amount_minor: number;
  currency: string;
  status: string;
  authorized_minor: number;
  captured_minor: number;
  refunded_minor: number;
  released_minor: number;
  capturable_minor: number;
  card_brand: string | null;
  card_last4: string | null;
  last_error: string | null;
  return_url: string | null;
  updated_at: Date;
};

const toRecord = (r: PaymentRow): PaymentRecord => ({
  reservationId: r.reservation_id,
  purpose: r.purpose,
  paymentIntentId: r.payment_intent_id,
  amountMinor: r.amount_minor,
  currency: r.currency,
  status: r.status,
  authorizedMinor: r.authorized_minor,
  capturedMinor: r.captured_minor,
  refundedMinor: r.refunded_minor,
  releasedMinor: r.released_minor,
  capturableMinor: r.capturable_minor,
  card: r.card_brand && r.card_last4 ? { brand: r.card_brand, last4: r.card_last4 } : null,
  lastError: r.last_error,
  returnUrl: r.return_url,
  updatedAt: r.updated_at,
});

/** Payments, their ledger, handled Stripe events and the work owed to Stripe. */
export class PaymentsRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async find(reservationId: string, purpose: PaymentPurpose): Promise<PaymentRecord | null> {
    const row = await this.db
      .selectFrom('reservation.payment')
      .selectAll()
      .where('reservation_id', '=', reservationId)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async byPaymentIntent(paymentIntentId: string): Promise<PaymentRecord | null> {
    const row = await this.db
      .selectFrom('reservation.payment')
      .selectAll()
      .where('payment_intent_id', '=', paymentIntentId)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(reservationId: string): Promise<PaymentRecord[]> {
    const rows = await this.db
      .selectFrom('reservation.payment')
      .selectAll()
      .where('reservation_id', '=', reservationId)
      .orderBy('created_at')
      .execute();
    return rows.map(toRecord);
  }

  /** The PaymentIntent made for a reservation's purpose (created once: its key is the reservation's). */
  async insert(p: {
    reservationId: string;
    purpose: PaymentPurpose;
    paymentIntentId: string;
    amountMinor: number;
    currency: string;
    status: string;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('reservation.payment')
      .values({
        reservation_id: p.reservationId,
        purpose: p.purpose,
        payment_intent_id: p.paymentIntentId,
        amount_minor: p.amountMinor,
        currency: p.currency,
        status: p.status,
        created_at: p.at,
        updated_at: p.at,
      })
      .onConflict((oc) => oc.columns(['reservation_id', 'purpose']).doNothing())
      .execute();
  }

  /**
   * Brings a payment to Stripe's amounts: each amount that grew is one ledger entry of the
   * difference, so the ledger always sums to the row and a second look at the same state (a
   * replayed webhook, a retry) adds nothing. Run in a transaction: the row is locked.
   */
  async apply(snapshot: PaymentSnapshot, at: Date): Promise<PaymentRecord | null> {
    const row = await this.db
      .selectFrom('reservation.payment')
      .selectAll()
      .where('payment_intent_id', '=', snapshot.paymentIntentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    const before = toRecord(row);
    const entries = AMOUNT_KINDS.flatMap(([kind, field]) => {
      const delta = snapshot[field] - before[field];
      return delta > 0
        ? [
            {
              reservation_id: before.reservationId,
              purpose: before.purpose,
              payment_intent_id: before.paymentIntentId,
              kind,
              amount_minor: delta,
              currency: before.currency,
              at,
            },
          ]
        : [];
    });
    const unchanged =
      entries.length === 0 &&
      before.status === snapshot.status &&
      before.capturableMinor === snapshot.capturableMinor &&
      before.lastError === snapshot.lastError &&
      (snapshot.card === null || before.card?.last4 === snapshot.card.last4);
    // A second look at the same state (a replay, a retry) writes nothing at all.
    if (unchanged) return before;
    if (entries.length > 0) await this.db.insertInto('reservation.payment_ledger').values(entries).execute();
    // Amounts only grow (Stripe never un-captures); a stale snapshot never moves them back.
    const updated = await this.db
      .updateTable('reservation.payment')
      .set({
        status: snapshot.status,
        authorized_minor: Math.max(before.authorizedMinor, snapshot.authorizedMinor),
        captured_minor: Math.max(before.capturedMinor, snapshot.capturedMinor),
        refunded_minor: Math.max(before.refundedMinor, snapshot.refundedMinor),
        released_minor: Math.max(before.releasedMinor, snapshot.releasedMinor),
        capturable_minor: snapshot.capturableMinor,
        card_brand: snapshot.card?.brand ?? row.card_brand,
        card_last4: snapshot.card?.last4 ?? row.card_last4,
        last_error: snapshot.lastError,
        updated_at: at,
      })
      .where('payment_intent_id', '=', snapshot.paymentIntentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(updated);
  }

  async rememberReturnUrl(paymentIntentId: string, returnUrl: string): Promise<void> {
    await this.db
      .updateTable('reservation.payment')
      .set({ return_url: returnUrl })
      .where('payment_intent_id', '=', paymentIntentId)
      .execute();
  }

  async ledger(reservationId: string): Promise<LedgerRecord[]> {
    const rows = await this.db
      .selectFrom('reservation.payment_ledger')
      .selectAll()
      .where('reservation_id', '=', reservationId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      purpose: r.purpose,
      paymentIntentId: r.payment_intent_id,
      kind: r.kind,
      amountMinor: r.amount_minor,
      currency: r.currency,
      at: r.at,
    }));
  }

  /** Records a Stripe event as handled; false when it was already (a replay or a retry). */
  async recordEvent(
    eventId: string,
    type: string,
    paymentIntentId: string | null,
    at: Date,
  ): Promise<boolean> {
    const inserted = await this.db
      .insertInto('reservation.payment_webhook_event')
      .values({ event_id: eventId, type, payment_intent_id: paymentIntentId, received_at: at })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Owes Stripe some work for a reservation (once per reservation and kind: a redelivery adds nothing). */
  async owe(task: {
    reservationId: string;
    kind: PaymentTaskKind;
    amountMinor: number | null;
    currency: string | null;
    eventId: string;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('reservation.payment_task')
      .values({
        reservation_id: task.reservationId,
        kind: task.kind,
        amount_minor: task.amountMinor,
        currency: task.currency,
        event_id: task.eventId,
        created_at: task.at,
        not_before: task.at,
      })
      .onConflict((oc) => oc.columns(['reservation_id', 'kind']).doNothing())
      .execute();
  }

  async dueTasks(now: Date, limit: number): Promise<PaymentTask[]> {
    const rows = await this.db
      .selectFrom('reservation.payment_task')
      .select(['reservation_id', 'kind', 'amount_minor', 'currency', 'attempts'])
      .where('done_at', 'is', null)
      .where('not_before', '<=', now)
      .orderBy('not_before')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      kind: r.kind,
      amountMinor: r.amount_minor,
      currency: r.currency,
      attempts: r.attempts,
    }));
  }

  async taskDone(reservationId: string, kind: PaymentTaskKind, at: Date): Promise<void> {
    await this.db
      .updateTable('reservation.payment_task')
      .set({ done_at: at, last_error: null })
      .where('reservation_id', '=', reservationId)
      .where('kind', '=', kind)
      .execute();
  }

  async taskFailed(
    reservationId: string,
    kind: PaymentTaskKind,
    error: string,
    retryAt: Date,
  ): Promise<void> {
    await this.db
      .updateTable('reservation.payment_task')
      .set({ attempts: sql<number>`attempts + 1`, last_error: error.slice(0, 1000), not_before: retryAt })
      .where('reservation_id', '=', reservationId)
      .where('kind', '=', kind)
      .execute();
  }

  async pendingTasks(reservationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('reservation.payment_task')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('reservation_id', '=', reservationId)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
