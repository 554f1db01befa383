/**
 * The API fuzzer (issue 12, item 2). Every operation of the served OpenAPI document
 * (GET /api/docs/json), all four services in one app on a fresh PostgreSQL database, is sent
 * property-based requests built by fast-check from the operation's own JSON schemas (path, query,
 * header and body), with hostile values mixed in at every leaf (NUL and other controls, lone
 * surrogates, bidi and zero-width characters, 70 kB strings, SQL- and JSON-ish noise, 2^31, 2^53,
 * -0, 1e308, wrong types, unknown and missing keys) and hostile bodies (malformed, deeply nested,
 * over the 1 MiB limit, the wrong content type). Each request goes as anonymous, as a signed-in
 * customer or as the signed-in operator: real sessions (cookie and x-csrf-token) from the account
 * service, the customer invited and registered by SMS as in production.
 *
 * It asserts that no answer is 5xx and that /health/ready is still 200 afterwards, and prints how
 * many requests it sent. A failure prints fast-check's report (seed, path, counterexample) and the
 * request as a line to paste into api-fuzz.regressions.ts, which bad-input.test.ts replays.
 * Reproduce with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>); FUZZ_RUNS sets the number of requests.
 *
 * The input rules it holds the API to: every request string is refused with a 400 naming the
 * field if it holds C0 controls, DEL or unpaired surrogates (line breaks and tabs only in JSON
 * bodies); names are one line without format (bidi, zero-width) characters, and names and free
 * text are trimmed before their lengths are checked; date-times are RFC 3339 instants from 1970 to
 * before 2200 (no leap second); integers are bounded by what their column holds; ids are plain
 * UUIDs; a cursor or offset the API did not give out is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reservation, Terms, Vehicle } from '@cybertacotruck/contracts';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import {
  as,
  OPERATOR,
  operatorEnv,
  registerCustomer,
  signIn,
  type Browser,
} from '@cybertacotruck/account/testing';
import {
  hostileText,
  hostileValue,
  objectFor,
  valueFor,
  type FuzzContext,
  type JsonSchema,
} from './support/api-fuzz.arbitraries';
import type { FuzzRegression } from './support/api-fuzz.regressions';
import { allServices } from '../src/services';

type Method = FuzzRegression['method'];
type FuzzRequest = Omit<FuzzRegression, 'found' | 'status'>;

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  method: Method;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<Lowercase<Method>, OpenApiOperation>>>;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/**
 * A server-sent event stream never ends for a caller allowed to open it, so `inject` would wait for
 * ever: those operations are left to their own tests (live-stream.int.test.ts: auth, filtering,
 * shutdown with a stream open).
 */
const streams = (operation: OpenApiOperation) =>
  Object.values(operation.responses ?? {}).some((r) => 'text/event-stream' in (r.content ?? {}));

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Signing out would end the fuzzer's own sessions: those two go without one. */
const ANONYMOUS_ONLY = new Set(['POST /api/v1/auth/sign-out', 'POST /api/v1/auth/sign-out-everywhere']);

function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method.toLowerCase() as Lowercase<Method>];
      if (!operation || streams(operation)) return [];
      return [
        {
          method,
          path,
          parameters: operation.parameters ?? [],
          body: operation.requestBody?.content?.['application/json']?.schema,
        },
      ];
    }),
  );
}

/** Percent-encodes the UTF-8 of any string (a lone surrogate included, which encodeURIComponent refuses). */
const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** A parameter as text, as it travels in a URL or a header. */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);

/** Bodies no schema describes: broken JSON, the wrong shape, too deep, too large. */
const hostileBody: fc.Arbitrary<string> = fc.constantFrom(
  '',
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '42',
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
  `{"s":"${'z'.repeat(1024 * 1024 + 10)}"}`,
  '\uFEFF{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
);

const HOSTILE_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/xml',
  'application/json, text/plain',
] as const;

