import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_reservations } from './0001-reservations';
import { m0002_outbox_sequence } from './0002-outbox-sequence';
import { m0003_claim_sync } from './0003-claim-sync';
import { m0004_pickup_location } from './0004-pickup-location';
import { m0006_rental_lifecycle } from './0006-rental-lifecycle';
import { m0007_payments } from './0007-payments';

export const reservationMigrations: SchemaMigrations = {
  schema: 'reservation',
  migrations: {
    '0001_reservations': m0001_reservations,
    '0002_outbox_sequence': m0002_outbox_sequence,
    '0003_claim_sync': m0003_claim_sync,
    '0004_pickup_location': m0004_pickup_location,
    '0006_rental_lifecycle': m0006_rental_lifecycle,
    '0007_payments': m0007_payments,
  },
};
