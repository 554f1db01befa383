/**
 * Stripe's error object (`{"error": {type, code, decline_code, message, param, …}}`) and the HTTP
 * statuses Stripe uses for each kind: 400 invalid_request_error / idempotency_error, 401 bad key,
 * 402 card_error, 404 unknown object, 409 a concurrent request with the same idempotency key,
 * 5xx api_error.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  /** card_error and payment-intent state errors carry the objects involved, as Stripe's do. */
  payment_intent?: unknown;
  charge?: string;
  payment_method?: unknown;
  request_log_url?: string;
}

export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Whether the API started executing: Stripe saves the result of an idempotent request only then
     * (a request refused by parameter validation can be retried with the same key, fixed).
     */
    readonly executed: boolean,
  ) {
    super(body.message);
  }
}

const docUrl = (code: string): string => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** A 400 invalid_request_error raised while validating parameters (nothing ran, nothing saved). */
export function invalidParam(message: string, param?: string, code?: string): StripeError {
  return new StripeError(
    400,
    {
      type: 'invalid_request_error',
      message,
      ...(code ? { code, doc_url: docUrl(code) } : {}),
      ...(param ? { param } : {}),
    },
    false,
  );
}

/** A 400 invalid_request_error raised by the operation itself (state, amounts): saved for replay. */
export function invalidRequest(
  message: string,
  options: { code?: string; param?: string; paymentIntent?: unknown } = {},
): StripeError {
  return new StripeError(
    400,
    {
      type: 'invalid_request_error',
      message,
      ...(options.code ? { code: options.code, doc_url: docUrl(options.code) } : {}),
      ...(options.param ? { param: options.param } : {}),
      ...(options.paymentIntent ? { payment_intent: options.paymentIntent } : {}),
    },
    true,
  );
}

export function noSuch(kind: string, id: string, param?: string): StripeError {
  return new StripeError(
    404,
    {
      type: 'invalid_request_error',
      code: 'resource_missing',
      doc_url: docUrl('resource_missing'),
      message: `No such ${kind}: '${id}'`,
      ...(param ? { param } : {}),
    },
    false,
  );
}

export interface CardDecline {
  code: string;
  declineCode: string;
  message: string;
}

export function cardError(
  decline: CardDecline,
  objects: { paymentIntent: unknown; charge: string | null; paymentMethod: unknown },
): StripeError {
  return new StripeError(
    402,
    {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.declineCode,
      doc_url: docUrl(decline.code),
      message: decline.message,
      ...(objects.charge ? { charge: objects.charge } : {}),
      payment_intent: objects.paymentIntent,
      payment_method: objects.paymentMethod,
    },
    true,
  );
}

export function apiError(status: number): StripeError {
  return new StripeError(
    status,
    { type: 'api_error', message: 'An unknown error occurred (injected by the payments simulator).' },
    false,
  );
}
