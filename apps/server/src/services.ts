import { accountService } from '@cybertacotruck/account';
import { createInventoryService } from '@cybertacotruck/inventory';
import { notificationService } from '@cybertacotruck/notification';
import type { ServiceDefinition } from '@cybertacotruck/platform';
import { reservationService } from '@cybertacotruck/reservation';
import { EmbeddedTeslaConfigSchema, embeddedTesla } from './tesla';

/** Inventory as `npm start` runs it: with the simulator this process starts, or Tesla (tesla.ts). */
export const embeddedInventory: ServiceDefinition = createInventoryService({
  tesla: embeddedTesla,
  configSchema: EmbeddedTeslaConfigSchema,
});

/** Every service, in the order their schemas are migrated. */
export const allServices: ServiceDefinition[] = [
  embeddedInventory,
  accountService,
  reservationService,
  notificationService,
];
