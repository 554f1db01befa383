import type { EventLog } from './events';
import type { FaultBook } from './faults';
import type { IdempotencyStore } from './idempotency';
import type { Ledger } from './ledger';
import type { PaymentIntents } from './payment-intents';
import type { Refunds } from './refunds';
import type { Store } from './store';
import type { WebhookDispatcher } from './webhooks';

/** Everything one simulator holds; the HTTP layer reads and drives it. */
export interface SimContext {
  secretKey: string;
  apiVersion: string;
  store: Store;
  intents: PaymentIntents;
  refunds: Refunds;
  events: EventLog;
  ledger: Ledger;
  webhooks: WebhookDispatcher;
  faults: FaultBook;
  idempotency: IdempotencyStore;
  /** The public base URL, known once listening. */
  baseUrl: () => string;
}
