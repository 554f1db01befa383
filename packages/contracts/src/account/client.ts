import type { Role } from './constants';
import type { Preferences } from './api';

/** Who made a request, as resolved from its session; what other services authorise against. */
export interface Principal {
  userId: string;
  role: Role;
}

/**
 * What other services may ask the account service. In the embedded process it is a direct call;
 * distributed, it is `GET /api/v1/internal/users/:id/preferences` with the INTERNAL_TOKEN header.
 */
export interface AccountClient {
  /** The user's notification preferences, or null when there is no such user. */
  getPreferences(userId: string): Promise<Preferences | null>;
}
