import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_reservations } from './0001-reservations';

export const reservationMigrations: SchemaMigrations = {
  schema: 'reservation',
  migrations: { '0001_reservations': m0001_reservations },
};
