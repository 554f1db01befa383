import { sql, type Kysely } from 'kysely';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Availability, VEHICLE_MODELS } from '@cybertacotruck/contracts';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { inventoryMigrations } from '../../migrations';
import type { InventoryTables } from '../../tables';
import { availabilityJson } from './availability-json';
import { CalendarRepository, type AvailabilityFilter, type AvailableItem } from './calendar.repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const VEHICLES = 300;

/** A small deterministic PRNG (mulberry32): the same searches on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SF = { latitude: 37.7749, longitude: -122.4194 };

/**
 * The index must answer every search as the SQL search does (CalendarRepository.availabilityQuery,
 * the reference), and see every committed change before it answers.
 */
describe.each(TEST_ENGINES)('the availability index on %s', (engine) => {
  let test: TestDatabase;
  let db: Kysely<InventoryTables>;
  let indexed: CalendarRepository;
  let bySql: CalendarRepository;
  const start = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
  const random = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

  /** The distance's last bit may differ (JavaScript's sin/asin against the C library's). */
  const comparable = (items: AvailableItem[]) =>
    items.map((i) => ({
      ...i.vehicle,
      distanceMi: i.distanceMi === null ? null : i.distanceMi.toPrecision(12),
    }));

  async function expectSame(f: AvailabilityFilter) {
    const fromIndex = await indexed.available(f);
    const fromSql = await bySql.available(f);
    expect(comparable(fromIndex), JSON.stringify(f)).toEqual(comparable(fromSql));
    return fromIndex;
  }

  function randomSearch(): AvailabilityFilter {
    const from = start + Math.floor(random() * 50 * 24) * HOUR_MS;
    const near =
      random() < 0.5
        ? pick([
            SF,
            { latitude: 37.3 + random() * 0.8, longitude: -122.6 + random() * 0.8 },
            { latitude: random() * 170 - 85, longitude: random() * 360 - 180 },
            { latitude: 89.5, longitude: 10 },
            { latitude: 10, longitude: 179.95 },
          ])
        : undefined;
    // Whole hours, as the claims are: a search often starts as a claim ends or ends as one starts.
    return {
      from: new Date(from),
      to: new Date(from + Math.ceil(random() * 8 * 24) * HOUR_MS),
      model: random() < 0.3 ? pick(VEHICLE_MODELS) : undefined,
      near,
      radiusMi: near && random() < 0.7 ? pick([0.5, 5, 10, 50, 500, 1000]) : undefined,
      limit: pick([1, 5, 51, 201]),
      offset: pick([0, 0, 0, 3, 40]),
    };
  }

  beforeAll(async () => {
    test = await createTestDatabase(engine);
    await migrateSchema(test.db, inventoryMigrations);
    db = test.db.kysely.withTables<InventoryTables>();
    indexed = new CalendarRepository(db);
    bySql = new CalendarRepository(db, { availabilityIndex: false });
    const models = sql.join(VEHICLE_MODELS.map((m) => sql.lit(m)));
    // Names repeat (ties go by id) and differ only in case; some out of service; some silent.
    await sql`
      insert into inventory.vehicle (vin, model, display_name, color, model_year, in_service)
      select 'IDX' || lpad(g::text, 14, '0'), (array[${models}])[1 + g % 5],
        (array['Car ', 'car ', 'Ärger ', 'Car-'])[1 + g % 4] || (g % 70)::text,
        case when g % 3 = 0 then null else 'Red' end, case when g % 4 = 0 then null else 2020 + g % 6 end,
        g % 17 <> 0
      from generate_series(1, ${VEHICLES}::int) g`.execute(db);
    // Most around the Bay, some anywhere on Earth, some on the same spot, a few without a position.
    await sql`
      insert into inventory.vehicle_live_state
        (vehicle_id, connectivity, activity, latitude, longitude, battery_level, range_mi, data_as_of)
      select id, 'online', 'parked',
        case when n % 13 = 0 then null
          when n % 5 = 0 then -80 + (hashtext(vin || 'a') & 1023) * 160.0 / 1023
          when n % 7 = 0 then 37.7
          else 37.3 + (hashtext(vin || 'lat') & 1023) / 1280.0 end,
        case when n % 5 = 0 then -179.9 + (hashtext(vin || 'b') & 1023) * 359.8 / 1023
          when n % 7 = 0 then -122.3
          else -122.6 + (hashtext(vin || 'lon') & 1023) / 1280.0 end,
        n % 100, n * 3, now()
      from (select id, vin, row_number() over (order by vin) as n from inventory.vehicle) v
      where n % 11 <> 0`.execute(db);
    // Ten slots of six days per vehicle from two days back: bookings, maintenance, holds on every
    // third vehicle (some lapsed but not yet swept), some released (they occupy nothing).
    await sql`
      insert into inventory.vehicle_claim (vehicle_id, kind, period, status, expires_at)
      select id,
        case when k % 4 = 3 and n % 3 = 0 then 'hold' when k % 5 = 4 then 'maintenance' else 'booking' end,
        tstzrange(s, s + ((1 + (n + k) % 4) * interval '1 day') + ((n * k) % 9) * interval '1 hour', '[)'),
        case when (n + k) % 7 = 0 then 'released' else 'active' end,
        case when k % 4 <> 3 or n % 3 <> 0 then null
          when (n + k) % 2 = 0 then now() + interval '1 hour' else now() - interval '1 hour' end
      from (select id, row_number() over (order by vin) as n from inventory.vehicle) v
      cross join generate_series(0, 9) k
      cross join lateral (
        select to_timestamp(${start / 1000}) - interval '2 days' + k * interval '6 days'
          + (n % 24) * interval '1 hour' as s
      ) t`.execute(db);
  });
  afterAll(() => test.dispose());

  it('answers random searches (by name, model, distance, radius, page) as the SQL search does', async () => {
    for (let i = 0; i < 120; i++) await expectSame(randomSearch());
  });

  it('sees a hold the moment it is placed, and the vehicle free again once it is released', async () => {
    const f: AvailabilityFilter = {
      from: new Date(start + 70 * DAY_MS),
      to: new Date(start + 71 * DAY_MS),
      model: undefined,
      near: SF,
      radiusMi: undefined,
      limit: 10,
      offset: 0,
    };
    const [first] = await expectSame(f);
    if (!first) throw new Error('no free vehicle');
    const placed = await indexed.place({
      vehicleId: first.vehicle.id,
      kind: 'hold',
      from: f.from,
      to: f.to,
      reference: 'index-test',
      note: null,
      ttlSeconds: 600,
    });
    if (placed.outcome !== 'created') throw new Error(placed.outcome);
    expect((await expectSame(f)).map((i) => i.vehicle.id)).not.toContain(first.vehicle.id);
    await indexed.release(placed.claim.id);
    expect((await expectSame(f))[0]?.vehicle.id).toBe(first.vehicle.id);

    // A hold that lapses frees the vehicle before the sweeper marks it expired.
    const again = await indexed.place({
      vehicleId: first.vehicle.id,
      kind: 'hold',
      from: f.from,
      to: f.to,
      reference: null,
      note: null,
      ttlSeconds: 600,
    });
    if (again.outcome !== 'created') throw new Error(again.outcome);
    expect((await expectSame(f))[0]?.vehicle.id).not.toBe(first.vehicle.id);
    await sql`update inventory.vehicle_claim set expires_at = now() - interval '1 second'
      where id = ${again.claim.id}`.execute(db);
    expect((await expectSame(f))[0]?.vehicle.id).toBe(first.vehicle.id);
  });

  it('follows vehicles renamed, moved, taken out of service, added and removed', async () => {
    const f: AvailabilityFilter = {
      from: new Date(start + 80 * DAY_MS),
      to: new Date(start + 81 * DAY_MS),
      model: undefined,
      near: undefined,
      radiusMi: undefined,
      limit: 500,
      offset: 0,
    };
    const near = { ...f, near: SF, radiusMi: 30 };
    const before = await expectSame(f);
    const [a, b, c] = before;
    if (!a || !b || !c) throw new Error('too few vehicles');
    await sql`update inventory.vehicle set display_name = 'zzz last' where id = ${a.vehicle.id}`.execute(db);
    await sql`update inventory.vehicle set in_service = false where id = ${b.vehicle.id}`.execute(db);
    await sql`insert into inventory.vehicle_live_state
        (vehicle_id, connectivity, activity, latitude, longitude, data_as_of)
      values (${c.vehicle.id}, 'online', 'parked', ${SF.latitude}, ${SF.longitude}, now())
      on conflict (vehicle_id) do update set latitude = excluded.latitude, longitude = excluded.longitude`.execute(
      db,
    );
    const after = await expectSame(f);
    const renamed = after.findIndex((i) => i.vehicle.id === a.vehicle.id);
    expect(after[renamed]?.vehicle.displayName).toBe('zzz last');
    expect(renamed).toBeGreaterThan(0); // it was first
    expect(after.map((i) => i.vehicle.id)).not.toContain(b.vehicle.id);
    expect((await expectSame(near))[0]?.vehicle.id).toBe(c.vehicle.id);

    const { rows } = await sql<{ id: string }>`
      insert into inventory.vehicle (vin, model, display_name) values ('IDXNEW', 'cybertruck', '  first')
      returning id`.execute(db);
    expect((await expectSame(f))[0]?.vehicle.id).toBe(rows[0]?.id);
    await sql`delete from inventory.vehicle where vin = 'IDXNEW'`.execute(db);
    await expectSame(f);
    for (let i = 0; i < 20; i++) await expectSame(randomSearch());
  });

  it('starts over after the claims are truncated', async () => {
    await sql`truncate inventory.vehicle_claim`.execute(db);
    for (let i = 0; i < 20; i++) await expectSame(randomSearch());
  });

  it('writes the page as the Availability schema does', async () => {
    for (const near of [undefined, SF]) {
      const f: AvailabilityFilter = { ...randomSearch(), near, radiusMi: undefined, limit: 20, offset: 0 };
      const page = { period: { from: f.from, to: f.to }, items: await indexed.available(f), nextOffset: 20 };
      const json = availabilityJson(page, {
        priced: true,
        priceJson: (model) =>
          model === 'model_y'
            ? '{"days":2,"dailyRateMinor":8900,"subtotalMinor":17800,"depositMinor":25000,"totalDueMinor":42800,"currency":"USD"}'
            : 'null',
      });
      const parsed: unknown = JSON.parse(json);
      expect(Value.Check(Availability, parsed)).toBe(true);
      // Every key in the schema's order, the numbers as JSON.stringify writes them.
      expect(json).toBe(
        JSON.stringify({
          from: f.from.toISOString(),
          to: f.to.toISOString(),
          items: page.items.map(({ vehicle: v, distanceMi }) => ({
            id: v.id,
            model: v.model,
            displayName: v.displayName,
            color: v.color,
            trim: v.trim,
            modelYear: v.modelYear,
            live: v.live && {
              connectivity: v.live.connectivity,
              batteryLevel: v.live.batteryLevel,
              rangeMi: v.live.rangeMi,
              latitude: v.live.latitude,
              longitude: v.live.longitude,
              dataAsOf: v.live.dataAsOf,
            },
            distanceMi,
            price:
              v.model === 'model_y'
                ? {
                    days: 2,
                    dailyRateMinor: 8900,
                    subtotalMinor: 17800,
                    depositMinor: 25000,
                    totalDueMinor: 42800,
                    currency: 'USD',
                  }
                : null,
          })),
          nextOffset: 20,
          priced: true,
        }),
      );
    }
  });
});
