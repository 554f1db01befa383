import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemTypes, type FieldError, type Problem } from '@cybertacotruck/contracts';
import { isDatabaseUnavailable, pgErrorCode } from '@cybertacotruck/db';
import { DomainError, TooManyRequestsError } from './errors';

/** What a 503 asks the client to wait before trying again: a failover or a restart takes seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const LOCATIONS: Record<string, FieldError['location']> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Turns Ajv's errors into one message per field a person can act on. */
export function fieldErrors(
  validation: FastifySchemaValidationError[],
  context: string | undefined,
): FieldError[] {
  const location = LOCATIONS[context ?? 'body'] ?? 'body';
  const byField = new Map<string, FieldError>();
  for (const error of validation) {
    const params = error.params;
    const segments = error.instancePath.split('/').filter(Boolean);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      segments.push(params.missingProperty);
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      segments.push(params.additionalProperty);
      message = 'is not a known field';
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `must be one of: ${params.allowedValues.map(String).join(', ')}`;
    } else if (error.keyword === 'pattern' || error.keyword === 'format') {
      const description = (error as { parentSchema?: { description?: string } }).parentSchema?.description;
      if (description) message = `must be ${description}`;
    }
    const field = segments.join('.');
    const key = `${field}\u0000${message}`;
    // Ajv's summary of a failed union repeats what its branches said: keep the first word per field.
    if (error.keyword === 'anyOf' && [...byField.values()].some((e) => e.field === field)) continue;
    if (!byField.has(key))
      byField.set(key, { location, field, message: field ? `${field} ${message}` : message });
  }
  return [...byField.values()];
}

/** Answers with a problem document (RFC 9457): its status, the problem+json type, request id. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Omit<Problem, 'instance' | 'requestId'>,
) {
  const body: Problem = {
    ...problem,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
  };
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** One handler for every failure, and one shape for every error body (RFC 9457). */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const errors = fieldErrors(error.validation, error.validationContext);
      return sendProblem(reply, request, {
        type: ProblemTypes.validation,
        title: 'Invalid request',
        status: 400,
        detail: `The request is invalid: ${errors.map((e) => e.message).join('; ')}.`,
        errors,
      });
    }
    if (isDatabaseUnavailable(error)) {
      // Expected while the database fails over or restarts: a warning with the driver's reason
      // (never the statement or its parameters), and an answer the client can act on.
      request.log.warn({ code: pgErrorCode(error), reason: error.message }, 'database unavailable');
      void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return sendProblem(reply, request, {
        type: ProblemTypes.databaseUnavailable,
        title: 'Service unavailable',
        status: 503,
        detail: `The database cannot be reached right now; try again in ${UNAVAILABLE_RETRY_AFTER_SECONDS} seconds.`,
      });
    }
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequestsError)
        void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      else if (error.status === 503)
        void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return sendProblem(reply, request, {
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.detail,
        ...(error.errors?.length ? { errors: error.errors } : {}),
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 415) {
      return sendProblem(reply, request, {
        type: ProblemTypes.unsupportedMediaType,
        title: 'Unsupported media type',
        status,
        detail: `Send the body as application/json (got ${request.headers['content-type'] ?? 'no content type'}).`,
      });
    }
    if (status === 413) {
      return sendProblem(reply, request, {
        type: ProblemTypes.payloadTooLarge,
        title: 'Payload too large',
        status,
        detail: 'The request body is larger than this endpoint accepts.',
      });
    }
    const code: unknown = (error as { code?: unknown }).code;
    if (
      status === 400 &&
      ((typeof code === 'string' && code.startsWith('FST_ERR_CTP')) || error instanceof SyntaxError)
    ) {
      return sendProblem(reply, request, {
        type: ProblemTypes.malformedBody,
        title: 'Malformed request body',
        status,
        detail: `The body is not valid JSON: ${error.message}`,
      });
    }
    if (status === 429) {
      return sendProblem(reply, request, {
        type: ProblemTypes.rateLimited,
        title: 'Too many requests',
        status,
        detail: error.message,
      });
    }
    if (status >= 400 && status < 500) {
      return sendProblem(reply, request, {
        type: status === 404 ? ProblemTypes.notFound : ProblemTypes.validation,
        title: status === 404 ? 'Not found' : 'Invalid request',
        status,
        detail: error.message,
      });
    }
    request.log.error({ err: error }, 'request failed');
    if (status === 503) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return sendProblem(reply, request, {
      type: status === 503 ? ProblemTypes.unavailable : ProblemTypes.internal,
      title: status === 503 ? 'Service unavailable' : 'Internal error',
      status: status === 503 ? 503 : 500,
      // Never the error's own message: it may name tables, hosts or values.
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, {
      type: ProblemTypes.notFound,
      title: 'Not found',
      status: 404,
      detail: `There is no ${request.method} ${request.url.split('?')[0] ?? ''} here.`,
    }),
  );
}
