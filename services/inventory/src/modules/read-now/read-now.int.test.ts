import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type LiveFleet,
  type ReadNowResult,
  type UsageReport,
  type Vehicle,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES, until } from '@cybertacotruck/db/testing';
import { asCustomer, asOperator, type TestApp } from '@cybertacotruck/platform/testing';
import type { TeslaSim } from '@cybertacotruck/tesla-sim';
import { startConnectedTesla } from '../../../testing/tesla';

// "Read now" against the simulator (real HTTP): a car asleep since it was connected is offered a
// read, which wakes it once, waits until it is online, reads it once and is metered.
describe.each(TEST_ENGINES)('Read now on %s', (engine) => {
  let t: TestApp;
  let sim: TeslaSim;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // The simulator's demo account: its cars are imported from the vehicle list only.
    ({ t, sim, dispose } = await startConnectedTesla(engine, {
      TESLA_READ_NOW_POLL_MS: '100',
      TESLA_READ_NOW_WAKE_TIMEOUT_MS: '2000',
    }));
  });
  afterAll(async () => {
    await dispose?.();
  });

  const fleet = async () => {
    const res = await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<LiveFleet>();
  };
  const readNow = (id: string, headers: Record<string, string> = asOperator) =>
    t.app.inject({ headers, method: 'POST', url: `/api/v1/vehicles/${id}/read-now` });
  const usage = async () =>
    (await t.app.inject({ headers: asOperator, url: '/api/v1/tesla/usage?days=1' })).json<UsageReport>();

  it('offers "Read now" for every Tesla car never read, priced as one wake and one vehicle_data', async () => {
    const items = (await fleet()).items;
    const asleep = items.filter((i) => i.live?.connectivity === 'asleep');
    expect(asleep.length).toBeGreaterThan(0);
    for (const item of asleep) {
      // What the vehicle list gives is there; what only vehicle_data gives is not, and is offered.
      expect(item.vehicle.displayName).toBeTruthy();
      expect(item.live?.batteryLevel).toBeNull();
      expect(item.readNow).toEqual({ estimateUsd: 0.022 });
    }
    // A car that already streamed or was read has figures, and no offer.
    for (const item of items)
      expect(item.readNow).toEqual(item.live?.dataAsOf == null ? { estimateUsd: 0.022 } : undefined);
  });

  it('wakes an asleep car once, waits until it is online, reads it once and meters the wake', async () => {
    const car = (await fleet()).items.find((i) => i.live?.connectivity === 'asleep');
    if (!car) throw new Error('no asleep car');
    const before = { wakes: sim.wakesCaused(), usage: (await usage()).total };
    const reading = readNow(car.vehicle.id);
    // The car takes 10–30 s of simulated time to wake: move the simulator's clock past that.
    await until(
      'the wake_up call',
      async () => sim.wakesCaused(),
      (n) => n > before.wakes,
      10_000,
    );
    sim.clock.advance(35_000);
    const res = await reading;
    expect(res.statusCode).toBe(200);
    const body = res.json<ReadNowResult>();
    expect(body).toMatchObject({ woke: true, live: { connectivity: 'online' } });
    expect(Date.parse(body.live.dataAsOf ?? '')).toBeGreaterThan(0);
    expect(body.live.batteryLevel).toEqual(expect.any(Number));
    expect(body.live.odometerMi).toEqual(expect.any(Number));
    expect(sim.wakesCaused()).toBe(before.wakes + 1);

    const after = (await fleet()).items.find((i) => i.vehicle.id === car.vehicle.id);
    expect(after?.live?.batteryLevel).toBe(body.live.batteryLevel);
    expect(after?.readNow).toBeUndefined();
    const spent = (await usage()).total;
    expect(spent.wake - before.usage.wake).toBe(1);
    // One vehicle_data and the state checks while it woke (GET vehicle, which does not wake).
    expect(spent.data - before.usage.data).toBeGreaterThanOrEqual(2);

    // Never twice in a row: each read can wake the car.
    const again = await readNow(car.vehicle.id);
    expect(again.statusCode).toBe(429);
    expect(again.json<{ type: string }>().type).toBe(ProblemTypes.rateLimited);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(sim.wakesCaused()).toBe(before.wakes + 1);
  });

  it('says a car is offline when it does not come online, after a bounded wait', async () => {
    const car = (await fleet()).items.find((i) => i.readNow && i.live?.connectivity !== 'online');
    if (!car?.vehicle.vin) throw new Error('no unread car');
    sim.faults.inject({ kind: 'offline', vin: car.vehicle.vin });
    try {
      const started = Date.now();
      const res = await readNow(car.vehicle.id);
      expect(res.statusCode).toBe(409);
      const problem = res.json<{ type: string; detail: string }>();
      expect(problem.type).toBe(ProblemTypes.teslaVehicleOffline);
      expect(problem.detail).toMatch(/is offline/);
      expect(Date.now() - started).toBeLessThan(10_000);
      const after = (await fleet()).items.find((i) => i.vehicle.id === car.vehicle.id);
      expect(after?.live?.connectivity).toBe('offline');
    } finally {
      sim.faults.clear();
    }
  });

  it('refuses what it cannot read, waking nothing', async () => {
    const wakes = sim.wakesCaused();
    const [car] = (await fleet()).items;
    if (!car) throw new Error('no car');
    expect((await readNow(car.vehicle.id, {})).statusCode).toBe(401);
    expect((await readNow(car.vehicle.id, asCustomer)).statusCode).toBe(403);

    const malformed = await readNow('not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
    const unknown = await readNow('00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ type: string }>().type).toBe(ProblemTypes.vehicleNotFound);

    const byHand = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { vin: '5YJ3E1EA7KF000009', model: 'model_3', displayName: 'Added by hand' },
    });
    expect(byHand.statusCode).toBe(201);
    const vehicle = byHand.json<Vehicle>();
    expect((await fleet()).items.find((i) => i.vehicle.id === vehicle.id)?.readNow).toBeUndefined();
    const res = await readNow(vehicle.id);
    expect(res.statusCode).toBe(409);
    const problem = res.json<{ type: string; detail: string }>();
    expect(problem.type).toBe(ProblemTypes.vehicleNotFromTesla);
    expect(problem.detail).toMatch(/added by hand/);
    expect(sim.wakesCaused()).toBe(wakes);
  });
});
