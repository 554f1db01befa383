import { describe, expect, it } from 'vitest';
import { FleetTransport, type RequestSpec } from './fleet-transport';

/** A Fleet API stand-in that records every request's headers and answers 200. */
function recordingFetch() {
  const seen: { method: string; url: string; headers: Headers }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    seen.push({ method: init?.method ?? 'GET', url, headers: new Headers(init?.headers) });
    return new Response(JSON.stringify({ response: { ok: true } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

describe('FleetTransport headers', () => {
  it('sends Content-Type: application/json on every request, with or without a body', async () => {
    const { seen, fetch } = recordingFetch();
    const transport = new FleetTransport({
      connectionId: 'c1',
      baseUrl: 'https://fleet-api.example',
      proxyUrl: 'https://proxy.example',
      tokens: {
        getAccessToken: async () => 'token-1',
        refreshAfterRejection: async () => 'token-2',
      },
      fetch,
    });
    const specs: RequestSpec[] = [
      { method: 'GET', path: '/api/1/vehicles', billing: 'data', vin: null },
      { method: 'POST', path: '/api/1/vehicles/1/wake_up', billing: 'wake', vin: 'V1' },
      {
        method: 'POST',
        path: '/api/1/vehicles/fleet_status',
        body: { vins: ['V1'] },
        billing: 'data',
        vin: null,
      },
      {
        method: 'POST',
        path: '/api/1/vehicles/V1/command/honk_horn',
        via: 'proxy',
        billing: 'command',
        vin: 'V1',
      },
      { method: 'DELETE', path: '/api/1/vehicles/1/fleet_telemetry_config', billing: 'data', vin: 'V1' },
    ];
    for (const spec of specs) await transport.request(spec);

    expect(seen.map((r) => [r.method, new URL(r.url).pathname])).toEqual(
      specs.map((s) => [s.method, s.path]),
    );
    for (const r of seen) {
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(r.headers.get('accept')).toBe('application/json');
      expect(r.headers.get('authorization')).toBe('Bearer token-1');
    }
  });
});
