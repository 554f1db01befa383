/** A payment simulator speaking the subset of Stripe's API the app uses (issue 17); see README.md. */
export { startPaymentsSim, PAYMENTS_SIM_API_VERSION, DEFAULT_SECRET_KEY } from './sim';
export type { PaymentsSim, PaymentsSimOptions } from './sim';
export { signPayload } from './webhooks';
export type { Delivery, RetryPolicy, WebhookEndpoint, WebhookEndpointConfig } from './webhooks';
export type { FaultSpec } from './faults';
export type { LedgerEntry, LedgerTotals } from './ledger';
export { TEST_CARDS } from './test-cards';
