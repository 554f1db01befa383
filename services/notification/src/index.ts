import type { ServiceDefinition } from '@cybertacotruck/platform';

/**
 * Notifications: consumes events, renders and sends SMS and e-mail per the user's preferences.
 * Mounted and migrated like every service; its consumers and tables arrive with the events issue.
 */
export const notificationService: ServiceDefinition = {
  name: 'notification',
  description: 'Message delivery by SMS and e-mail, and the delivery log',
  migrations: { schema: 'notification', migrations: {} },
  routes: async () => {},
};
