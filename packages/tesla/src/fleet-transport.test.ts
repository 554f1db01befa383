import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isTeslaAborted, TeslaAbortedError } from './errors';
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

describe('FleetTransport stop signal', () => {
  const tokens = {
    getAccessToken: async () => 'token-1',
    refreshAfterRejection: async () => 'token-2',
  };
  const spec: RequestSpec = { method: 'GET', path: '/api/1/vehicles', billing: 'data', vin: null };

  it('ends a 60 s Retry-After wait within ~100 ms of the abort, with no second request', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response(JSON.stringify({ error: 'rate limited' }), {
        status: 429,
        headers: { 'retry-after': '60' },
      });
    }) as typeof globalThis.fetch;
    const stop = new AbortController();
    const transport = new FleetTransport({
      connectionId: 'c1',
      baseUrl: 'https://fleet-api.example',
      tokens,
      fetch,
      signal: stop.signal,
    });
    const outcome = transport.request(spec).then(
      () => null,
      (error: unknown) => error,
    );
    // The transport is in its 60 s wait once the 429 has been read.
    await expect.poll(() => calls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    stop.abort();
    const error = await outcome;
    const took = performance.now() - abortedAt;
    expect(error).toBeInstanceOf(TeslaAbortedError);
    expect((error as TeslaAbortedError).inFlight).toBe(false);
    expect(isTeslaAborted(error)).toBe(true);
    expect(took).toBeLessThan(100);
    expect(calls).toBe(1);
  });

  it('cancels a request a real server never answers, at once, and retries nothing', async () => {
    const seen: IncomingMessage[] = [];
    const closed: Promise<void>[] = [];
    const server = createServer((req) => {
      // Never answers; records that the client went away.
      seen.push(req);
      closed.push(
        new Promise((resolve) => {
          req.socket.once('close', () => {
            resolve();
          });
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const stop = new AbortController();
      const transport = new FleetTransport({
        connectionId: 'c1',
        baseUrl: `http://127.0.0.1:${port}`,
        tokens,
        signal: stop.signal,
      });
      const outcome = transport.request(spec).then(
        () => null,
        (error: unknown) => error,
      );
      await expect.poll(() => seen.length).toBe(1);
      const abortedAt = performance.now();
      stop.abort();
      const error = await outcome;
      expect(performance.now() - abortedAt).toBeLessThan(100);
      expect(error).toBeInstanceOf(TeslaAbortedError);
      expect((error as TeslaAbortedError).inFlight).toBe(true);
      await Promise.all(closed);
      expect(seen).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses to start a call once stopped, and a live signal changes nothing', async () => {
    const { seen, fetch } = recordingFetch();
    const stop = new AbortController();
    const transport = new FleetTransport({
      connectionId: 'c1',
      baseUrl: 'https://fleet-api.example',
      tokens,
      fetch,
      signal: stop.signal,
    });
    expect((await transport.request(spec)).status).toBe(200);
    stop.abort();
    await expect(transport.request(spec)).rejects.toBeInstanceOf(TeslaAbortedError);
    expect(seen).toHaveLength(1);
  });
});
