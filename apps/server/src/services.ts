import { accountService } from '@cybertacotruck/account';
import { createInventoryService } from '@cybertacotruck/inventory';
import { notificationService } from '@cybertacotruck/notification';
import type { ServiceDefinition } from '@cybertacotruck/platform';
import { createReservationService } from '@cybertacotruck/reservation';
import { EmbeddedPaymentsConfigSchema, embeddedPayments } from './payments';
import { EmbeddedTeslaConfigSchema, embeddedTesla } from './tesla';

/** Inventory as `npm start` runs it: with the simulator this process starts, or Tesla (tesla.ts). */
export const embeddedInventory: ServiceDefinition = createInventoryService({
  tesla: embeddedTesla,
  configSchema: EmbeddedTeslaConfigSchema,
});

/** Reservation as `npm start` runs it: with Stripe when configured, else the payments simulator it starts (payments.ts). */
export const embeddedReservation: ServiceDefinition = createReservationService({
  payments: embeddedPayments,
  configSchema: EmbeddedPaymentsConfigSchema,
});

/** Every service, in the order their schemas are migrated. */
export const allServices: ServiceDefinition[] = [
  embeddedInventory,
  accountService,
  embeddedReservation,
  notificationService,
];
