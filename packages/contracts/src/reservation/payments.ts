import Type, { type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Minor = (description: string) =>
  Type.Integer({ minimum: 0, description: `${description}, in minor units (cents)` });
const DateTime = Type.String({ format: 'date-time' });

/** What a reservation pays: the rental (charged at confirmation) and the deposit (authorised, captured at return). */
export const PAYMENT_PURPOSES = ['rental', 'deposit'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];

/** Movements of money in the payments ledger (each a delta, in minor units). */
export const PAYMENT_LEDGER_KINDS = ['authorized', 'captured', 'released', 'refunded'] as const;
export type PaymentLedgerKind = (typeof PAYMENT_LEDGER_KINDS)[number];

/**
 * The card a confirmation pays with: a Stripe PaymentMethod id (`pm_…`, from Stripe.js with real
 * keys; in simulator mode the web app maps a test card number to the simulator's `pm_card_*`).
 */
export const PaymentInput = Type.Object(
  {
    paymentMethod: Type.String({
      pattern: '^pm_[A-Za-z0-9_]{1,200}$',
      description: 'a Stripe PaymentMethod id, e.g. pm_card_visa in test mode',
    }),
    returnUrl: Type.Optional(
      Type.String({
        format: 'uri',
        maxLength: 2000,
        pattern: '^https?://',
        description: 'where the 3-D Secure page sends the renter back to (then confirm again)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PaymentInput = Static<typeof PaymentInput>;

/** 202 from confirm: the card asks for 3-D Secure; open `redirectUrl`, come back, confirm again. */
export const PaymentActionRequired = Type.Object({
  status: Type.Literal('requires_action'),
  purpose: Type.Enum(PAYMENT_PURPOSES),
  redirectUrl: Type.String({ description: "the card issuer's authentication page" }),
});
export type PaymentActionRequired = Static<typeof PaymentActionRequired>;

export const ReservationPayment = Type.Object({
  purpose: Type.Enum(PAYMENT_PURPOSES),
  paymentIntentId: Type.String(),
  /** Stripe's PaymentIntent status as last seen (requires_capture = the deposit is held). */
  status: Type.String(),
  amountMinor: Minor('what was asked'),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  authorizedMinor: Minor('authorised by the card'),
  capturedMinor: Minor('taken'),
  refundedMinor: Minor('given back after being taken'),
  releasedMinor: Minor('authorised, then let go without being taken'),
  capturableMinor: Minor('held now, may still be taken'),
  card: Nullable(Type.Object({ brand: Type.String(), last4: Type.String() })),
  lastError: Nullable(Type.String()),
  updatedAt: DateTime,
});
export type ReservationPayment = Static<typeof ReservationPayment>;

export const PaymentLedgerEntry = Type.Object({
  purpose: Type.Enum(PAYMENT_PURPOSES),
  kind: Type.Enum(PAYMENT_LEDGER_KINDS),
  amountMinor: Minor('the movement'),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  paymentIntentId: Type.String(),
  at: DateTime,
});
export type PaymentLedgerEntry = Static<typeof PaymentLedgerEntry>;

/** A reservation's payments, its ledger and what they add up to (net = captured − refunded). */
export const ReservationPayments = Type.Object({
  reservationId: Type.String({ format: 'uuid' }),
  items: Type.Array(ReservationPayment),
  ledger: Type.Array(PaymentLedgerEntry),
  totals: Type.Object({
    currency: Nullable(Type.String()),
    capturedMinor: Minor('taken in all'),
    refundedMinor: Minor('given back'),
    releasedMinor: Minor('holds let go'),
    heldMinor: Minor('held now'),
    netMinor: Type.Integer({ description: 'captured − refunded, in minor units' }),
  }),
});
export type ReservationPayments = Static<typeof ReservationPayments>;

/** How the web app collects a card: with Stripe.js (publishable key) or the simulator's test cards. */
export const PaymentsConfig = Type.Object({
  mode: Type.Enum(['stripe', 'simulator', 'off']),
  publishableKey: Nullable(Type.String()),
  testCards: Type.Array(
    Type.Object({
      number: Type.String({ description: 'the card number to type' }),
      paymentMethod: Type.String({ description: 'the simulator PaymentMethod it stands for' }),
      description: Type.String(),
    }),
  ),
});
export type PaymentsConfig = Static<typeof PaymentsConfig>;
