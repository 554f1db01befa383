import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRepository } from '@cybertacotruck/bus';
import {
  InventoryEvents,
  ProblemTypes,
  type RentedVehicles,
  type Vehicle,
  type VehicleStatusChangedV1,
} from '@cybertacotruck/contracts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  BaseConfigSchema,
  parseConfig,
  requireInternal,
  startProcess,
  type RunningProcess,
  type ServiceDefinition,
} from '@cybertacotruck/platform';
import { asOperator, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import type { InventoryTables } from '../../tables';
import { calendarClient } from '../../../testing/calendar';

const RENTER = '00000000-0000-4000-8000-0000000000c1';
const asRenter = { 'x-test-principal': 'customer', 'x-test-user': RENTER };

/** The reservation service's answer to "which cars does this customer rent", from a table the test sets. */
const rented = new Map<string, string[]>();
const reservationStub: ServiceDefinition = {
  name: 'reservation',
  description: 'test stub: the rented-vehicles internal route',
  migrations: { schema: 'test_reservation_stub', migrations: {} },
  routes: async (app) => {
    app.get<{ Params: { id: string } }>(
      '/internal/customers/:id/rented-vehicles',
      { onRequest: requireInternal },
      async (request): Promise<RentedVehicles> => ({ vehicleIds: rented.get(request.params.id) ?? [] }),
    );
  },
};

interface Sse {
  status: number;
  headers: Headers;
  /** Resolves with the next event of this name (its data parsed), rejecting after `ms`. */
  next(name: string, ms?: number): Promise<unknown>;
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an event stream with fetch and parses it as it arrives (no EventSource in Node). */
async function openStream(url: string, headers: Record<string, string>): Promise<Sse> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { ...headers, 'accept-encoding': 'br, gzip' },
    signal: abort.signal,
  });
  const events: { name: string; data: string }[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const ended = (async () => {
    if (!res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name !== undefined) events.push({ name, data: data ?? '' });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    ended,
    close: () => {
      abort.abort();
    },
    next: (name, ms = 5_000) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const i = events.findIndex((e) => e.name === name);
          if (i < 0) return;
          const [event] = events.splice(i, 1);
          waiters.delete(look);
          clearTimeout(timer);
          resolve(event ? JSON.parse(event.data) : undefined);
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(
            new Error(
              `no ${name} event within ${String(ms)} ms (got ${events.map((e) => e.name).join(', ')})`,
            ),
          );
        }, ms);
        waiters.add(look);
        look();
      }),
  };
}

const statusEvent = (v: Vehicle, batteryLevel: number): VehicleStatusChangedV1 => ({
  vehicleId: v.id,
  vin: v.vin ?? '',
  name: v.displayName,
  model: v.model,
  connectivity: 'online',
  streaming: true,
  batteryLevel,
  rangeMi: batteryLevel * 3,
  lastSeenAt: new Date().toISOString(),
  reasons: ['battery'],
  at: new Date().toISOString(),
});

describe.each(TEST_ENGINES)('live stream of vehicle status on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let cars: Vehicle[];

  /** What the telemetry ingest does: a status event in inventory's outbox. */
  const publish = (event: VehicleStatusChangedV1) =>
    new OutboxRepository<InventoryTables>(t.db.kysely.withTables<InventoryTables>(), 'inventory').append(
      InventoryEvents.vehicleStatusChanged,
      event.vehicleId,
      event,
      new Date(),
    );

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService, reservationStub], {
      TESLA_SYNC: 'false',
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const c = calendarClient(t);
    cars = [await c.vehicle(), await c.vehicle()];
  });
  afterAll(() => t.dispose());

  it('sends an operator every status change as it is committed, uncompressed', async () => {
    const sse = await openStream(`${base}/api/v1/live/stream`, asOperator);
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(sse.headers.get('content-encoding')).toBeNull();
      expect(sse.headers.get('cache-control')).toContain('no-cache');
      await sse.next('ready');
      const car = cars[0] as Vehicle;
      await publish(statusEvent(car, 42));
      expect(await sse.next('vehicle')).toMatchObject({ vehicleId: car.id, vin: car.vin, batteryLevel: 42 });
    } finally {
      sse.close();
    }
  });

  it('sends a renter only the car they rent, without its VIN', async () => {
    const [mine, other] = cars as [Vehicle, Vehicle];
    rented.set(RENTER, [mine.id]);
    const sse = await openStream(`${base}/api/v1/live/stream`, asRenter);
    try {
      expect(sse.status).toBe(200);
      await sse.next('ready');
      await publish(statusEvent(other, 10));
      await publish(statusEvent(mine, 77));
      const event = await sse.next('vehicle');
      expect(event).toEqual(expect.objectContaining({ vehicleId: mine.id, batteryLevel: 77 }));
      expect(event).not.toHaveProperty('vin');
      // The other car's event, published first, never came: the first one through was mine.
    } finally {
      sse.close();
    }
  });

  it('refuses an anonymous caller with a problem', async () => {
    const res = await fetch(`${base}/api/v1/live/stream`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { type: string }).type).toBe(ProblemTypes.unauthenticated);
  });
});

describe('a process with an open live stream', () => {
  let db: TestDatabase;
  let running: RunningProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await running?.close();
    await db.dispose();
  });

  it('still shuts down promptly: the drain does not wait for the stream, which ends', async () => {
    if (db.target.kind !== 'postgres') throw new Error('expected a PostgreSQL test database');
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: db.target.url,
      SHUTDOWN_GRACE_MS: '20000',
      TESLA_SYNC: 'false',
    };
    running = await startProcess({
      config: parseConfig(BaseConfigSchema, env),
      services: [principalStub, inventoryService],
      processName: 'inventory',
      env,
    });
    const sse = await openStream(`${running.url}/api/v1/live/stream`, asOperator);
    await sse.next('ready');
    const started = performance.now();
    await running.close();
    const took = performance.now() - started;
    await sse.ended;
    // The drain alone would have waited half the grace (10 s) for an open request.
    expect(took).toBeLessThan(3_000);
  });
});
