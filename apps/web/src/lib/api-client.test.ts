import { afterEach, describe, expect, it } from 'vitest';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { ApiError, createApiClient, setCsrfToken, unwrap } from './api-client';

/** A fetch that records each request and answers with the next response given. */
function recordingFetch(...answers: (Response | Error)[]) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { requests, api: createApiClient({ baseUrl: 'http://app.test', fetch }) };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('the web API client', () => {
  afterEach(() => {
    setCsrfToken(null);
  });

  it('sends same-origin cookies and JSON, the CSRF token on unsafe methods only, and path ids encoded', async () => {
    setCsrfToken('csrf-1');
    const { requests, api } = recordingFetch(json(200, { items: [] }), json(200, { id: 'v/1' }));
    await unwrap(api.GET('/api/v1/vehicles', { params: { query: { model: 'model_y' } } }));
    await unwrap(
      api.PATCH('/api/v1/vehicles/{id}', { params: { path: { id: 'v/1' } }, body: { inService: false } }),
    );

    const [list, patch] = requests;
    expect(list?.url).toBe('http://app.test/api/v1/vehicles?model=model_y');
    expect(list?.credentials).toBe('same-origin');
    expect(list?.headers.get('accept')).toBe('application/json');
    expect(list?.headers.get('x-csrf-token')).toBeNull();
    expect(patch?.method).toBe('PATCH');
    expect(patch?.url).toBe('http://app.test/api/v1/vehicles/v%2F1');
    expect(patch?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(patch?.headers.get('content-type')).toBe('application/json');
    expect(await patch?.text()).toBe('{"inService":false}');
  });

  it('sends the idempotency key as the header the route declares', async () => {
    const { requests, api } = recordingFetch(json(201, { id: 'r1' }));
    await unwrap(
      api.POST('/api/v1/reservations', {
        params: { header: { 'idempotency-key': 'key-12345678' } },
        body: { vehicleId: 'v1', from: '2026-12-04T16:00:00Z', to: '2026-12-06T16:00:00Z' },
      }),
    );
    expect(requests[0]?.headers.get('idempotency-key')).toBe('key-12345678');
  });

  it('turns a problem+json answer into an ApiError with its type, status, detail and field errors', async () => {
    const problem = {
      type: ProblemTypes.validation,
      title: 'Invalid request',
      status: 400,
      detail: 'body/email must match format "email"',
      requestId: 'req-1',
      errors: [{ location: 'body', field: 'email', message: 'must be an e-mail address' }],
    };
    const { api } = recordingFetch(json(400, problem, 'application/problem+json; charset=utf-8'));
    const error = await unwrap(api.PATCH('/api/v1/me/preferences', { body: {} })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      type: problem.type,
      title: problem.title,
      message: problem.detail,
    });
    expect((error as ApiError).requestId).toBe('req-1');
    expect((error as ApiError).fieldMessage('email')).toBe('must be an e-mail address');
  });

  it('turns any other failed answer, or no answer, into an ApiError; an abort stays an abort', async () => {
    const { api } = recordingFetch(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      new TypeError('Failed to fetch'),
      new DOMException('The operation was aborted.', 'AbortError'),
    );
    await expect(unwrap(api.GET('/api/v1/me'))).rejects.toMatchObject({
      name: 'ApiError',
      status: 502,
      title: 'Bad Gateway',
      type: ProblemTypes.internal,
    });
    await expect(unwrap(api.GET('/api/v1/me'))).rejects.toMatchObject({
      name: 'ApiError',
      status: 0,
      type: ProblemTypes.unavailable,
    });
    await expect(unwrap(api.GET('/api/v1/me'))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('answers undefined for a 204', async () => {
    const { api } = recordingFetch(new Response(null, { status: 204 }));
    await expect(unwrap(api.POST('/api/v1/auth/sign-out'))).resolves.toBeUndefined();
  });
});
