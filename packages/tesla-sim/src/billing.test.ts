import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeslaSim, usdFor, type TeslaSim } from './index';
import { fleetApi } from '../testing/http';
import { DEFAULT_STREAMING_FIELDS } from './telemetry-values';

let sim: TeslaSim;

beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, clock: 'manual', routine: false });
});
afterEach(async () => {
  await sim.close();
});

describe('billing', () => {
  it('prices each category as Tesla does', () => {
    expect(usdFor({ data: 500, command: 0, wake: 0, signal: 0 })).toBe(1);
    expect(usdFor({ data: 0, command: 1000, wake: 0, signal: 0 })).toBe(1);
    expect(usdFor({ data: 0, command: 0, wake: 50, signal: 0 })).toBe(1);
    expect(usdFor({ data: 0, command: 0, wake: 0, signal: 150_000 })).toBe(1);
    // One wake costs as much as 3,000 signals; one data request as much as 300.
    expect(usdFor({ data: 0, command: 0, wake: 1, signal: 0 })).toBe(
      usdFor({ data: 10, command: 0, wake: 0, signal: 0 }),
    );
  });

  it('counts requests per category, per VIN and per account; OAuth is free', async () => {
    const t = await sim.issueTokens();
    const api = fleetApi(sim, t.accessToken);
    const vehicles = sim.vehicles();
    const on = vehicles.find((v) => v.state === 'online');
    const off = vehicles.find((v) => v.state === 'asleep');
    if (!on || !off) throw new Error('seed should have online and asleep cars');

    await api('GET', '/api/1/vehicles');
    await api('GET', `/api/1/vehicles/${on.vin}/vehicle_data`);
    await api('GET', `/api/1/vehicles/${off.vin}/vehicle_data`); // 408 is billed too
    await api('POST', `/api/1/vehicles/${on.vin}/command/flash_lights`);
    await api('POST', `/api/1/vehicles/${on.vin}/command/honk_horn`);
    await api('POST', `/api/1/vehicles/${off.vin}/wake_up`);
    await fetch(sim.oauth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: sim.oauth.clientId,
        refresh_token: t.refreshToken,
      }).toString(),
    });

    const bill = sim.billing.snapshot();
    expect(bill.total).toEqual({ data: 3, command: 2, wake: 1, signal: 0, usd: 3 / 500 + 2 / 1000 + 1 / 50 });
    expect(bill.byVin[on.vin]).toMatchObject({ data: 1, command: 2, wake: 0 });
    expect(bill.byVin[off.vin]).toMatchObject({ data: 1, wake: 1 });
    expect(bill.byAccount['demo@tesla-sim.test']).toMatchObject({ data: 3, command: 2, wake: 1 });
    sim.billing.reset();
    expect(sim.billing.snapshot().total.usd).toBe(0);
  });

  it('bills streamed signals, one per datum', () => {
    const vin = sim.vehicles().find((v) => v.state === 'online')?.vin ?? '';
    sim.control.setStreaming(vin, true);
    sim.clock.advance(10_000);
    const signals = sim.billing.snapshot().byVin[vin]?.signal ?? 0;
    // The first record after connecting carries every configured field.
    expect(signals).toBe(DEFAULT_STREAMING_FIELDS.length);
  });
});
