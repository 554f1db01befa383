import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_notifications } from './0001-notifications';

export const notificationMigrations: SchemaMigrations = {
  schema: 'notification',
  migrations: { '0001_notifications': m0001_notifications },
};
