import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_accounts } from './0001-accounts';

export const accountMigrations: SchemaMigrations = {
  schema: 'account',
  migrations: { '0001_accounts': m0001_accounts },
};
