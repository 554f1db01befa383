import type { ColumnType, Generated } from 'kysely';
import type { PaymentLedgerKind, PaymentPurpose } from '@cybertacotruck/contracts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** A reservation's PaymentIntent for one purpose, with the amounts as last seen at Stripe. */
export type PaymentTable = {
  reservation_id: string;
  purpose: PaymentPurpose;
  payment_intent_id: string;
  amount_minor: number;
  currency: string;
  status: string;
  authorized_minor: Defaulted<number>;
  captured_minor: Defaulted<number>;
  refunded_minor: Defaulted<number>;
  released_minor: Defaulted<number>;
  capturable_minor: Defaulted<number>;
  card_brand: Defaulted<string | null>;
  card_last4: Defaulted<string | null>;
  last_error: Defaulted<string | null>;
  /** Where the renter's 3-D Secure page returns to, kept for a confirmation resumed without a card. */
  return_url: Defaulted<string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

/** One movement of money (a positive delta of one kind). */
export type PaymentLedgerTable = {
  id: Generated<string>;
  reservation_id: string;
  purpose: PaymentPurpose;
  payment_intent_id: string;
  kind: PaymentLedgerKind;
  amount_minor: number;
  currency: string;
  at: CreatedAt;
};

/** A Stripe event handled once: its id is the dedupe key of webhooks. */
export type PaymentWebhookEventTable = {
  event_id: string;
  type: string;
  payment_intent_id: string | null;
  received_at: CreatedAt;
};

export type PaymentTaskKind = 'settle-closed' | 'capture-at-return';

/** Work owed to Stripe after a reservation event, done outside the event's transaction. */
export type PaymentTaskTable = {
  reservation_id: string;
  kind: PaymentTaskKind;
  amount_minor: number | null;
  currency: string | null;
  event_id: string;
  attempts: Defaulted<number>;
  last_error: Defaulted<string | null>;
  created_at: CreatedAt;
  not_before: Defaulted<Date>;
  done_at: Defaulted<Date | null>;
};

export type PaymentsTables = {
  'reservation.payment': PaymentTable;
  'reservation.payment_ledger': PaymentLedgerTable;
  'reservation.payment_webhook_event': PaymentWebhookEventTable;
  'reservation.payment_task': PaymentTaskTable;
};
