import type { ServiceDefinition } from '@cybertacotruck/platform';

/**
 * Accounts: invitations by SMS link, registration, sessions, roles and preferences.
 * Mounted and migrated like every service; its routes and tables arrive with the customers issue.
 */
export const accountService: ServiceDefinition = {
  name: 'account',
  description: 'Users, invitations, sessions and notification preferences',
  migrations: { schema: 'account', migrations: {} },
  routes: async () => {},
};
