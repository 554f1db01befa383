import { decodeConnectivity, decodeVehiclePayload, toVehicleSignals } from '@cybertacotruck/tesla';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTeslaSim, type TeslaSim, type TelemetryRecord } from './index';
import { fleetApi } from '../testing/http';

let sim: TeslaSim;
let records: TelemetryRecord[];

beforeEach(async () => {
  sim = await startTeslaSim({ port: 0, clock: 'manual', routine: false });
  records = [];
  sim.telemetry.onRecord((r) => records.push(r));
});
afterEach(async () => {
  await sim.close();
});

const onlineVin = (): string => sim.vehicles().find((v) => v.state === 'online')?.vin ?? '';

describe('fleet telemetry', () => {
  it('streams decodable V and connectivity records for a streaming car', () => {
    const vin = onlineVin();
    sim.control.setStreaming(vin, true);
    expect(sim.vehicles().find((v) => v.vin === vin)?.streaming).toBe(true);
    sim.control.drive(vin, 5);
    sim.clock.advance(60_000);

    const connectivity = records.filter((r) => r.topic === 'connectivity');
    expect(connectivity).toHaveLength(1);
    expect(decodeConnectivity(connectivity[0]?.protobuf ?? new Uint8Array())).toMatchObject({
      vin,
      status: 'CONNECTED',
    });

    const v = records.filter((r) => r.topic === 'V');
    expect(v.length).toBeGreaterThanOrEqual(5);
    for (const r of v) expect(r.key).toBe(vin);
    const decoded = v.map((r) => decodeVehiclePayload(r.protobuf));
    expect(decoded[0]?.vin).toBe(vin);
    const first = toVehicleSignals(
      decoded[0] ?? { vin, createdAt: new Date(), isResend: false, data: [] },
    ).signals;
    expect(first).toMatchObject({ vehicleName: expect.any(String) as string, chargingState: 'Disconnected' });
    // Later records carry only what changed: the car is moving, so Location and Odometer do.
    const later = decoded.at(-1)?.data.map((d) => d.key) ?? [];
    expect(later).toContain('Location');
    expect(later).toContain('Odometer');
    expect(later).not.toContain('VehicleName');
    expect(JSON.parse(v[0]?.json ?? '{}')).toMatchObject({ vin, isResend: false });

    sim.clock.advance(5 * 60_000 + 16 * 60_000);
    const last = records.filter((r) => r.topic === 'connectivity').at(-1);
    expect(decodeConnectivity(last?.protobuf ?? new Uint8Array()).status).toBe('DISCONNECTED');
    const count = records.length;
    sim.clock.advance(60 * 60_000);
    expect(records.length).toBe(count);
  });

  it('is configured through fleet_telemetry_config, honours interval_seconds and prefer_typed', async () => {
    const api = fleetApi(sim, (await sim.issueTokens()).accessToken);
    const vin = onlineVin();
    const set = await api<{ response: { updated_vehicles: number } }>(
      'POST',
      '/api/1/vehicles/fleet_telemetry_config',
      {
        vins: [vin],
        config: {
          hostname: 'telemetry.example.com',
          port: 443,
          ca: '-----BEGIN CERTIFICATE-----',
          exp: 1_900_000_000,
          fields: { Location: { interval_seconds: 60 }, VehicleSpeed: { interval_seconds: 10 } },
          alert_types: ['service'],
        },
      },
    );
    expect(set.status).toBe(200);
    expect(set.body.response.updated_vehicles).toBe(1);
    const got = await api<{ response: { synced: boolean; config: { hostname: string } } }>(
      'GET',
      `/api/1/vehicles/${vin}/fleet_telemetry_config`,
    );
    expect(got.body.response).toMatchObject({ synced: true, config: { hostname: 'telemetry.example.com' } });

    sim.control.drive(vin, 10);
    sim.clock.advance(5 * 60_000);
    const payloads = records.filter((r) => r.topic === 'V').map((r) => decodeVehiclePayload(r.protobuf));
    const locations = payloads.flatMap((p) => p.data.filter((d) => d.key === 'Location'));
    expect(locations.length).toBeGreaterThanOrEqual(5);
    expect(locations.length).toBeLessThanOrEqual(6);
    // Without prefer_typed the car sends numbers as strings.
    const speed = payloads.flatMap((p) => p.data.filter((d) => d.key === 'VehicleSpeed'))[0];
    expect(speed?.value.kind).toBe('string');

    const del = await api<{ response: { updated_vehicles: number } }>(
      'DELETE',
      `/api/1/vehicles/${vin}/fleet_telemetry_config`,
    );
    expect(del.body.response.updated_vehicles).toBe(1);
    const n = records.length;
    sim.clock.advance(60_000);
    expect(records.filter((r) => r.topic === 'V').length).toBe(
      records.slice(0, n).filter((r) => r.topic === 'V').length,
    );
  });

  it('sends nothing for an asleep car until it wakes, then connects', async () => {
    const vin = sim.vehicles().find((v) => v.state === 'asleep')?.vin ?? '';
    sim.control.setStreaming(vin, true);
    sim.clock.advance(60_000);
    expect(records).toHaveLength(0);
    const api = fleetApi(sim, (await sim.issueTokens()).accessToken);
    await api('POST', `/api/1/vehicles/${vin}/wake_up`);
    sim.clock.advance(40_000);
    expect(records[0]?.topic).toBe('connectivity');
    expect(records.some((r) => r.topic === 'V')).toBe(true);
  });

  it('raises a low-battery alert', () => {
    const vin = onlineVin();
    sim.control.setStreaming(vin, true);
    sim.control.drive(vin, 24 * 60);
    sim.clock.advance(10 * 60 * 60_000);
    const alerts = records.filter((r) => r.topic === 'alerts');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.some((a) => a.json.includes('BMS_a066_w_Low_SOC'))).toBe(true);
  });
});
