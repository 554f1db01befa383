import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '@cybertacotruck/db';
import { TEST_ENGINES, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import type { Logger } from '@cybertacotruck/platform';
import { encodeVehiclePayload, type TelemetryDatum } from '@cybertacotruck/tesla';
import { inventoryMigrations } from '../../migrations';
import type { InventoryTables } from '../../tables';
import { observationFromVehicleData } from '../live-state/live-state.fold';
import { LiveStateRepository } from '../live-state/live-state.repository';
import { LiveStateService } from '../live-state/live-state.service';
import type { RawTelemetryRecord } from '../telemetry/telemetry-decode';
import { TelemetryIngestService } from '../telemetry/telemetry-ingest.service';
import { ReadingsService } from './readings.service';

const logger = {
  warn: () => {},
  info: () => {},
  error: () => {},
  debug: () => {},
  child: () => logger,
} as unknown as Logger;

const T0 = Date.parse('2026-12-05T12:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

/** A streamed record of tyre pressures (bar), as Fleet Telemetry sends TpmsPressureFl/Fr/Rl/Rr. */
function tyres(vin: string, s: number, bar: Partial<Record<'Fl' | 'Fr' | 'Rl' | 'Rr', number>>) {
  const data: TelemetryDatum[] = Object.entries(bar).map(([tyre, value]) => ({
    key: `TpmsPressure${tyre}`,
    value: { kind: 'double', value },
  }));
  data.push({ key: 'Odometer', value: { kind: 'double', value: 1000 + s } });
  return {
    kind: 'V',
    value: encodeVehiclePayload({ vin, createdAt: at(s), isResend: false, data }),
  } satisfies RawTelemetryRecord;
}

// Issue 17 item 4: the pickup and return readings list the tyre pressures, kept in the live state
// from streamed telemetry and from polls (vehicle_data's vehicle_state), on both engines.
describe.each(TEST_ENGINES)('tyre pressures in the readings on %s', (engine) => {
  let test: TestDatabase;
  let ingest: TelemetryIngestService;
  let live: LiveStateService;
  let readings: ReadingsService;
  const ids = new Map<string, string>();
  const db = () => test.db.kysely.withTables<InventoryTables>();

  beforeAll(async () => {
    test = await createTestDatabase(engine);
    await migrateSchema(test.db, inventoryMigrations);
    for (const vin of ['5YJ3TYRES00000001', '5YJ3TYRES00000002']) {
      const row = await db()
        .insertInto('inventory.vehicle')
        .values({ vin, model: 'model_3', display_name: vin, color: null, trim: null, model_year: 2024 })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(vin, row.id);
    }
    ingest = new TelemetryIngestService(db(), { logger, meter: { record: () => {} } });
    const repo = new LiveStateRepository(db());
    live = new LiveStateService(db(), repo);
    // The vehicle (no home location) and locations answer as the vehicles service would.
    readings = new ReadingsService(
      { get: (id: string) => Promise.resolve({ id, homeLocationId: null }) } as never,
      repo,
      { get: () => Promise.reject(new Error('no location asked for')) },
      () => at(1_000),
    );
  });
  afterAll(() => test.dispose());

  it('streamed TpmsPressure values are kept and returned in the readings, in bar', async () => {
    const vin = '5YJ3TYRES00000001';
    const result = await ingest.ingest([tyres(vin, 10, { Fl: 2.9, Fr: 2.91, Rl: 2.95, Rr: 2.96 })]);
    expect(result.folded).toBe(1);
    const r = await readings.read(ids.get(vin) ?? '');
    expect(r.tyrePressureBar).toEqual({ fl: 2.9, fr: 2.91, rl: 2.95, rr: 2.96 });
    expect(r.odometerKm).toBeCloseTo(1010 * 1.609344, 1);
  });

  it('a record with one tyre changes that tyre only; an older record changes nothing', async () => {
    const vin = '5YJ3TYRES00000001';
    await ingest.ingest([tyres(vin, 20, { Rl: 2.4 })]);
    expect((await readings.read(ids.get(vin) ?? '')).tyrePressureBar).toEqual({
      fl: 2.9,
      fr: 2.91,
      rl: 2.4,
      rr: 2.96,
    });
    await ingest.ingest([tyres(vin, 15, { Fl: 1.0, Fr: 1.0, Rl: 1.0, Rr: 1.0 })]);
    expect((await readings.read(ids.get(vin) ?? '')).tyrePressureBar?.rl).toBe(2.4);
  });

  it('a poll (vehicle_data) sets them too, and a newer poll wins over streamed ones', async () => {
    const vin = '5YJ3TYRES00000001';
    await live.apply(
      ids.get(vin) ?? '',
      observationFromVehicleData(
        {
          id: 1,
          idS: '1',
          vehicleId: 1,
          vin,
          displayName: null,
          state: 'online',
          inService: false,
          vehicleState: { odometerMi: 1030, tpmsPressureBar: { fl: 3.0, fr: 3.1, rl: 3.2, rr: 3.3 } },
        },
        at(30),
      ),
    );
    expect((await readings.read(ids.get(vin) ?? '')).tyrePressureBar).toEqual({
      fl: 3.0,
      fr: 3.1,
      rl: 3.2,
      rr: 3.3,
    });
  });

  it('a car that never reported a tyre has none in its readings', async () => {
    const vin = '5YJ3TYRES00000002';
    await ingest.ingest([tyres(vin, 10, {})]);
    const r = await readings.read(ids.get(vin) ?? '');
    expect(r.odometerKm).not.toBeNull();
    expect(r.tyrePressureBar).toBeNull();
  });
});
