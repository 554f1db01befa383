/** SQLSTATE of a PostgreSQL error from either driver (pg and PGlite both expose `code`). */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown, constraint?: string) =>
  pgErrorCode(error) === '23505' && (constraint === undefined || constraintOf(error) === constraint);

export const isExclusionViolation = (error: unknown, constraint?: string) =>
  pgErrorCode(error) === '23P01' && (constraint === undefined || constraintOf(error) === constraint);

function constraintOf(error: unknown): string | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'constraint' in error &&
    typeof error.constraint === 'string'
  ) {
    return error.constraint;
  }
  return undefined;
}

/**
 * SQLSTATEs that say the server or this connection is gone, not that the statement was wrong:
 * admin_shutdown / crash_shutdown / cannot_connect_now (a failover, a restart, a terminated
 * backend) and too_many_connections. Class 08 (connection exception) is matched as a class.
 */
const CONNECTION_LOST_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * What node-postgres and pg-pool say without a code: the socket closed under a query, a client
 * that lost its connection being used again, a connect that timed out, and the pool unable to
 * hand out a connection within `connectionTimeoutMillis`.
 */
const CONNECTION_LOST_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)/;

/**
 * True when `error` means the database cannot be reached right now (so the operation may succeed
 * if tried again later), as opposed to a fault of the operation itself. The one place that knows
 * how each driver reports a lost connection: the problem handler answers these with 503 and
 * Retry-After, and the event bus retries them without counting them against a handler.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = pgErrorCode(error);
  if (code !== undefined && (CONNECTION_LOST_STATES.has(code) || code.startsWith('08'))) return true;
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  // A host with several addresses (localhost: ::1 and 127.0.0.1) refuses with one error per address.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error instanceof Error && CONNECTION_LOST_MESSAGES.test(error.message);
}
