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
