import { afterEach, describe, expect, it } from 'vitest';
import { startTeslaSim, type SimVehicleSnapshot, type TeslaSim } from '../index';
import { isValidVin } from './vin';

const MIN = 60_000;
const HOUR = 60 * MIN;
const START = new Date('2025-03-03T06:00:00.000Z'); // midnight in Austin (UTC-6)

const sims: TeslaSim[] = [];
async function sim(o: Parameters<typeof startTeslaSim>[0] = {}): Promise<TeslaSim> {
  const s = await startTeslaSim({ port: 0, clock: 'manual', startAt: START, ...o });
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const find = (s: TeslaSim, vin: string): SimVehicleSnapshot => {
  const v = s.vehicles().find((x) => x.vin === vin);
  if (!v) throw new Error(`no ${vin}`);
  return v;
};

describe('seeded fleet', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await sim({ seed: 7 });
    const b = await sim({ seed: 7 });
    const c = await sim({ seed: 8 });
    a.clock.advance(30 * HOUR);
    b.clock.advance(30 * HOUR);
    expect(a.vehicles()).toEqual(b.vehicles());
    expect(a.oauth.clientId).toBe(b.oauth.clientId);
    expect(c.vehicles().map((v) => v.vin)).not.toEqual(b.vehicles().map((v) => v.vin));
  });

  it('has valid VINs with Tesla WMIs, around Austin', async () => {
    const s = await sim({ fleetSize: 12 });
    const cars = s.vehicles();
    expect(cars).toHaveLength(12);
    for (const v of cars) {
      expect(isValidVin(v.vin)).toBe(true);
      expect(v.vin.slice(0, 3)).toBe(v.model === 'modely' || v.model === 'cybertruck' ? '7SA' : '5YJ');
      expect(Math.abs(v.lat - 30.27)).toBeLessThan(0.2);
      expect(Math.abs(v.lon + 97.74)).toBeLessThan(0.2);
    }
  });
});

describe('vehicle model on the clock', () => {
  it('drives: moves, speeds, adds miles, drains the battery, then parks and falls asleep', async () => {
    const s = await sim({ routine: false });
    const before = s.vehicles()[0];
    if (!before) throw new Error('no car');
    s.control.drive(before.vin, 30);
    s.clock.advance(10 * MIN);
    const driving = find(s, before.vin);
    expect(driving.activity).toBe('driving');
    expect(driving.state).toBe('online');
    expect(driving.speedMph).toBeGreaterThan(0);
    expect(driving.odometerMi).toBeGreaterThan(before.odometerMi + 2);
    expect(driving.batteryLevel).toBeLessThan(before.batteryLevel);
    expect([driving.lat, driving.lon]).not.toEqual([before.lat, before.lon]);

    s.clock.advance(21 * MIN);
    expect(find(s, before.vin).activity).toBe('parked');
    expect(find(s, before.vin).speedMph).toBe(0);
    s.clock.advance(16 * MIN);
    expect(find(s, before.vin).activity).toBe('asleep');
  });

  it('charges to the limit, then Complete, then sleeps', async () => {
    const s = await sim({ routine: false });
    const car = s.vehicles()[2];
    if (!car) throw new Error('no car');
    s.control.plugIn(car.vin);
    expect(find(s, car.vin).activity).toBe('charging');
    s.clock.advance(HOUR);
    const charging = find(s, car.vin);
    expect(charging.chargingState).toBe('Charging');
    expect(charging.batteryLevel).toBeGreaterThan(car.batteryLevel);
    s.clock.advance(12 * HOUR);
    const done = find(s, car.vin);
    expect(done.chargingState).toBe('Complete');
    expect(done.batteryLevel).toBeCloseTo(done.chargeLimitSoc, 0);
    expect(done.activity).toBe('asleep');
    expect(done.pluggedIn).toBe(true);
  });

  it('stays awake with sentry mode on', async () => {
    const s = await sim({ routine: false });
    const api = async (path: string, body: unknown) =>
      // Commands are signed: through the proxy's stand-in.
      fetch(`${s.oauth.proxyUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${(await s.issueTokens()).accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const car = s.vehicles().find((v) => v.state === 'online');
    if (!car) throw new Error('no online car');
    await api(`/api/1/vehicles/${car.vin}/command/set_sentry_mode`, { on: true });
    s.clock.advance(2 * HOUR);
    expect(find(s, car.vin).state).toBe('online');
    await api(`/api/1/vehicles/${car.vin}/command/set_sentry_mode`, { on: false });
    s.clock.advance(16 * MIN);
    expect(find(s, car.vin).state).toBe('asleep');
  });

  it('follows a routine: a few trips a day and charging at night, over a week', async () => {
    const s = await sim();
    const start = s.vehicles();
    let drivingSeen = 0;
    let chargingSeen = 0;
    const trips = new Map<string, number>();
    const last = new Map(start.map((v) => [v.vin, v.activity]));
    for (let t = 0; t < 7 * 24 * 6; t++) {
      s.clock.advance(10 * MIN);
      for (const v of s.vehicles()) {
        if (v.activity === 'driving') drivingSeen++;
        if (v.chargingState === 'Charging') chargingSeen++;
        if (v.activity === 'driving' && last.get(v.vin) !== 'driving')
          trips.set(v.vin, (trips.get(v.vin) ?? 0) + 1);
        last.set(v.vin, v.activity);
      }
    }
    expect(drivingSeen).toBeGreaterThan(0);
    expect(chargingSeen).toBeGreaterThan(0);
    for (const v of start) {
      const n = trips.get(v.vin) ?? 0;
      expect(n).toBeGreaterThanOrEqual(7);
      expect(n).toBeLessThanOrEqual(35);
      const now = find(s, v.vin);
      expect(now.odometerMi).toBeGreaterThan(v.odometerMi + 30);
      expect(now.batteryLevel).toBeGreaterThan(10);
      expect(Math.abs(now.lat - 30.27)).toBeLessThan(0.5);
    }
  });

  it('moves with real time × speed on the real clock', async () => {
    const s = await startTeslaSim({ port: 0, clock: 'real', speed: 600 });
    sims.push(s);
    const t0 = s.clock.now().getTime();
    await new Promise((r) => setTimeout(r, 100));
    const elapsed = s.clock.now().getTime() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(50_000);
    s.clock.advance(HOUR);
    expect(s.clock.now().getTime() - t0).toBeGreaterThanOrEqual(HOUR);
  });
});
