/**
 * The Fleet API error taxonomy (TESLA.md "Errors"). Messages name the status and Tesla's error
 * code, never a token: callers may log them as they are.
 */
export class TeslaApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | null,
    readonly errorDescription: string | null,
    readonly retryable: boolean,
    options?: { context?: string; cause?: unknown },
  ) {
    const what = [error, errorDescription].filter(Boolean).join(': ');
    super(
      `Tesla Fleet API${options?.context ? ` ${options.context}` : ''} failed with ${status}${what ? ` (${what})` : ''}`,
      { cause: options?.cause },
    );
    this.name = new.target.name;
  }
}

export interface TeslaErrorDetails {
  error: string | null;
  errorDescription: string | null;
  context?: string;
  cause?: unknown;
}

type Details = TeslaErrorDetails;

/** 401 that survived one refresh and retry. `needsReconsent`: the owner must sign in again. */
export class TeslaUnauthorizedError extends TeslaApiError {
  constructor(
    d: Details,
    readonly needsReconsent: boolean,
  ) {
    super(401, d.error, d.errorDescription, false, d);
  }
}

/** 402: the account's billing limit is reached; stop calling and alert the operator. */
export class TeslaBillingLimitError extends TeslaApiError {
  constructor(d: Details) {
    super(402, d.error, d.errorDescription, false, d);
  }
}

/** 403: missing scopes or an unsupported vehicle. */
export class TeslaForbiddenError extends TeslaApiError {
  constructor(d: Details) {
    super(403, d.error, d.errorDescription, false, d);
  }
}

export class TeslaNotFoundError extends TeslaApiError {
  constructor(d: Details) {
    super(404, d.error, d.errorDescription, false, d);
  }
}

/** 408 on a call that has no "unavailable" result (vehicle_data returns one instead). */
export class TeslaVehicleUnavailableError extends TeslaApiError {
  constructor(d: Details) {
    super(408, d.error, d.errorDescription, false, d);
  }
}

/** 412: the partner account is not registered in this region. */
export class TeslaPartnerNotRegisteredError extends TeslaApiError {
  constructor(d: Details) {
    super(412, d.error, d.errorDescription, false, d);
  }
}

/** 421 that switching to the right regional host did not cure. */
export class TeslaWrongRegionError extends TeslaApiError {
  constructor(d: Details) {
    super(421, d.error, d.errorDescription, false, d);
  }
}

export class TeslaLockedError extends TeslaApiError {
  constructor(d: Details) {
    super(423, d.error, d.errorDescription, false, d);
  }
}

/**
 * 429 the client would not (or could no longer) wait out. `retryAfterMs` is Tesla's `Retry-After`,
 * or, when Tesla sent none, the client's own backoff suggestion.
 */
export class TeslaRateLimitedError extends TeslaApiError {
  constructor(
    d: Details,
    readonly retryAfterMs: number,
  ) {
    super(429, d.error, d.errorDescription, true, d);
  }
}

/** 451: the owner's privacy settings block this. */
export class TeslaPrivacyError extends TeslaApiError {
  constructor(d: Details) {
    super(451, d.error, d.errorDescription, false, d);
  }
}

/** 5xx/540 (or no response at all: status 0) after the retries ran out. */
export class TeslaServerError extends TeslaApiError {
  constructor(status: number, d: Details) {
    super(status, d.error, d.errorDescription, true, d);
  }
}

/**
 * The caller's stop signal fired (the process is shutting down): a wait for Retry-After or a
 * backoff, or a request in flight, was given up. Not Tesla's failure: nothing to record or retry
 * now. Status 0, like "no response"; a request in flight may or may not have reached Tesla.
 */
export class TeslaAbortedError extends TeslaApiError {
  constructor(
    d: Details,
    /** A request had been sent: Tesla may have acted on it. False: stopped while waiting. */
    readonly inFlight: boolean,
  ) {
    super(0, 'aborted', d.errorDescription ?? 'stopped before Tesla answered', false, d);
  }
}

/** True when a Tesla call ended because its stop signal fired (see TeslaAbortedError). */
export const isTeslaAborted = (error: unknown): error is TeslaAbortedError =>
  error instanceof TeslaAbortedError;

/** The token endpoint refused. `needsReconsent`: the refresh token is dead; the owner must sign in again. */
export class TeslaOAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | null,
    readonly errorDescription: string | null,
    readonly needsReconsent: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      `Tesla token endpoint failed with ${status}${error ? ` (${error}${errorDescription ? `: ${errorDescription}` : ''})` : ''}`,
      options,
    );
    this.name = new.target.name;
  }
}

/** The connection's tokens are gone or dead; it has been marked and waits for the owner. */
export class NeedsReconsentError extends Error {
  constructor(
    readonly connectionId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Tesla connection ${connectionId} needs the owner to sign in again: ${reason}`, options);
    this.name = new.target.name;
  }
}

/** True for any error meaning "the owner must sign in to Tesla again". */
export function needsReconsent(error: unknown): boolean {
  return (
    error instanceof NeedsReconsentError ||
    (error instanceof TeslaUnauthorizedError && error.needsReconsent) ||
    (error instanceof TeslaOAuthError && error.needsReconsent)
  );
}

/** Maps a final (non-retried) error status to its class. */
export function teslaApiErrorFor(status: number, d: Details, retryAfterMs = 0): TeslaApiError {
  switch (status) {
    case 401:
      return new TeslaUnauthorizedError(d, false);
    case 402:
      return new TeslaBillingLimitError(d);
    case 403:
      return new TeslaForbiddenError(d);
    case 404:
      return new TeslaNotFoundError(d);
    case 408:
      return new TeslaVehicleUnavailableError(d);
    case 412:
      return new TeslaPartnerNotRegisteredError(d);
    case 421:
      return new TeslaWrongRegionError(d);
    case 423:
      return new TeslaLockedError(d);
    case 429:
      return new TeslaRateLimitedError(d, retryAfterMs);
    case 451:
      return new TeslaPrivacyError(d);
    default:
      return status >= 500 || status === 0
        ? new TeslaServerError(status, d)
        : new TeslaApiError(status, d.error, d.errorDescription, false, d);
  }
}
