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

/** A rule the schema cannot express (e.g. "end after start"), reported like schema failures. */
export class RuleViolationError extends DomainError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(ProblemTypes.validation, 400, 'Invalid request', detail, errors);
  }
}
