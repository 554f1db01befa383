/**
 * What a logged error may carry. Database errors bring the statement's bound values with them:
 * PGlite attaches `params` (and `queryOptions`) to every error, node-postgres puts the offending
 * row in `detail` ("Key (email)=(ana@example.com) already exists.") and `where`. A failed insert of
 * a user logged an argon2id hash, a phone, an e-mail and a name that way. Those fields are dropped;
 * the message, the SQLSTATE code, the constraint and the statement's text (placeholders, no values)
 * stay, which is what a person needs to find the bug.
 */
const VALUE_FIELDS = new Set(['params', 'parameters', 'values', 'queryOptions', 'bindings']);
/** node-postgres/PGlite fields that quote row values, dropped when the error came from the database. */
const DATABASE_VALUE_FIELDS = new Set(['detail', 'where', 'internalQuery']);

const isDatabaseError = (error: Error & Record<string, unknown>): boolean =>
  'severity' in error ||
  'params' in error ||
  (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code));

export interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/**
 * pino's `err` serializer: the error's own fields, without the values of a failed statement. Loggers
 * also pass `err` as text (e.g. the bus's `errorText(error)`) or other plain values: those are logged
 * as they are — a serializer that throws takes the log call, and whatever called it, down with it.
 */
export function serializeError(value: Error): SerializedError {
  // Typed as pino types it; at run time anything may come.
  const given: unknown = value;
  return given instanceof Error ? serialize(given, 0) : (given as SerializedError);
}

function serialize(value: Error, depth: number): SerializedError {
  const error = value as Error & Record<string, unknown>;
  const database = isDatabaseError(error);
  const out: SerializedError = {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack ?? '',
  };
  for (const [key, field] of Object.entries(error)) {
    if (VALUE_FIELDS.has(key) || (database && DATABASE_VALUE_FIELDS.has(key))) continue;
    out[key] = field;
  }
  const nested = (x: unknown): unknown => (x instanceof Error && depth < 5 ? serialize(x, depth + 1) : x);
  if (error.cause !== undefined) out.cause = nested(error.cause);
  if (error instanceof AggregateError) out.errors = (error.errors as unknown[]).map(nested);
  return out;
}
