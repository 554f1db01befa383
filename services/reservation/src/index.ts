import type { ServiceDefinition } from '@cybertacotruck/platform';

/**
 * Reservations: quote, terms, hold → confirm → cancel, with events through an outbox.
 * Mounted and migrated like every service; its routes and tables arrive with the customers issue.
 */
export const reservationService: ServiceDefinition = {
  name: 'reservation',
  description: 'Quotes, reservations and their lifecycle',
  migrations: { schema: 'reservation', migrations: {} },
  routes: async () => {},
};
