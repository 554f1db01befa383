import { PROBLEM_CONTENT_TYPE, ProblemTypes, type FieldError, type Problem } from '@cybertacotruck/contracts';

/** A failed API call, carrying the server's problem+json so forms can show field-level messages. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly fieldErrors: readonly FieldError[];
  readonly requestId: string | undefined;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.fieldErrors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }

  /** The message for one body field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && typeof v.status === 'number' && typeof v.detail === 'string';
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The session's CSRF token (from sign-in or /me), sent as x-csrf-token on every state-changing
 * call; the session itself travels in an HTTP-only cookie the page cannot read.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra headers, e.g. the Idempotency-Key of a reservation call. */
  headers?: Record<string, string>;
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

/** The one place the web app talks HTTP. Every non-2xx answer becomes an `ApiError`. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal, headers } = options;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      type: ProblemTypes.unavailable,
      title: 'Network error',
      status: 0,
      detail: 'Could not reach the server. Check your connection and try again.',
    });
  }
  if (response.status === 204) return undefined as T;
  const contentType = response.headers.get('content-type') ?? '';
  const payload: unknown = contentType.includes('json') ? await response.json() : await response.text();
  if (response.ok) return payload as T;
  if (contentType.startsWith(PROBLEM_CONTENT_TYPE) && isProblem(payload)) throw new ApiError(payload);
  throw new ApiError({
    type: ProblemTypes.internal,
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: `The server answered ${response.status}.`,
  });
}
