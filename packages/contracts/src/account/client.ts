import type { Role } from './constants';
import type {
  DriverEligibility,
  InvitationLink,
  PasswordResetCode,
  PhoneChangeCode,
  Preferences,
  UserContact,
  UserRecipient,
} from './api';

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

/**
 * What the notification service asks the account service, over its internal HTTP API
 * (`GET /api/v1/internal/users/:id/preferences`, `/internal/users/:id/contact`, `/internal/operators`;
 * INTERNAL_TOKEN header). The notification service holds an implementation built on
 * `ServiceContext.peers`, so it works the same in one process and distributed.
 */
export interface AccountDirectoryClient {
  /** The user's notification preferences, or null when there is no such user. */
  preferences(userId: string): Promise<Preferences | null>;
  /** The user's name, phone and e-mail, or null when there is no such user. */
  contact(userId: string): Promise<UserContact | null>;
  /** Every operator with their preferences (operator alerts go to all of them). */
  operators(): Promise<UserRecipient[]>;
  /**
   * The registration link and code of an invitation's `issue`, asked at send time
   * (`GET /internal/invitations/:id/link?issue=`): the secret only while that issue is pending.
   */
  invitationLink(invitationId: string, issue: number): Promise<InvitationLink>;
  /** A password reset's code, asked at send time (`GET /internal/password-resets/:id/code`). */
  passwordResetCode(resetId: string): Promise<PasswordResetCode>;
  /** A phone change's code, asked at send time (`GET /internal/phone-changes/:id/code`). */
  phoneChangeCode(changeId: string): Promise<PhoneChangeCode>;
}

/**
 * What the reservation service asks the account service before a confirmation
 * (`GET /api/v1/internal/customers/:id/driver-verification`, INTERNAL_TOKEN header).
 */
export interface DriverVerificationClient {
  /** The customer's licence state (`none` for an unknown user), its expiry and the date of birth. */
  eligibility(userId: string): Promise<DriverEligibility>;
}
