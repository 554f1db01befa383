import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_reservations } from './0001-reservations';
import { m0002_outbox_sequence } from './0002-outbox-sequence';

export const reservationMigrations: SchemaMigrations = {
  schema: 'reservation',
  migrations: { '0001_reservations': m0001_reservations, '0002_outbox_sequence': m0002_outbox_sequence },
};
