import type { Migration } from 'kysely';
import { addOutboxSequence } from '@cybertacotruck/bus';

/** The outbox's append order, which the relay publishes by (see addOutboxSequence). */
export const m0002_outbox_sequence: Migration = {
  up: (db) => addOutboxSequence(db, 'reservation'),
};
