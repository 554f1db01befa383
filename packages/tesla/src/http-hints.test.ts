import { describe, expect, it } from 'vitest';
import { findRegionHost, parseRetryAfter } from './http-hints';

const NA = 'https://fleet-api.prd.na.vn.cloud.tesla.com';
const EU = 'https://fleet-api.prd.eu.vn.cloud.tesla.com';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('findRegionHost', () => {
  it('finds the host in the body, the error text or Alt-Svc', () => {
    expect(findRegionHost({ response: { fleet_api_base_url: `${EU}/` } }, null, NA)).toBe(EU);
    expect(findRegionHost({ error: `user out of region, use ${EU}/api/1/vehicles` }, null, NA)).toBe(EU);
    expect(findRegionHost({ error_description: 'try fleet-api.prd.eu.vn.cloud.tesla.com' }, null, NA)).toBe(
      EU,
    );
    expect(findRegionHost({}, 'h2="fleet-api.prd.eu.vn.cloud.tesla.com:443"; ma=86400', NA)).toBe(EU);
    expect(findRegionHost({}, 'h1="127.0.0.1:4001"', 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4001');
    expect(findRegionHost({ error: 'wrong region' }, null, NA)).toBeNull();
  });
});
