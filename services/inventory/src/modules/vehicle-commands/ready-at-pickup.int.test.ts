import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Availability, LiveFleet, VehicleCommandLog } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig, type ServiceDefinition } from '@cybertacotruck/platform';
import { asOperator, type TestApp } from '@cybertacotruck/platform/testing';
import type { TeslaSim } from '@cybertacotruck/tesla-sim';
import { startConnectedTesla } from '../../../testing/tesla';

const HOUR = 3_600_000;

// Ready at pickup against the simulator: the worker raises the charge limit and starts charging a
// plugged-in booked car ahead of pickup, and raises pickup_charge_at_risk for one that cannot make it.
describe.each(TEST_ENGINES)('Ready at pickup on %s', (engine) => {
  let t: TestApp;
  let sim: TeslaSim;
  let inventory: ServiceDefinition;
  let stopWorker: () => Promise<void> = () => Promise.resolve();

  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ t, sim, inventory, dispose } = await startConnectedTesla(
      engine,
      {
        READY_TICK_MS: '1000',
        READY_CHARGE_TARGET_PERCENT: '80',
        READY_CHARGE_LEAD_MINUTES: '360',
        READY_ALERT_LEAD_MINUTES: '720',
      },
      { clock: 'manual', routine: false },
    ));
  });
  afterAll(async () => {
    await stopWorker();
    await dispose?.();
  });

  const simCar = (vin: string) => {
    const found = sim.vehicles().find((v) => v.vin === vin);
    if (!found) throw new Error(`no sim car ${vin}`);
    return found;
  };
  const carOf = async (vin: string) => {
    const items = (await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })).json<LiveFleet>()
      .items;
    const item = items.find((i) => i.vehicle.vin === vin);
    if (!item) throw new Error(`no car ${vin}`);
    return item.vehicle.id;
  };
  /** What the sync would have read from the car: written as live state. */
  const liveIs = (id: string, v: { battery: number; charging: string; limit: number }) =>
    sql`update inventory.vehicle_live_state set connectivity = 'online', activity = 'parked',
      battery_level = ${v.battery}, range_mi = ${v.battery * 3}, charging_state = ${v.charging},
      charge_limit_soc = ${v.limit}, minutes_to_full = null where vehicle_id = ${id}`.execute(t.db.kysely);
  const book = (id: string, inMs: number) =>
    sql`insert into inventory.vehicle_claim (vehicle_id, kind, period, reference)
      values (${id}, 'booking', tstzrange(${new Date(Date.now() + inMs)}::timestamptz,
        ${new Date(Date.now() + inMs + 24 * HOUR)}::timestamptz, '[)'), ${randomUUID()})`.execute(
      t.db.kysely,
    );
  const atRisk = async (id: string) =>
    (
      await t.db.kysely
        .withSchema('inventory')
        .selectFrom('outbox' as never)
        .select(['data' as never])
        .where('type' as never, '=', 'inventory.vehicle.pickup_charge_at_risk' as never)
        .where('key' as never, '=', id as never)
        .execute()
    ).map((r) => (r as { data: unknown }).data);

  it("shows renters the charge and range projected at their pickup, not today's, and filters by it", async () => {
    const [c, d] = sim.vehicles().filter((v) => v.state === 'asleep');
    if (!c || !d) throw new Error('two asleep cars needed');
    const idC = await carOf(c.vin);
    const idD = await carOf(d.vin);
    // C: 40 % (3 mi per %), plugged in, not charging: charged to the 80 % target before a pickup 6 h away.
    await liveIs(idC, { battery: 40, charging: 'Stopped', limit: 50 });
    // D: 30 %, unplugged: keeps what it has.
    await liveIs(idD, { battery: 30, charging: 'Disconnected', limit: 80 });
    const search = async (fromMs: number, minRangeKm?: number) => {
      const from = new Date(Date.now() + fromMs).toISOString();
      const to = new Date(Date.now() + fromMs + 24 * HOUR).toISOString();
      const q = new URLSearchParams({
        from,
        to,
        limit: '50',
        ...(minRangeKm ? { minRangeKm: String(minRangeKm) } : {}),
      });
      const res = await t.app.inject({ headers: asOperator, url: `/api/v1/availability?${q.toString()}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Availability>().items;
    };
    const later = await search(6 * HOUR);
    expect(later.find((i) => i.id === idC)?.atPickup).toEqual({ chargePercent: 80, rangeKm: 386 });
    expect(later.find((i) => i.id === idD)?.atPickup).toEqual({ chargePercent: 30, rangeKm: 145 });
    // An hour away there is only an hour of charging: 50 %.
    expect((await search(HOUR)).find((i) => i.id === idC)?.atPickup).toEqual({
      chargePercent: 50,
      rangeKm: 241,
    });

    const far = (await search(6 * HOUR, 300)).map((i) => i.id);
    expect(far).toContain(idC);
    expect(far).not.toContain(idD);
    for (const item of await search(6 * HOUR, 300))
      expect(item.atPickup?.rangeKm).toBeGreaterThanOrEqual(300);
    expect((await search(HOUR, 300)).map((i) => i.id)).not.toContain(idC);
    const bad = await t.app.inject({
      headers: asOperator,
      url: `/api/v1/availability?from=${new Date(Date.now() + HOUR).toISOString()}&to=${new Date(Date.now() + 2 * HOUR).toISOString()}&minRangeKm=-5`,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('charges a car at 40 % plugged in with pickup in 6 h toward the target before pickup; alerts for one that cannot make it', async () => {
    const [a, b] = sim.vehicles().filter((v) => v.state === 'online');
    if (!a || !b) throw new Error('two online cars needed');
    // Car A: 40 %, plugged in, not charging (its limit was 50 and it was stopped).
    sim.control.setBatteryLevel(a.vin, 40);
    sim.control.plugIn(a.vin);
    const idA = await carOf(a.vin);
    for (const payload of [{ command: 'charge_stop' }, { command: 'set_charge_limit', percent: 50 }])
      await t.app.inject({
        headers: asOperator,
        method: 'POST',
        url: `/api/v1/vehicles/${idA}/commands`,
        payload,
      });
    expect(simCar(a.vin)).toMatchObject({ batteryLevel: 40, chargingState: 'Stopped', chargeLimitSoc: 50 });
    await liveIs(idA, { battery: 40, charging: 'Stopped', limit: 50 });
    await book(idA, 6 * HOUR);
    // Car B: 30 %, not plugged in, pickup in 6 h: it cannot reach 80 %.
    sim.control.setBatteryLevel(b.vin, 30);
    const idB = await carOf(b.vin);
    await liveIs(idB, { battery: 30, charging: 'Disconnected', limit: 80 });
    await book(idB, 6 * HOUR);

    const worker = inventory.workers?.find((w) => w.name === 'ready-at-pickup');
    if (!worker) throw new Error('inventory has no ready-at-pickup worker');
    stopWorker = await worker.start({
      db: t.db,
      config: parseConfig(BaseConfigSchema, {}),
      env: {},
      logger: t.app.log,
      peers: t.app.peers,
      bus: t.app.bus,
      metrics: t.app.metrics,
    });

    await expect
      .poll(() => simCar(a.vin), { timeout: 20_000, interval: 200 })
      .toMatchObject({ chargingState: 'Charging', chargeLimitSoc: 80 });
    sim.clock.advance(HOUR);
    expect(simCar(a.vin).batteryLevel).toBeGreaterThan(45);
    expect(simCar(a.vin).chargingState).toBe('Charging');
    const log = (
      await t.app.inject({ headers: asOperator, url: `/api/v1/vehicles/${idA}/commands` })
    ).json<VehicleCommandLog>();
    const system = log.items.filter((i) => i.actor.kind === 'system');
    expect(system.map((i) => i.command).sort()).toEqual(['charge_start', 'set_charge_limit']);
    for (const entry of system) {
      expect(entry.actor.id).toBe('ready-at-pickup');
      expect(entry.actor.reservationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry.costUsd).toBeGreaterThan(0);
    }

    await expect.poll(() => atRisk(idB), { timeout: 20_000, interval: 200 }).toHaveLength(1);
    expect((await atRisk(idB))[0]).toMatchObject({
      vehicleId: idB,
      batteryLevel: 30,
      projectedPercent: 30,
      targetPercent: 80,
      pluggedIn: false,
    });
    // Once per booking: later passes (checked again) raise nothing more; car A never needed one.
    const checked = async () =>
      (
        await sql<{
          at: Date;
        }>`select checked_at as at from inventory.pickup_readiness where vehicle_id = ${idB}`.execute(
          t.db.kysely,
        )
      ).rows[0]?.at.getTime() ?? 0;
    const first = await checked();
    await expect.poll(checked, { timeout: 20_000, interval: 200 }).toBeGreaterThan(first);
    expect(await atRisk(idB)).toHaveLength(1);
    expect(await atRisk(idA)).toHaveLength(0);
  });
});
