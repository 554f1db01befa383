import type { AlertListQuery, DeadLetterQuery, DeliveryListQuery } from '@cybertacotruck/contracts';

export const notificationKeys = {
  all: ['notifications'] as const,
  /** The customer's own messages (an infinite query: its cache holds pages). */
  mine: ['notifications', 'mine'] as const,
  deliveries: ['notifications', 'deliveries'] as const,
  deliveryList: (query: DeliveryListQuery) => ['notifications', 'deliveries', query] as const,
  alerts: (query: AlertListQuery) => ['notifications', 'alerts', query] as const,
  deadLetters: ['notifications', 'dead-letters'] as const,
  deadLetterList: (query: DeadLetterQuery) => ['notifications', 'dead-letters', query] as const,
  devInbox: ['notifications', 'dev-inbox'] as const,
};
