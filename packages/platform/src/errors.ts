import { ProblemTypes, type FieldError, type ProblemType } from '@cybertacotruck/contracts';

/**
 * What services throw. It carries no HTTP machinery: the one error handler maps `type` and
 * `status` to an application/problem+json response.
 */
export class DomainError extends Error {
  constructor(
    readonly type: ProblemType,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(detail: string, type: ProblemType = ProblemTypes.notFound) {
    super(type, 404, 'Not found', detail);
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string, type: ProblemType = ProblemTypes.conflict) {
    super(type, 409, 'Conflict', detail);
  }
}

/**
 * A rule the schema cannot express (e.g. "end after start"), reported like schema failures;
 * `type` may name the rule more precisely than `validation` (e.g. an invalid period).
 */
export class RuleViolationError extends DomainError {
  constructor(detail: string, errors: FieldError[] = [], type: ProblemType = ProblemTypes.validation) {
    super(type, 400, 'Invalid request', detail, errors);
  }
}

/** No (valid) session: the caller must sign in. */
export class UnauthorizedError extends DomainError {
  constructor(detail = 'Sign in to do this.', type: ProblemType = ProblemTypes.unauthenticated) {
    super(type, 401, 'Unauthorized', detail);
  }
}

/** Signed in, or not, the caller may not do this (wrong role, missing CSRF token, bad shared secret). */
export class ForbiddenError extends DomainError {
  constructor(detail: string, type: ProblemType = ProblemTypes.forbidden) {
    super(type, 403, 'Forbidden', detail);
  }
}

/** Too many attempts; answered as 429 with a Retry-After header of `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(ProblemTypes.rateLimited, 429, 'Too many requests', detail);
  }
}
