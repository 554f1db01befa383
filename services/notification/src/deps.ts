import type { Kysely } from 'kysely';
import type { AccountDirectoryClient } from '@cybertacotruck/contracts';
import type { Logger } from '@cybertacotruck/platform';
import type { RentalLinkClient } from './clients/inventory-rentals.client';
import type { NotificationConfig } from './config';
import type { EmailSender, SmsSender } from './modules/channels/channels.port';
import { DevInboxRepository } from '@cybertacotruck/messaging';
import { AlertsRepository } from './modules/alerts/alerts.repository';
import { DeliveriesRepository } from './modules/deliveries/deliveries.repository';
import { OutgoingRepository } from './modules/dispatch/outgoing.repository';
import { RemindersRepository } from './modules/reminders/reminders.repository';
import type { NotificationTables } from './tables';

/** Every repository over one handle: the database, or a transaction so their writes commit together. */
export function repositories(db: Kysely<NotificationTables>) {
  return {
    outgoing: new OutgoingRepository(db),
    deliveries: new DeliveriesRepository(db),
    reminders: new RemindersRepository(db),
    alerts: new AlertsRepository(db),
    devInbox: new DevInboxRepository(db, 'notification.dev_message'),
  };
}
export type Repositories = ReturnType<typeof repositories>;

/** What the notification services share: storage, configuration, the account directory, senders, the clock. */
export interface NotificationDeps {
  db: Kysely<NotificationTables>;
  repos: Repositories;
  config: NotificationConfig;
  account: AccountDirectoryClient;
  /** Inventory's renter car keys (the share link of a rental, fetched when its SMS is sent). */
  inventory?: RentalLinkClient;
  email: EmailSender;
  sms: SmsSender;
  now: () => Date;
  logger: Logger;
}

/** Runs `work` in one transaction with repositories bound to it. */
export const inTransaction = <T>(
  deps: Pick<NotificationDeps, 'db'>,
  work: (repos: Repositories) => Promise<T>,
): Promise<T> => deps.db.transaction().execute((trx) => work(repositories(trx)));
