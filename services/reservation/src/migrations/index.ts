import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_reservations } from './0001-reservations';
import { m0002_outbox_sequence } from './0002-outbox-sequence';
import { m0003_claim_sync } from './0003-claim-sync';

export const reservationMigrations: SchemaMigrations = {
  schema: 'reservation',
  migrations: {
    '0001_reservations': m0001_reservations,
    '0002_outbox_sequence': m0002_outbox_sequence,
    '0003_claim_sync': m0003_claim_sync,
  },
};
