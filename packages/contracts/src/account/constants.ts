/** Who a user is to the business. Operators run the fleet; customers rent from it. */
export const ROLES = ['customer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of message a user can be sent; each can go by SMS and/or e-mail. */
export const MESSAGE_KINDS = ['reservation', 'reminder', 'account', 'marketing'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Languages the app and its messages speak (BCP 47 tags). */
export const LANGUAGES = ['en', 'es', 'fr', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'locked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * Whether an invitation's registration link (or a reset's code) may still be put in an SMS, as the
 * account service answers the notification service's sender at send time: only `pending` carries
 * the secret. `superseded`: a resend replaced the link; `missing`: no such invitation or reset.
 */
export const INVITATION_LINK_STATES = [
  'pending',
  'expired',
  'accepted',
  'locked',
  'superseded',
  'missing',
] as const;
export type InvitationLinkState = (typeof INVITATION_LINK_STATES)[number];
export const PASSWORD_RESET_CODE_STATES = ['pending', 'expired', 'used', 'locked', 'missing'] as const;
export type PasswordResetCodeState = (typeof PASSWORD_RESET_CODE_STATES)[number];

/** The header carrying the per-session CSRF token on every state-changing call with a session. */
export const CSRF_HEADER = 'x-csrf-token';
/** The header carrying INTERNAL_TOKEN on service-to-service calls. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/**
 * A renter's driver verification: `none` (nothing given), `draft` (photos uploaded, not yet
 * submitted), `pending` (submitted, waiting for an operator), `approved`, `rejected` (with a reason).
 * An approved licence whose expiry has passed reads `expired`.
 */
export const DRIVER_VERIFICATION_STATUSES = [
  'none',
  'draft',
  'pending',
  'approved',
  'rejected',
  'expired',
] as const;
export type DriverVerificationStatus = (typeof DRIVER_VERIFICATION_STATUSES)[number];

/** The photos a renter gives: the licence's front and back, and a selfie. */
export const LICENCE_PHOTO_KINDS = ['front', 'back', 'selfie'] as const;
export type LicencePhotoKind = (typeof LICENCE_PHOTO_KINDS)[number];

/** What a licence photo may be (checked by its first bytes too), and at most how large. */
export const LICENCE_PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export const LICENCE_PHOTO_MAX_BYTES = 8 * 1024 * 1024;
