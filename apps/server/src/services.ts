import { accountService } from '@cybertacotruck/account';
import { inventoryService } from '@cybertacotruck/inventory';
import { notificationService } from '@cybertacotruck/notification';
import type { ServiceDefinition } from '@cybertacotruck/platform';
import { reservationService } from '@cybertacotruck/reservation';

/** Every service, in the order their schemas are migrated. */
export const allServices: ServiceDefinition[] = [
  inventoryService,
  accountService,
  reservationService,
  notificationService,
];
