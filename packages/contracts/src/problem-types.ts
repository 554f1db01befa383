/**
 * Stable problem `type` identifiers (RFC 9457). Clients switch on these, never on `detail`.
 * They are URNs on purpose: stable names that promise no web page behind them.
 */
export const ProblemTypes = {
  validation: 'urn:cybertacotruck:problem:validation',
  malformedBody: 'urn:cybertacotruck:problem:malformed-body',
  unsupportedMediaType: 'urn:cybertacotruck:problem:unsupported-media-type',
  payloadTooLarge: 'urn:cybertacotruck:problem:payload-too-large',
  notFound: 'urn:cybertacotruck:problem:not-found',
  conflict: 'urn:cybertacotruck:problem:conflict',
  rateLimited: 'urn:cybertacotruck:problem:rate-limited',
  unavailable: 'urn:cybertacotruck:problem:unavailable',
  /** The database cannot be reached right now (a failover, a restart): retry after Retry-After. */
  databaseUnavailable: 'urn:cybertacotruck:problem:database-unavailable',
  /** The process is shutting down and takes no new requests: retry (another replica answers). */
  shuttingDown: 'urn:cybertacotruck:problem:shutting-down',
  internal: 'urn:cybertacotruck:problem:internal',
  vehicleNotFound: 'urn:cybertacotruck:problem:vehicle-not-found',
  vinTaken: 'urn:cybertacotruck:problem:vin-taken',
  locationNotFound: 'urn:cybertacotruck:problem:location-not-found',
  /** Archiving a location that vehicles still call home. */
  locationInUse: 'urn:cybertacotruck:problem:location-in-use',
  /** An archived location cannot become a vehicle's home or be edited. */
  locationArchived: 'urn:cybertacotruck:problem:location-archived',
  teslaSignInDenied: 'urn:cybertacotruck:problem:tesla-sign-in-denied',
  teslaSignInState: 'urn:cybertacotruck:problem:tesla-sign-in-state',
  teslaSignInCode: 'urn:cybertacotruck:problem:tesla-sign-in-code',
  teslaConnectionNotFound: 'urn:cybertacotruck:problem:tesla-connection-not-found',
  teslaUnavailable: 'urn:cybertacotruck:problem:tesla-unavailable',
  /** No public key is configured (TESLA_PUBLIC_KEY or TESLA_PUBLIC_KEY_FILE) to serve to Tesla. */
  teslaPublicKeyNotConfigured: 'urn:cybertacotruck:problem:tesla-public-key-not-configured',
  invalidPeriod: 'urn:cybertacotruck:problem:invalid-period',
  vehicleUnavailable: 'urn:cybertacotruck:problem:vehicle-unavailable',
  vehicleOutOfService: 'urn:cybertacotruck:problem:vehicle-out-of-service',
  claimNotFound: 'urn:cybertacotruck:problem:claim-not-found',
  holdExpired: 'urn:cybertacotruck:problem:hold-expired',
  claimNotActive: 'urn:cybertacotruck:problem:claim-not-active',
  unauthenticated: 'urn:cybertacotruck:problem:unauthenticated',
  forbidden: 'urn:cybertacotruck:problem:forbidden',
  csrfTokenInvalid: 'urn:cybertacotruck:problem:csrf-token-invalid',
  invalidCredentials: 'urn:cybertacotruck:problem:invalid-credentials',
  phoneTaken: 'urn:cybertacotruck:problem:phone-taken',
  emailTaken: 'urn:cybertacotruck:problem:email-taken',
  invitationOpen: 'urn:cybertacotruck:problem:invitation-open',
  invitationNotFound: 'urn:cybertacotruck:problem:invitation-not-found',
  invitationAccepted: 'urn:cybertacotruck:problem:invitation-accepted',
  registrationLinkUnknown: 'urn:cybertacotruck:problem:registration-link-unknown',
  registrationLinkExpired: 'urn:cybertacotruck:problem:registration-link-expired',
  registrationLinkUsed: 'urn:cybertacotruck:problem:registration-link-used',
  registrationLinkLocked: 'urn:cybertacotruck:problem:registration-link-locked',
  wrongCode: 'urn:cybertacotruck:problem:wrong-code',
  userNotFound: 'urn:cybertacotruck:problem:user-not-found',
  reservationNotFound: 'urn:cybertacotruck:problem:reservation-not-found',
  idempotencyKeyReused: 'urn:cybertacotruck:problem:idempotency-key-reused',
  idempotencyKeyInFlight: 'urn:cybertacotruck:problem:idempotency-key-in-flight',
  termsOutdated: 'urn:cybertacotruck:problem:terms-outdated',
  reservationNotHeld: 'urn:cybertacotruck:problem:reservation-not-held',
  /** A customer's open holds or reservations are at their limit (RESERVATION_MAX_*). */
  reservationLimitReached: 'urn:cybertacotruck:problem:reservation-limit-reached',
  reservationClosed: 'urn:cybertacotruck:problem:reservation-closed',
  cancellationWindowClosed: 'urn:cybertacotruck:problem:cancellation-window-closed',
  rateNotSet: 'urn:cybertacotruck:problem:rate-not-set',
  termsNotFound: 'urn:cybertacotruck:problem:terms-not-found',
  /** "Read now" on a vehicle that was added by hand, not imported from a Tesla account. */
  vehicleNotFromTesla: 'urn:cybertacotruck:problem:vehicle-not-from-tesla',
  /** The car did not come online: offline (no connection), not merely asleep. */
  teslaVehicleOffline: 'urn:cybertacotruck:problem:tesla-vehicle-offline',
  /** The car was woken but did not come online within the bound. */
  teslaWakeTimeout: 'urn:cybertacotruck:problem:tesla-wake-timeout',
  /** A renter's command to their car before their rental opens (the detail says when it does). */
  rentalNotOpen: 'urn:cybertacotruck:problem:rental-not-open',
  /** A renter's command to their car after the rental ended (returned, cancelled, over). */
  rentalClosed: 'urn:cybertacotruck:problem:rental-closed',
  /** Confirming without an approved, unexpired driver's licence, or under the model's minimum age. */
  driverVerificationRequired: 'urn:cybertacotruck:problem:driver-verification-required',
  /** The customer has given no licence (or not that photo). */
  driverVerificationNotFound: 'urn:cybertacotruck:problem:driver-verification-not-found',
  /** Deciding on (or changing) a verification that is not waiting for that. */
  driverVerificationNotPending: 'urn:cybertacotruck:problem:driver-verification-not-pending',
  /** Confirming a reservation that is not paid yet, without a card to pay with. */
  paymentRequired: 'urn:cybertacotruck:problem:payment-required',
  /** The card was declined (or failed 3-D Secure): nothing was charged, the hold is unchanged. */
  paymentDeclined: 'urn:cybertacotruck:problem:payment-declined',
  /** The payment provider could not be reached or refused the request for another reason. */
  paymentProviderError: 'urn:cybertacotruck:problem:payment-provider-error',
  /** A webhook whose Stripe-Signature does not verify (forged, altered or too old). */
  webhookSignatureInvalid: 'urn:cybertacotruck:problem:webhook-signature-invalid',
  /** Pickup of a reservation that is not confirmed (held, cancelled, expired, no-show or returned). */
  reservationNotConfirmed: 'urn:cybertacotruck:problem:reservation-not-confirmed',
  /** Return of a reservation whose car was not picked up. */
  reservationNotPickedUp: 'urn:cybertacotruck:problem:reservation-not-picked-up',
  /** A dispute about a reservation that has no receipt yet (not returned). */
  reservationNotReturned: 'urn:cybertacotruck:problem:reservation-not-returned',
  /** Changing the password with a current password that is not the account's (a field error on currentPassword). */
  currentPasswordWrong: 'urn:cybertacotruck:problem:current-password-wrong',
  /** No code is waiting to be confirmed: it expired, was used, or too many wrong codes were tried. */
  codeExpired: 'urn:cybertacotruck:problem:code-expired',
} as const;

export type ProblemType = (typeof ProblemTypes)[keyof typeof ProblemTypes];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