function requestFor(operation: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const key = `${operation.method} ${operation.path}`;
  const byPlace = (place: Parameter['in']) => operation.parameters.filter((p) => p.in === place);
  const textOf = (parameter: Parameter): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 5, arbitrary: valueFor(parameter.schema, ctx).map(asText) },
      { weight: 1, arbitrary: hostileText },
    );
  const path = fc.tuple(...byPlace('path').map(textOf)).map((values) => {
    let url = operation.path;
    byPlace('path').forEach((parameter, i) => {
      url = url.replace(`{${parameter.name}}`, encode(values[i] ?? ''));
    });
    return url;
  });
  // Each parameter left out, given once, or now and then twice (an array to a coercing validator).
  const query = fc
    .tuple(
      ...byPlace('query').map((p) =>
        fc.option(fc.array(textOf(p), { minLength: 1, maxLength: 2, depthIdentifier: 'query' }), {
          freq: 2,
          nil: undefined,
        }),
      ),
    )
    .map((values) =>
      byPlace('query')
        .flatMap((parameter, i) =>
          (values[i] ?? []).map((value) => `${encode(parameter.name)}=${encode(value)}`),
        )
        .join('&'),
    );
  const headers = fc
    .tuple(...byPlace('header').map((p) => fc.option(textOf(p), { freq: 6, nil: undefined })))
    .map((values) =>
      Object.fromEntries(
        byPlace('header').flatMap((parameter, i) => {
          const value = values[i];
          // A header cannot carry a line break or a non-Latin-1 character at all; send its bytes.
          return value === undefined ? [] : [[parameter.name, Buffer.from(value, 'utf8').toString('latin1')]];
        }),
      ),
    );
  const body: fc.Arbitrary<{ body?: string; contentType?: string }> = operation.body
    ? fc.oneof(
        { weight: 12, arbitrary: objectFor(operation.body, ctx).map((v) => ({ body: JSON.stringify(v) })) },
        { weight: 1, arbitrary: hostileValue.map((v) => ({ body: JSON.stringify(v) })) },
        { weight: 1, arbitrary: hostileBody.map((b) => ({ body: b })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(objectFor(operation.body, ctx), fc.constantFrom(...HOSTILE_CONTENT_TYPES))
            .map(([v, contentType]) => ({ body: JSON.stringify(v), contentType })),
        },
      )
    : fc.constantFrom<{ body?: string }>({}, {}, {}, { body: '{}' }, { body: '{"unexpected":true}' });
  const who = ANONYMOUS_ONLY.has(key)
    ? fc.constant('anonymous' as const)
    : fc.oneof(
        { weight: 1, arbitrary: fc.constant('anonymous' as const) },
        { weight: 2, arbitrary: fc.constant('customer' as const) },
        { weight: 3, arbitrary: fc.constant('operator' as const) },
      );
  return fc
    .record({ who, path, query, headers, body })
    .map(({ who: identity, path: url, query: search, headers: extra, body: sent }): FuzzRequest => ({
      as: identity,
      method: operation.method,
      url: search ? `${url}?${search}` : url,
      ...(sent.body === undefined ? {} : { body: sent.body }),
      headers: {
        ...extra,
        ...(sent.body === undefined ? {} : { 'content-type': sent.contentType ?? 'application/json' }),
      },
    }));
}

/** The request as a line of api-fuzz.regressions.ts (a huge body shortened to its start). */
function describeRequest(request: FuzzRequest, status: number, answer: string): string {
  const body = request.body && request.body.length > 2000 ? `${request.body.slice(0, 2000)}…` : request.body;
  return [
    `${request.method} ${request.url} as ${request.as} answered ${status}: ${answer.slice(0, 500)}`,
    `Keep it in api-fuzz.regressions.ts: ${JSON.stringify({ ...request, body, found: `api-fuzz seed ${SEED}: ${status}` })}`,
  ].join('\n');
}

describe('API fuzzer: every operation of the OpenAPI document, as anonymous, customer and operator', () => {
  let t: TestApp;
  let browsers: Record<FuzzRequest['as'], Browser | null>;
  let operations: Operation[];
  let ctx: FuzzContext;

  beforeAll(async () => {
    t = await createTestApp('postgres', allServices, { ...operatorEnv, TESLA_SYNC: 'false' });
    const operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    const customer = await registerCustomer(t.app, operator, {
      phone: '+12025550191',
      email: 'fuzz@example.com',
      name: 'Fuzz Customer',
      password: 'quartz-harbor-7319',
    });
    browsers = { anonymous: null, customer, operator };
    // Rows for requests to find: a car, terms, and a reservation of the customer's.
    const post = async <T>(browser: Browser, url: string, payload: object, headers = {}) => {
      const response = await t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { ...as(browser), ...headers },
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json<T>();
    };
    const car = await post<Vehicle>(operator, '/api/v1/vehicles', {
      vin: '5YJ3E1EA7KF000777',
      model: 'model_3',
      displayName: 'Fuzz Target',
    });
    await post<Terms>(operator, '/api/v1/terms', { title: 'Terms', body: 'Drive safely.' });
    const day = 24 * 3_600_000;
    const start = Math.ceil(Date.now() / day) * day + 10 * day;
    const reservation = await post<Reservation>(
      customer,
      '/api/v1/reservations',
      { vehicleId: car.id, from: new Date(start).toISOString(), to: new Date(start + 2 * day).toISOString() },
      { 'idempotency-key': 'api-fuzz-seed-reservation' },
    );
    ctx = {
      now: Date.now(),
      knownIds: [car.id, customer.me.user.id, operator.me.user.id, reservation.id],
    };
    const docs = await t.app.inject({ url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    operations = operationsOf(docs.json<OpenApiDocument>());
  });
  afterAll(() => t.dispose());

  it('answers no request with a 5xx, and is still ready afterwards', async () => {
    expect(operations.length).toBeGreaterThan(50);
    let sent = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    const send = async (request: FuzzRequest) => {
      const browser = browsers[request.as];
      sent += 1;
      const response = await t.app.inject({
        method: request.method,
        url: request.url,
        headers: { ...(browser ? as(browser) : {}), ...request.headers },
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      return response;
    };
    const property = fc.asyncProperty(
      fc.oneof(...operations.map((operation) => requestFor(operation, ctx))),
      async (request) => {
        const response = await send(request);
        if (response.statusCode >= 500)
          throw new Error(describeRequest(request, response.statusCode, response.body));
      },
    );
    console.log(`api-fuzz: seed ${SEED}, ${RUNS} runs over ${operations.length} operations`);
    await fc.assert(property, {
      numRuns: RUNS,
      seed: SEED,
      ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
      verbose: fc.VerbosityLevel.Verbose,
    });
    const ready = await t.app.inject({ url: '/health/ready' });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `api-fuzz: sent ${sent} requests to ${operations.length} operations in ${seconds} s (seed ${SEED}), 0 answered ≥ 500; ${byStatus.join(' ')}`,
    );
    expect(ready.statusCode, ready.body).toBe(200);
  }, 120_000);
});
