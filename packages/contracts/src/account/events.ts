import Type, { type Static } from 'typebox';
import { defineEvent } from '../event-catalog';
import { LANGUAGES } from './constants';

// No event carries a registration link, its token or an SMS code: topics and the event log are read
// by many. The notification service fetches those from account's internal API when it sends.
const Language = Type.Enum(LANGUAGES, { description: 'the language the SMS is written in' });
const Issue = Type.Integer({
  minimum: 1,
  description:
    'which link of the invitation this is (1, then one more per resend); an older one is never sent',
});

/** `account.customer.invited` v1: an operator invited a phone number to register. */
export const CustomerInvitedV1 = Type.Object({
  invitationId: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'E.164' }),
  name: Type.Union([Type.String(), Type.Null()]),
  invitedBy: Type.String({ format: 'uuid' }),
  expiresAt: Type.String({ format: 'date-time' }),
  /** Added later (optional for earlier events): the invitation SMS's language, and the link's issue. */
  language: Type.Optional(Language),
  issue: Type.Optional(Issue),
});
export type CustomerInvitedV1 = Static<typeof CustomerInvitedV1>;

/** `account.customer.registered` v1: an invitation was redeemed and a customer account exists. */
export const CustomerRegisteredV1 = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  invitationId: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'E.164' }),
  email: Type.String(),
  name: Type.String(),
});
export type CustomerRegisteredV1 = Static<typeof CustomerRegisteredV1>;

/** `account.invitation.resent` v1: an operator sent a new link and code; the previous link is dead. */
export const InvitationResentV1 = Type.Object({
  invitationId: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'E.164' }),
  name: Type.Union([Type.String(), Type.Null()]),
  resentBy: Type.String({ format: 'uuid' }),
  expiresAt: Type.String({ format: 'date-time' }),
  language: Language,
  issue: Issue,
});
export type InvitationResentV1 = Static<typeof InvitationResentV1>;

/** `account.password_reset.requested` v1: a user asked for a reset code (sent by SMS to their phone). */
export const PasswordResetRequestedV1 = Type.Object({
  resetId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PasswordResetRequestedV1 = Static<typeof PasswordResetRequestedV1>;

/**
 * `account.phone_change.requested` v1: a signed-in user asked to move their account to a new phone
 * number; a code goes to that number by SMS (fetched at send time, never in the event).
 */
export const PhoneChangeRequestedV1 = Type.Object({
  changeId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'the new number (E.164) the code is sent to' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PhoneChangeRequestedV1 = Static<typeof PhoneChangeRequestedV1>;

/** `account.phone.changed` v1: the code was confirmed; the account's phone is now `phone`. */
export const PhoneChangedV1 = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  previousPhone: Type.String({ description: 'E.164; it is told by SMS that the number changed' }),
  phone: Type.String({ description: 'E.164' }),
  at: Type.String({ format: 'date-time' }),
});
export type PhoneChangedV1 = Static<typeof PhoneChangedV1>;

/** `account.password.changed` v1: a signed-in user changed their password (not a reset by code). */
export const PasswordChangedV1 = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  otherSessionsEnded: Type.Integer({ minimum: 0 }),
  at: Type.String({ format: 'date-time' }),
});
export type PasswordChangedV1 = Static<typeof PasswordChangedV1>;

/**
 * `account.driver_verification.decided` v1: an operator approved or rejected a renter's licence.
 * No licence number, date of birth or photo travels: only the decision and the reason given.
 */
export const DriverVerificationDecidedV1 = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  decision: Type.Enum(['approved', 'rejected']),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'why it was rejected; null when approved',
  }),
  decidedBy: Type.String({ format: 'uuid' }),
  at: Type.String({ format: 'date-time' }),
});
export type DriverVerificationDecidedV1 = Static<typeof DriverVerificationDecidedV1>;

/**
 * The account service's events. Adding an event: its payload schema above and its line here; the
 * registry, the typed outbox, the consumers' validation and docs/EVENTS.md follow from this object.
 */
export const AccountEvents = {
  customerInvited: defineEvent({
    type: 'account.customer.invited',
    version: 1,
    schema: CustomerInvitedV1,
    key: 'invitationId',
    description: 'An operator invited a phone number to register (the invitation SMS follows).',
  }),
  customerRegistered: defineEvent({
    type: 'account.customer.registered',
    version: 1,
    schema: CustomerRegisteredV1,
    key: 'userId',
    description: 'An invitation was redeemed: a customer account exists.',
  }),
  invitationResent: defineEvent({
    type: 'account.invitation.resent',
    version: 1,
    schema: InvitationResentV1,
    key: 'invitationId',
    description: 'An operator sent a new registration link and code; the previous link no longer works.',
  }),
  passwordResetRequested: defineEvent({
    type: 'account.password_reset.requested',
    version: 1,
    schema: PasswordResetRequestedV1,
    key: 'userId',
    description: 'A user asked for a password reset code (sent by SMS).',
  }),
  phoneChangeRequested: defineEvent({
    type: 'account.phone_change.requested',
    version: 1,
    schema: PhoneChangeRequestedV1,
    key: 'userId',
    description: 'A user asked to change their phone number (a code is sent by SMS to the new number).',
  }),
  phoneChanged: defineEvent({
    type: 'account.phone.changed',
    version: 1,
    schema: PhoneChangedV1,
    key: 'userId',
    description: 'A user confirmed a new phone number with its code (the previous number is told).',
  }),
  passwordChanged: defineEvent({
    type: 'account.password.changed',
    version: 1,
    schema: PasswordChangedV1,
    key: 'userId',
    description: 'A signed-in user changed their password; their other sessions ended (they are told).',
  }),
  driverVerificationDecided: defineEvent({
    type: 'account.driver_verification.decided',
    version: 1,
    schema: DriverVerificationDecidedV1,
    key: 'userId',
    description: "An operator approved or rejected a renter's driver's licence (the renter is told).",
  }),
} as const;
