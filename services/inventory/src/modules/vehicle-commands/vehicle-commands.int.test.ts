import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type LiveFleet,
  type VehicleCommandEntry,
  type VehicleCommandLog,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES, until } from '@cybertacotruck/db/testing';
import { asCustomer, asOperator, type TestApp } from '@cybertacotruck/platform/testing';
import type { TeslaSim } from '@cybertacotruck/tesla-sim';
import { startConnectedTesla } from '../../../testing/tesla';

// The operator's commands against the simulator (real HTTP, through its proxy stand-in): each is
// logged with who asked, the result, whether the car was woken and what it cost.
describe.each(TEST_ENGINES)('Vehicle commands on %s', (engine) => {
  let t: TestApp;
  let sim: TeslaSim;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ t, sim, dispose } = await startConnectedTesla(
      engine,
      {
        READY_AT_PICKUP: 'false',
        TESLA_READ_NOW_POLL_MS: '100',
        TESLA_READ_NOW_WAKE_TIMEOUT_MS: '20000',
        // The commands' limit is a rate-limit group (platform rate-limit.ts): on here, at 5 a minute.
        RATE_LIMIT_ENABLED: 'true',
        VEHICLE_COMMANDS_PER_MINUTE: '5',
      },
      { clock: 'manual', routine: false },
    ));
  });
  afterAll(async () => {
    await dispose?.();
  });

  const fleet = async () =>
    (await t.app.inject({ headers: asOperator, url: '/api/v1/fleet/live' })).json<LiveFleet>().items;
  const send = (id: string, payload: Record<string, unknown>, headers: Record<string, string> = asOperator) =>
    t.app.inject({ headers, method: 'POST', url: `/api/v1/vehicles/${id}/commands`, payload });
  const log = async (id: string) => {
    const res = await t.app.inject({ headers: asOperator, url: `/api/v1/vehicles/${id}/commands` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<VehicleCommandLog>();
  };
  const simCar = (vin: string) => {
    const found = sim.vehicles().find((v) => v.vin === vin);
    if (!found) throw new Error(`no sim car ${vin}`);
    return found;
  };
  const byState = async (state: 'online' | 'asleep', skip: string[] = []) => {
    const vin = sim.vehicles().find((v) => v.state === state && !skip.includes(v.vin))?.vin;
    const item = (await fleet()).find((i) => i.vehicle.vin === vin);
    if (!item?.vehicle.vin) throw new Error(`no ${state} car`);
    return { id: item.vehicle.id, vin: item.vehicle.vin };
  };

  it('unlocks an online car through the proxy and logs who, what, the result and the cost', async () => {
    const car = await byState('online');
    const commandsBefore = sim.billing.snapshot().total.command;
    const res = await send(car.id, { command: 'unlock' });
    expect(res.statusCode, res.body).toBe(200);
    const entry = res.json<VehicleCommandEntry>();
    expect(entry).toMatchObject({
      vehicleId: car.id,
      command: 'unlock',
      actor: { kind: 'operator' },
      result: 'ok',
      woke: false,
      costUsd: 0.001,
    });
    expect(simCar(car.vin).locked).toBe(false);
    expect(sim.billing.snapshot().total.command).toBe(commandsBefore + 1);

    const charge = (
      await send(car.id, { command: 'set_charge_limit', percent: 90 })
    ).json<VehicleCommandEntry>();
    expect(charge).toMatchObject({ result: 'ok', params: { percent: 90 } });
    expect(simCar(car.vin).chargeLimitSoc).toBe(90);
    // The car's own refusal is logged as such, with its reason.
    const start = (await send(car.id, { command: 'charge_start' })).json<VehicleCommandEntry>();
    expect(start).toMatchObject({ result: 'refused', reason: 'disconnected', costUsd: 0.001 });

    const { items, wakeCostUsd } = await log(car.id);
    expect(wakeCostUsd).toBe(0.02);
    expect(items.map((i) => [i.command, i.result])).toEqual([
      ['charge_start', 'refused'],
      ['set_charge_limit', 'ok'],
      ['unlock', 'ok'],
    ]);
    expect(items[2]).toEqual(entry);
  });

  it('wakes an asleep car once (metered as a wake), then sends the command', async () => {
    const car = await byState('asleep');
    const wakes = sim.wakesCaused();
    const pending = send(car.id, { command: 'flash' });
    await until(
      'the wake_up call',
      async () => sim.wakesCaused(),
      (n) => n > wakes,
      10_000,
    );
    sim.clock.advance(35_000);
    const res = await pending;
    expect(res.statusCode, res.body).toBe(200);
    const entry = res.json<VehicleCommandEntry>();
    expect(entry).toMatchObject({ command: 'flash', result: 'ok', woke: true });
    expect(sim.wakesCaused()).toBe(wakes + 1);
    // One wake ($0.02), one command ($0.001) and the state checks while it woke ($0.002 each).
    expect(entry.costUsd).toBeGreaterThanOrEqual(0.021);
    expect(Math.round((entry.costUsd - 0.021) * 1_000_000) % 2000).toBe(0);
    expect((await log(car.id)).items[0]).toEqual(entry);
  });

  it('wake alone costs a wake, and says so', async () => {
    const car = await byState('asleep');
    const entry = (await send(car.id, { command: 'wake' })).json<VehicleCommandEntry>();
    expect(entry).toMatchObject({ command: 'wake', result: 'ok', woke: true, costUsd: 0.02 });
  });

  it('never sends the horn to a moving car: refused and logged, nothing sent', async () => {
    const car = await byState('online');
    await sql`update inventory.vehicle_live_state set activity = 'driving', speed_mph = 42
      where vehicle_id = ${car.id}`.execute(t.db.kysely);
    const commands = sim.billing.snapshot().total.command;
    const entry = (await send(car.id, { command: 'honk' })).json<VehicleCommandEntry>();
    expect(entry).toMatchObject({ result: 'refused', woke: false, costUsd: 0 });
    expect(entry.reason).toMatch(/moving/);
    expect(sim.billing.snapshot().total.command).toBe(commands);
    // Locking a moving car is harmless and goes through.
    expect((await send(car.id, { command: 'lock' })).json<VehicleCommandEntry>().result).toBe('ok');
    await sql`update inventory.vehicle_live_state set activity = 'parked', speed_mph = 0
      where vehicle_id = ${car.id}`.execute(t.db.kysely);
  });

  it('refuses bad input with a clear problem and sends and logs nothing', async () => {
    const car = await byState('online');
    // Another operator: every request counts against the per-person limit, and the tests above
    // already sent this car five.
    const operator = { ...asOperator, 'x-test-user': '00000000-0000-4000-8000-0000000000b1' };
    const before = (await log(car.id)).items.length;
    const commands = sim.billing.snapshot().total.command;
    for (const payload of [
      { command: 'self_destruct' },
      { command: 'set_charge_limit', percent: 20 },
      { command: 'set_charge_limit' },
      { command: 'unlock', extra: true },
    ]) {
      const res = await send(car.id, payload, operator);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json<{ type: string }>().type).toBe(ProblemTypes.validation);
    }
    expect(
      (await send(car.id, { command: 'set_charge_limit' }, operator)).json<{ detail: string }>().detail,
    ).toMatch(/percent/);
    const customer = { ...asCustomer, 'x-test-user': '00000000-0000-4000-8000-0000000000c9' };
    expect((await send(car.id, { command: 'unlock' }, customer)).statusCode).toBe(403);
    expect((await send(car.id, { command: 'unlock' }, {})).statusCode).toBe(401);
    expect(
      (await send('00000000-0000-4000-8000-000000000000', { command: 'unlock' }, operator)).statusCode,
    ).toBe(404);
    expect((await log(car.id)).items.length).toBe(before);
    expect(sim.billing.snapshot().total.command).toBe(commands);
  });

  it('limits commands per car and person per minute (429 with Retry-After), nothing sent or logged', async () => {
    const car = await byState('online', []);
    const someone = { ...asOperator, 'x-test-user': '00000000-0000-4000-8000-0000000000b2' };
    const results: number[] = [];
    for (let i = 0; i < 5; i++) results.push((await send(car.id, { command: 'lock' }, someone)).statusCode);
    expect(results).toEqual([200, 200, 200, 200, 200]);
    const before = (await log(car.id)).items.length;
    const commands = sim.billing.snapshot().total.command;
    const limited = await send(car.id, { command: 'lock' }, someone);
    expect(limited.statusCode).toBe(429);
    const problem = limited.json<{ type: string; detail: string }>();
    expect(problem.type).toBe(ProblemTypes.rateLimited);
    expect(problem.detail).toMatch(/commands to this car for your account: at most 5 in 60 s/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await log(car.id)).items.length).toBe(before);
    expect(sim.billing.snapshot().total.command).toBe(commands);
    // Counted per car and per person: another car, and another person, are not limited by it.
    const other = await byState('online', [car.vin]);
    expect((await send(other.id, { command: 'lock' }, someone)).statusCode).toBe(200);
    const another = { ...asOperator, 'x-test-user': '00000000-0000-4000-8000-0000000000b3' };
    expect((await send(car.id, { command: 'lock' }, another)).statusCode).toBe(200);
  });
});
