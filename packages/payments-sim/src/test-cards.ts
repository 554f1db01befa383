import type { CardDecline } from './errors';

/**
 * Stripe's test PaymentMethods (the `pm_card_*` shortcuts of its testing docs) and what each does.
 * Passing one as `payment_method` makes a new `pm_…` PaymentMethod carrying that card, as Stripe does.
 */
export interface TestCard {
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
  /** 3-D Secure: `required` asks for authentication on every on-session payment. */
  threeDSecure: 'optional' | 'required';
  /** The issuer's answer once any authentication is done; absent: approved. */
  decline?: CardDecline;
}

const GENERIC: CardDecline = {
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
};
const INSUFFICIENT_FUNDS: CardDecline = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};

const card = (
  brand: TestCard['brand'],
  last4: string,
  extra: Partial<Omit<TestCard, 'brand' | 'last4'>> = {},
): TestCard => ({ brand, last4, funding: 'credit', threeDSecure: 'optional', ...extra });

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: card('visa', '4242'),
  pm_card_visa_debit: card('visa', '5556', { funding: 'debit' }),
  pm_card_mastercard: card('mastercard', '4444'),
  pm_card_amex: card('amex', '8431'),
  pm_card_chargeDeclined: card('visa', '0002', { decline: GENERIC }),
  pm_card_chargeDeclinedInsufficientFunds: card('visa', '9995', { decline: INSUFFICIENT_FUNDS }),
  pm_card_chargeDeclinedLostCard: card('visa', '9987', {
    decline: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  }),
  pm_card_chargeDeclinedStolenCard: card('visa', '9979', {
    decline: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
  }),
  pm_card_chargeDeclinedFraudulent: card('visa', '0019', {
    decline: { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' },
  }),
  pm_card_chargeDeclinedExpiredCard: card('visa', '0069', {
    decline: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  }),
  pm_card_chargeDeclinedIncorrectCvc: card('visa', '0127', {
    decline: {
      code: 'incorrect_cvc',
      declineCode: 'incorrect_cvc',
      message: "Your card's security code is incorrect.",
    },
  }),
  pm_card_chargeDeclinedProcessingError: card('visa', '0119', {
    decline: {
      code: 'processing_error',
      declineCode: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  }),
  pm_card_threeDSecure2Required: card('visa', '3220', { threeDSecure: 'required' }),
  pm_card_authenticationRequired: card('visa', '3184', { threeDSecure: 'required' }),
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: card('visa', '3178', {
    threeDSecure: 'required',
    decline: INSUFFICIENT_FUNDS,
  }),
};

/** Off-session payments cannot be authenticated: the issuer declines them (Stripe's code). */
export const AUTHENTICATION_REQUIRED: CardDecline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

export const AUTHENTICATION_FAILED_MESSAGE =
  'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';
