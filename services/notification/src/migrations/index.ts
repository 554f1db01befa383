import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_notifications } from './0001-notifications';
import { m0002_retention_indexes } from './0002-retention-indexes';

export const notificationMigrations: SchemaMigrations = {
  schema: 'notification',
  migrations: {
    '0001_notifications': m0001_notifications,
    '0002_retention_indexes': m0002_retention_indexes,
  },
};
