import Type, { type Static } from 'typebox';

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
} as const;

export type ProblemType = (typeof ProblemTypes)[keyof typeof ProblemTypes];

export const FieldError = Type.Object({
  location: Type.Union([
    Type.Literal('body'),
    Type.Literal('query'),
    Type.Literal('params'),
    Type.Literal('headers'),
  ]),
  field: Type.String({ description: 'Dotted path of the offending field, empty for the whole part.' }),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
