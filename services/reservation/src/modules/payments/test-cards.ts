import type { PaymentsConfig } from '@cybertacotruck/contracts';

/**
 * Stripe's documented test card numbers and the simulator's PaymentMethod for each (the simulator
 * takes only the `pm_card_*` shortcuts). Sent to the web app in simulator mode only, so the
 * card-number field there turns a typed number into its PaymentMethod; no card number reaches a server.
 */
export const SIMULATOR_TEST_CARDS: PaymentsConfig['testCards'] = [
  { number: '4242424242424242', paymentMethod: 'pm_card_visa', description: 'Visa: succeeds' },
  { number: '5555555555554444', paymentMethod: 'pm_card_mastercard', description: 'Mastercard: succeeds' },
  { number: '4000056655665556', paymentMethod: 'pm_card_visa_debit', description: 'Visa debit: succeeds' },
  { number: '378282246310005', paymentMethod: 'pm_card_amex', description: 'American Express: succeeds' },
  { number: '4000000000000002', paymentMethod: 'pm_card_chargeDeclined', description: 'declined' },
  {
    number: '4000000000009995',
    paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
    description: 'declined: insufficient funds',
  },
  {
    number: '4000000000000069',
    paymentMethod: 'pm_card_chargeDeclinedExpiredCard',
    description: 'declined: expired card',
  },
  {
    number: '4000000000003220',
    paymentMethod: 'pm_card_threeDSecure2Required',
    description: '3-D Secure required',
  },
  {
    number: '4000002760003184',
    paymentMethod: 'pm_card_authenticationRequired',
    description: '3-D Secure required',
  },
];
