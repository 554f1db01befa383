/**
 * Every request that once made the API answer 5xx: found by hand (issue 12) or by the fuzzer
 * (api-fuzz.test.ts prints a failing request in this shape). bad-input.test.ts replays the list
 * on both engines; each must now be answered below 500 (with `status` when one is expected).
 */
export interface FuzzRegression {
  /** Who sends it: no session, the signed-in customer or the signed-in operator (with CSRF token). */
  as: 'anonymous' | 'customer' | 'operator';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** The raw body, sent as application/json. */
  body?: string;
  headers?: Record<string, string>;
  status?: number;
  /** Where it came from and what it did. */
  found: string;
}

export const FUZZ_REGRESSIONS: readonly FuzzRegression[] = [
  {
    as: 'anonymous',
    method: 'GET',
    url: '/api/v1/terms/2147483648',
    status: 400,
    found: 'issue 12: 500, the version overflowed PostgreSQL integer',
  },
  {
    as: 'operator',
    method: 'GET',
    url: '/api/v1/calendar?from=0000-01-01T00:00:00Z',
    status: 400,
    found: 'issue 12: 500, year 0 reached PostgreSQL',
  },
  {
    as: 'operator',
    method: 'GET',
    url: '/api/v1/calendar?from=9999-12-31T23:59:59Z',
    status: 400,
    found: 'issue 12: 500, the default end (a year later) is past year 9999',
  },
  {
    as: 'operator',
    method: 'GET',
    url: '/api/v1/vehicles/urn:uuid:0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a',
    status: 400,
    found: 'ajv-formats takes a urn:uuid: prefix that PostgreSQL refuses',
  },
];
