import { StripeError } from './errors';

/**
 * Stripe's idempotent requests: a POST's result is kept under its `Idempotency-Key` (24 hours at
 * Stripe; for the simulator's life here). The same key again with the same endpoint and parameters
 * replays the saved status and body; with different ones it is refused (400 idempotency_error);
 * while the first is still running, 409. Results are saved only once the API started executing.
 */
export interface SavedResponse {
  status: number;
  body: unknown;
  requestId: string;
}

interface Slot {
  endpoint: string;
  params: string;
  saved?: SavedResponse;
}

export type IdempotencyCheck = { kind: 'new' } | { kind: 'replay'; response: SavedResponse };

export class IdempotencyStore {
  private readonly slots = new Map<string, Slot>();

  /** Reserves `key` for this request or returns what to do instead. */
  begin(key: string, endpoint: string, params: string): IdempotencyCheck {
    const slot = this.slots.get(key);
    if (!slot) {
      this.slots.set(key, { endpoint, params });
      return { kind: 'new' };
    }
    if (slot.endpoint !== endpoint) {
      throw new StripeError(
        400,
        {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${slot.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        },
        false,
      );
    }
    if (slot.params !== params) {
      throw new StripeError(
        400,
        {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        },
        false,
      );
    }
    if (!slot.saved) {
      throw new StripeError(
        409,
        {
          type: 'invalid_request_error',
          code: 'idempotency_key_in_use',
          message:
            'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
            `${key}. Please try again later.`,
        },
        false,
      );
    }
    return { kind: 'replay', response: slot.saved };
  }

  finish(key: string, response: SavedResponse): void {
    const slot = this.slots.get(key);
    if (slot) slot.saved = response;
  }

  /** The request did not execute: the key is free again. */
  abandon(key: string): void {
    const slot = this.slots.get(key);
    if (slot && !slot.saved) this.slots.delete(key);
  }
}
