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
  internal: 'urn:cybertacotruck:problem:internal',
  vehicleNotFound: 'urn:cybertacotruck:problem:vehicle-not-found',
  vinTaken: 'urn:cybertacotruck:problem:vin-taken',
  teslaSignInDenied: 'urn:cybertacotruck:problem:tesla-sign-in-denied',
  teslaSignInState: 'urn:cybertacotruck:problem:tesla-sign-in-state',
  teslaSignInCode: 'urn:cybertacotruck:problem:tesla-sign-in-code',
  teslaConnectionNotFound: 'urn:cybertacotruck:problem:tesla-connection-not-found',
  teslaUnavailable: 'urn:cybertacotruck:problem:tesla-unavailable',
} as const;

export type ProblemType = (typeof ProblemTypes)[keyof typeof ProblemTypes];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
