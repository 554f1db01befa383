import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Availability, Vehicle, VehicleList } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import {
  asCustomer,
  asOperator,
  createTestApp,
  principalStub,
  type TestApp,
} from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import type { InventoryTables } from '../../tables';
import { LiveStateRepository } from '../live-state/live-state.repository';
import { prunePositionHistory } from '../live-state/position-retention.worker';
import { calendarClient, inDays } from '../../../testing/calendar';

// Two cars parked ~0.7 mi apart in one 0.02° area of San Francisco, and a third across the bay.
const MISSION = { lat: 37.7749, lon: -122.4194 };
const NEARBY = { lat: 37.7799, lon: -122.4101 };
const OAKLAND = { lat: 37.8044, lon: -122.2712 };

describe.each(TEST_ENGINES)('positions, VINs and position history kept private on %s', (engine) => {
  let t: TestApp;
  let c: ReturnType<typeof calendarClient>;
  let a: Vehicle;
  let b: Vehicle;
  const window = { from: inDays(2), to: inDays(4) };

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], { TESLA_SYNC: 'false' });
    c = calendarClient(t);
    a = await c.vehicle({ displayName: 'Privacy A' });
    b = await c.vehicle({ displayName: 'Privacy B' });
    const o = await c.vehicle({ displayName: 'Privacy O' });
    await c.live(a.id, { ...MISSION, battery: 80, range: 250 });
    await c.live(b.id, { ...NEARBY, battery: 70, range: 230 });
    await c.live(o.id, { ...OAKLAND, battery: 60, range: 200 });
    // A is on someone's rental right now; it is free for the later dates searched.
    expect((await c.hold(a.id, { from: inDays(0), to: inDays(1) })).statusCode).toBe(201);
  });
  afterAll(() => t.dispose());

  const search = async (
    query: Record<string, string | number>,
    headers: Record<string, string> = asCustomer,
  ) => {
    const response = await t.app.inject({
      url: `/api/v1/availability?${new URLSearchParams({ ...window, ...query }).toString()}`,
      headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Availability>().items;
  };

  it("shows the centre of a car's ~2 km area, never its position, to customers and operators alike", async () => {
    for (const headers of [asCustomer, asOperator]) {
      const items = await search({}, headers);
      const [ia, ib] = [items.find((i) => i.id === a.id), items.find((i) => i.id === b.id)];
      expect(ia?.live).toMatchObject({ latitude: 37.77, longitude: -122.41, batteryLevel: 80 });
      // Both cars of one area look the same: where either is inside it is not said.
      expect(ib?.live).toMatchObject({ latitude: 37.77, longitude: -122.41 });
    }
  });

  it('measures, filters and sorts by the area: no near/radius question tells two cars of one area apart', async () => {
    const probes = [MISSION, NEARBY, { lat: 37.779, lon: -122.41 }, { lat: 37.76, lon: -122.43 }];
    for (const p of probes) {
      for (const radiusMi of [undefined, 0.05, 0.3, 0.6, 1, 2]) {
        const items = await search({
          near: `${p.lat},${p.lon}`,
          ...(radiusMi ? { radiusMi: String(radiusMi) } : {}),
        });
        const [ia, ib] = [items.find((i) => i.id === a.id), items.find((i) => i.id === b.id)];
        expect(ia === undefined, `near ${p.lat},${p.lon} within ${String(radiusMi)}`).toBe(ib === undefined);
        expect(ia?.distanceMi).toBe(ib?.distanceMi);
        if (ia) expect(Number.isInteger(ia.distanceMi)).toBe(true);
      }
    }
    // Oakland is ~8.5 miles from the Mission; from the Mission's area centre, in whole miles, 9.
    const oakland = (await search({ near: `${MISSION.lat},${MISSION.lon}` })).find(
      (i) => i.displayName === 'Privacy O',
    );
    expect(oakland?.distanceMi).toBe(9);
  });

  it('leaves the VIN out of the public vehicle list and page; operators get it', async () => {
    for (const headers of [{}, asCustomer]) {
      const one = await t.app.inject({ url: `/api/v1/vehicles/${a.id}`, headers });
      expect(one.statusCode).toBe(200);
      expect(one.json<Vehicle>()).not.toHaveProperty('vin');
      expect(one.body).not.toContain(a.vin);
      const list = await t.app.inject({ url: '/api/v1/vehicles', headers });
      expect(list.json<VehicleList>().items.length).toBeGreaterThanOrEqual(3);
      expect(list.body).not.toMatch(/"vin"/);
    }
    const operator = await t.app.inject({ url: `/api/v1/vehicles/${a.id}`, headers: asOperator });
    expect(operator.json<Vehicle>().vin).toBe(a.vin);
  });

  it('deletes position history past POSITION_HISTORY_DAYS in bounded batches, keeping the rest', async () => {
    const db = t.db.kysely.withTables<InventoryTables>();
    const day = 86_400_000;
    const at = (daysAgo: number, i: number) => new Date(Date.now() - daysAgo * day - i * 1000).toISOString();
    for (let i = 0; i < 7; i++)
      await sql`insert into inventory.vehicle_position (vehicle_id, at, latitude, longitude)
        values (${b.id}, ${at(31, i)}::timestamptz, 37.78, -122.41)`.execute(db);
    for (let i = 0; i < 2; i++)
      await sql`insert into inventory.vehicle_position (vehicle_id, at, latitude, longitude)
        values (${b.id}, ${at(29, i)}::timestamptz, 37.78, -122.41)`.execute(db);
    const live = new LiveStateRepository(db);
    const batches: number[] = [];
    const counting = {
      purgePositionsBefore: async (cutoff: Date, limit: number) => {
        const n = await live.purgePositionsBefore(cutoff, limit);
        batches.push(n);
        return n;
      },
    };
    expect(await prunePositionHistory(counting, { days: 30, batch: 3 }, new Date())).toBe(7);
    expect(batches).toEqual([3, 3, 1]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from inventory.vehicle_position where vehicle_id = ${b.id}`.execute(db);
    expect(rows[0]?.n).toBe(2);
    // It runs as its own worker: with the Tesla sync off (telemetry still writes positions) too.
    expect(inventoryService.workers?.map((w) => w.name)).toContain('position-retention');
  });
});
