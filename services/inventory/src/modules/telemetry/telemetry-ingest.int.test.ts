import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateSchema } from '@cybertacotruck/db';
import { TEST_ENGINES, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import type { Logger } from '@cybertacotruck/platform';
import {
  encodeConnectivity,
  encodeVehiclePayload,
  vehiclePayloadToJson,
  type BillableEvent,
  type TelemetryDatum,
} from '@cybertacotruck/tesla';
import { inventoryMigrations } from '../../migrations';
import type { InventoryTables } from '../../tables';
import { LiveStateRepository } from '../live-state/live-state.repository';
import { LiveStateService } from '../live-state/live-state.service';
import { decodeTelemetry, type RawTelemetryRecord } from './telemetry-decode';
import { TelemetryIngestService } from './telemetry-ingest.service';

const warnings: unknown[] = [];
const logger = {
  warn: (o: unknown) => warnings.push(o),
  info: () => {},
  error: () => {},
  debug: () => {},
  child: () => logger,
} as unknown as Logger;

const T0 = Date.parse('2026-11-25T12:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

function v(
  vin: string,
  s: number,
  fields: { soc?: number; lat?: number; lon?: number; odo?: number; speed?: number },
) {
  const data: TelemetryDatum[] = [];
  if (fields.soc !== undefined)
    data.push({ key: 'BatteryLevel', value: { kind: 'double', value: fields.soc } });
  if (fields.lat !== undefined)
    data.push({
      key: 'Location',
      value: { kind: 'location', latitude: fields.lat, longitude: fields.lon ?? -97.7 },
    });
  if (fields.odo !== undefined) data.push({ key: 'Odometer', value: { kind: 'double', value: fields.odo } });
  if (fields.speed !== undefined)
    data.push({ key: 'VehicleSpeed', value: { kind: 'float', value: fields.speed } });
  return {
    kind: 'V',
    value: encodeVehiclePayload({ vin, createdAt: at(s), isResend: false, data }),
  } satisfies RawTelemetryRecord;
}

function conn(vin: string, s: number, status: 'CONNECTED' | 'DISCONNECTED'): RawTelemetryRecord {
  return {
    kind: 'connectivity',
    value: encodeConnectivity({
      vin,
      connectionId: 'c-1',
      status,
      createdAt: at(s),
      networkInterface: 'wifi',
    }),
  };
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe.each(TEST_ENGINES)('batched telemetry fold on %s', (engine) => {
  let test: TestDatabase;
  let ingest: TelemetryIngestService;
  let billed: BillableEvent[];
  const ids = new Map<string, string>();
  const db = () => test.db.kysely.withTables<InventoryTables>();
  const vin = (n: number, prefix = 'TSTFOLD') => `5YJ3${prefix}${String(n).padStart(6, '0')}`.slice(0, 17);

  beforeAll(async () => {
    test = await createTestDatabase(engine);
    await migrateSchema(test.db, inventoryMigrations);
    const { rows } = await sql<{ id: string }>`
      insert into inventory.tesla_connection (subject, label, region, fleet_api_base_url, status, scopes,
        access_token_sealed, refresh_token_sealed, refresh_token_hash, access_token_expires_at)
      values ('s', 'l', 'na', 'https://x', 'connected', '{}', 'a', 'r', 'h', now()) returning id`.execute(
      test.db.kysely,
    );
    const connectionId = rows[0]?.id ?? '';
    for (const prefix of ['TSTFOLD', 'TSTBTCH', 'TSTONE0']) {
      for (let n = 0; n < 40; n++) {
        const row = await db()
          .insertInto('inventory.vehicle')
          .values({
            vin: vin(n, prefix),
            model: 'model_3',
            display_name: `${prefix} ${n}`,
            color: null,
            trim: null,
            model_year: 2024,
            tesla_connection_id: connectionId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(vin(n, prefix), row.id);
      }
    }
    billed = [];
    ingest = new TelemetryIngestService(db(), { logger, meter: { record: (e) => billed.push(e) } });
  });
  afterAll(() => test.dispose());

  const live = (v: string) =>
    db()
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', '=', ids.get(v) ?? '')
      .executeTakeFirst();
  const events = (v: string) =>
    db()
      .selectFrom('inventory.outbox')
      .selectAll()
      .where('key', '=', ids.get(v) ?? '')
      .orderBy('occurred_at')
      .execute();

  it('folds out-of-order and duplicated records to the newest state, and never backwards', async () => {
    const a = vin(0);
    const records = [
      v(a, 10, { soc: 60, odo: 1000, lat: 30.1 }),
      v(a, 30, { soc: 58, odo: 1002, lat: 30.2 }),
      v(a, 20, { soc: 59, odo: 1001, lat: 30.15 }),
      v(a, 30, { soc: 58, odo: 1002, lat: 30.2 }),
      v(a, 0, { soc: 61, odo: 999, lat: 30.0 }),
    ];
    const result = await ingest.ingest(records);
    expect(result).toMatchObject({
      records: 5,
      undecodable: 0,
      unknownVin: 0,
      folded: 5,
      vehicles: 1,
      rowsWritten: 1,
    });
    const state = await live(a);
    expect(state).toMatchObject({ battery_level: 58, odometer_mi: 1002, latitude: 30.2, streaming: true });
    expect(state?.data_as_of).toEqual(at(30));
    // Every position once, in order (the duplicate at 30 s is not a second one).
    const positions = await db()
      .selectFrom('inventory.vehicle_position')
      .select(['at'])
      .where('vehicle_id', '=', ids.get(a) ?? '')
      .orderBy('at')
      .execute();
    expect(positions.map((p) => p.at)).toEqual([at(0), at(10), at(20), at(30)]);

    // Late and repeated records afterwards change nothing: no row is written.
    const late = await ingest.ingest([v(a, 5, { soc: 90, odo: 10 }), records[1] as RawTelemetryRecord]);
    expect(late.rowsWritten).toBe(0);
    expect(await live(a)).toMatchObject({ battery_level: 58, odometer_mi: 1002 });
    // Tesla bills every datum streamed, duplicates included.
    expect(billed.filter((b) => b.vin === a).reduce((n, b) => n + (b.count ?? 1), 0)).toBe(5 * 3 + 2 + 3);
  });

  it('reads protojson as well as protobuf, whatever the order of arrival', async () => {
    const a = vin(1);
    const json = new TextEncoder().encode(
      vehiclePayloadToJson({
        vin: a,
        createdAt: at(50),
        isResend: false,
        data: [{ key: 'BatteryLevel', value: { kind: 'double', value: 44 } }],
      }),
    );
    await ingest.ingest([{ kind: 'V', value: json }, v(a, 40, { soc: 45, odo: 5 })]);
    expect(await live(a)).toMatchObject({ battery_level: 44, odometer_mi: 5 });
    expect(decodeTelemetry({ kind: 'V', value: json }).createdAt).toEqual(at(50));
  });

  it('drives connectivity from connectivity records, with no API call', async () => {
    const a = vin(2);
    await ingest.ingest([conn(a, 100, 'CONNECTED'), v(a, 101, { soc: 70 })]);
    expect((await live(a))?.connectivity).toBe('online');
    await ingest.ingest([conn(a, 200, 'DISCONNECTED')]);
    expect((await live(a))?.connectivity).toBe('asleep');
    await ingest.ingest([conn(a, 300, 'CONNECTED')]);
    expect((await live(a))?.connectivity).toBe('online');
    const reasons = (await events(a)).map((e) => e.data as { reasons: string[]; connectivity: string });
    expect(reasons.map((r) => [r.reasons, r.connectivity])).toEqual([
      [['connectivity'], 'online'],
      [['connectivity'], 'asleep'],
      [['connectivity'], 'online'],
    ]);
  });

  it('skips and counts unknown VINs and undecodable records without failing the batch', async () => {
    const a = vin(3);
    warnings.length = 0;
    const result = await ingest.ingest([
      v('5YJ3UNKNOWN000001', 10, { soc: 50 }),
      { kind: 'V', value: new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]) },
      { kind: 'connectivity', value: new TextEncoder().encode('{not json') },
      { kind: 'V', value: null },
      v(a, 10, { soc: 33 }),
    ]);
    expect(result).toMatchObject({ records: 5, undecodable: 3, unknownVin: 1, folded: 1, rowsWritten: 1 });
    expect(result.undecodableKinds).toEqual(['V', 'connectivity', 'V']);
    expect(warnings).toHaveLength(3);
    expect(JSON.stringify(warnings)).not.toContain('not json');
    expect((await live(a))?.battery_level).toBe(33);
  });

  it('folds a batch of many vehicles to exactly what applying the records one by one gives', async () => {
    const per = (prefix: string) => {
      const out: RawTelemetryRecord[] = [];
      for (let n = 0; n < 40; n++) {
        for (let k = 0; k < 6; k++) {
          const s = k * 7 + (n % 3);
          out.push(
            k === 3
              ? conn(vin(n, prefix), s, n % 2 === 0 ? 'DISCONNECTED' : 'CONNECTED')
              : v(vin(n, prefix), s, {
                  soc: 80 - k * 3 - (n % 5),
                  lat: 30 + n * 0.01 + k * 0.001,
                  lon: -97.7 - k * 0.001,
                  speed: k % 2 === 0 ? 25 : 0,
                  ...(k % 2 === 0 ? { odo: 100 + k } : {}),
                }),
          );
        }
      }
      return out;
    };
    // The batch in a scrambled order, with every tenth record twice.
    const batch = shuffle(per('TSTBTCH'), 7);
    const result = await ingest.ingest([...batch, ...batch.filter((_, i) => i % 10 === 0)]);
    expect(result.vehicles).toBe(40);

    // One by one, in record-time order, through the existing single-record path.
    const service = new LiveStateService(db(), new LiveStateRepository(db()));
    const decoded = per('TSTONE0').map((r) => decodeTelemetry(r));
    decoded.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
    for (const d of decoded) if (d.observation) await service.apply(ids.get(d.vin) ?? '', d.observation);

    const strip = ({ vehicle_id: _v, updated_at: _u, ...rest }: Record<string, unknown>) => rest;
    for (let n = 0; n < 40; n++) {
      const batched = await live(vin(n, 'TSTBTCH'));
      const single = await live(vin(n, 'TSTONE0'));
      expect(batched && strip(batched)).toEqual(single && strip(single));
      const positions = async (p: string) =>
        await db()
          .selectFrom('inventory.vehicle_position')
          .select(['at', 'latitude', 'longitude', 'speed_mph', 'battery_level'])
          .where('vehicle_id', '=', ids.get(vin(n, p)) ?? '')
          .orderBy('at')
          .execute();
      expect(await positions('TSTBTCH')).toEqual(await positions('TSTONE0'));
    }
  });

  it('emits status events only on a battery band crossing or a connectivity change, in the write transaction', async () => {
    const a = vin(4);
    await ingest.ingest([v(a, 0, { soc: 31 })]); // first row: unknown → online
    await ingest.ingest([v(a, 10, { soc: 30.5 })]); // same band: nothing
    await ingest.ingest([v(a, 20, { soc: 29 })]); // 31 → 29 crosses 30
    await ingest.ingest([v(a, 30, { soc: 25 }), v(a, 40, { soc: 21 })]); // within 20-29: nothing
    await ingest.ingest([v(a, 50, { soc: 19 }), v(a, 60, { soc: 22 })]); // down and back within a batch: nothing
    await ingest.ingest([v(a, 5, { soc: 90 })]); // stale: nothing
    const list = await events(a);
    expect(list.map((e) => (e.data as { reasons: string[] }).reasons)).toEqual([
      ['connectivity'],
      ['battery'],
    ]);
    expect(list[1]).toMatchObject({ type: 'inventory.vehicle.status_changed', version: 1, key: ids.get(a) });
    expect(list[1]?.data).toMatchObject({
      vehicleId: ids.get(a),
      vin: a,
      model: 'model_3',
      batteryLevel: 29,
      connectivity: 'online',
      streaming: true,
    });
    // The event row and the live row it describes were written by the same transaction.
    const { rows } = await sql<{ outbox: string; live: string }>`
      select (select xmin::text from inventory.outbox where id = ${list[1]?.id}) as outbox,
        (select xmin::text from inventory.vehicle_live_state where vehicle_id = ${ids.get(a)}) as live`.execute(
      test.db.kysely,
    );
    // The live row has been rewritten since (22 %); the latest event's transaction wrote it too.
    const latest = await ingest.ingest([v(a, 70, { soc: 9 })]);
    expect(latest.events).toBe(1);
    const after = await sql<{ outbox: string; live: string }>`
      select (select xmin::text from inventory.outbox where key = ${ids.get(a)} order by occurred_at desc limit 1) as outbox,
        (select xmin::text from inventory.vehicle_live_state where vehicle_id = ${ids.get(a)}) as live`.execute(
      test.db.kysely,
    );
    expect(after.rows[0]?.outbox).toBe(after.rows[0]?.live);
    expect(rows[0]?.outbox).toBeTruthy();
  });

  it('reports a silent streaming vehicle once as telemetry lost, and its next record as resumed', async () => {
    const a = vin(5);
    await ingest.ingest([conn(a, 0, 'CONNECTED'), v(a, 1, { soc: 55 })]);
    const now = new Date(at(1).getTime() + 11 * 60_000);
    // (Every streaming vehicle of the earlier tests is silent by then too.)
    expect(await ingest.markTelemetryLost(now, 10 * 60_000)).toBeGreaterThanOrEqual(1);
    expect(await ingest.markTelemetryLost(now, 10 * 60_000)).toBe(0);
    // A late duplicate is not the stream coming back.
    await ingest.ingest([v(a, 1, { soc: 55 })]);
    expect((await live(a))?.telemetry_lost).toBe(true);
    await ingest.ingest([v(a, 700, { soc: 55 })]);
    expect((await live(a))?.telemetry_lost).toBe(false);
    const reasons = (await events(a)).map((e) => (e.data as { reasons: string[] }).reasons);
    expect(reasons).toEqual([['connectivity'], ['telemetry_lost'], ['telemetry_resumed']]);
  });

  it('gives polled and listed vehicles status events by the same rule', async () => {
    const a = vin(6);
    const service = new LiveStateService(db(), new LiveStateRepository(db()));
    const id = ids.get(a) ?? '';
    await service.apply(id, { at: at(0), source: 'list', connectivity: 'asleep' });
    await service.apply(id, { at: at(10), source: 'list', connectivity: 'asleep' });
    await service.apply(id, { at: at(20), source: 'poll', connectivity: 'online', batteryLevel: 41 });
    await service.apply(id, { at: at(30), source: 'poll', connectivity: 'online', batteryLevel: 39 });
    await service.apply(id, { at: at(40), source: 'poll', connectivity: 'online', batteryLevel: 38 });
    const reasons = (await events(a)).map((e) => (e.data as { reasons: string[] }).reasons);
    expect(reasons).toEqual([['connectivity'], ['connectivity'], ['battery']]);
  });

  // The fold keeps the rows it wrote in memory and writes the next batch over them with one UPDATE
  // conditional on each row's xmin: these show a row changed by anyone else is read again, not
  // overwritten from the stale copy.
  it('never writes over what another writer changed since its last fold', async () => {
    const a = vin(7);
    const id = ids.get(a) ?? '';
    await ingest.ingest([v(a, 5, { soc: 61, odo: 0 })]); // creates the row
    await ingest.ingest([v(a, 10, { soc: 60, odo: 1 })]); // updates it: the fold now holds it
    // The Tesla sync polls newer data meanwhile.
    const service = new LiveStateService(db(), new LiveStateRepository(db()));
    await service.apply(id, { at: at(30), source: 'poll', connectivity: 'online', batteryLevel: 40 });
    // A record older than the poll: newer than the fold's own copy, but it must not win.
    const result = await ingest.ingest([v(a, 20, { soc: 50, odo: 2 })]);
    expect(result.rowsWritten).toBe(1); // last_telemetry_at moves on
    expect(await live(a)).toMatchObject({ battery_level: 40, odometer_mi: 1, data_as_of: at(30) });
    // And from the row it read again, the next record folds as usual.
    await ingest.ingest([v(a, 40, { soc: 39, odo: 3 })]);
    expect(await live(a)).toMatchObject({ battery_level: 39, odometer_mi: 3, data_as_of: at(40) });
  });

  it('lets two folding processes take turns on the same vehicles without losing or reverting a write', async () => {
    const other = new TelemetryIngestService(db(), { logger });
    const vins = [vin(8), vin(9)];
    await ingest.ingest(vins.map((x) => v(x, 10, { soc: 60 })));
    await other.ingest(vins.map((x) => v(x, 20, { soc: 59 })));
    await ingest.ingest(vins.map((x) => v(x, 30, { soc: 58 })));
    // Stale for both: `other` last wrote at 20 s, this record is 25 s.
    await other.ingest(vins.map((x) => v(x, 25, { soc: 70 })));
    for (const x of vins) expect(await live(x)).toMatchObject({ battery_level: 58, data_as_of: at(30) });
    // Concurrently, both processes and several batches each: the newest record wins.
    await Promise.all(
      [40, 45, 50, 55, 60, 65].map((t, i) =>
        (i % 2 === 0 ? ingest : other).ingest(vins.map((x) => v(x, t, { soc: 100 - t }))),
      ),
    );
    for (const x of vins) expect(await live(x)).toMatchObject({ battery_level: 35, data_as_of: at(65) });
  });

  it('drops the records of a vehicle deleted since its last fold', async () => {
    const gone = await db()
      .insertInto('inventory.vehicle')
      .values({
        vin: '5YJ3TSTGONE000001',
        model: 'model_3',
        display_name: 'Gone',
        color: null,
        trim: null,
        model_year: 2024,
        tesla_connection_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ingest.ingest([v('5YJ3TSTGONE000001', 10, { soc: 60, lat: 30.3 })]);
    await db().deleteFrom('inventory.vehicle').where('id', '=', gone.id).execute();
    const result = await ingest.ingest([v('5YJ3TSTGONE000001', 20, { soc: 59, lat: 30.4 })]);
    expect(result.rowsWritten).toBe(0);
    const { rows } = await sql<{ n: number }>`
      select (select count(*)::int from inventory.vehicle_live_state where vehicle_id = ${gone.id})
        + (select count(*)::int from inventory.vehicle_position where vehicle_id = ${gone.id}) as n`.execute(
      test.db.kysely,
    );
    expect(rows[0]?.n).toBe(0);
  });
});
