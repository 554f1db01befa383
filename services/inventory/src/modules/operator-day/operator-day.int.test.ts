import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Claim, type OperatorDay, type Vehicle } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import {
  asCustomer,
  asOperator,
  createTestApp,
  principalStub,
  type TestApp,
} from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import { calendarClient, expectProblem, inHours } from '../../../testing/calendar';

const DAY_MS = 86_400_000;

describe.each(TEST_ENGINES)("the operator's day and moving a booking on %s", (engine) => {
  let t: TestApp;
  let c: ReturnType<typeof calendarClient>;
  const cars: Record<'ready' | 'low' | 'offline' | 'out' | 'rented' | 'shop', Vehicle> = {} as never;
  let pickupReady: Claim;
  let pickupLow: Claim;
  let rentedBooking: string;
  let shopBlock: string;

  const live = (vehicleId: string, connectivity: string, battery: number, charging: string | null = null) =>
    sql`insert into inventory.vehicle_live_state (vehicle_id, connectivity, activity, battery_level, range_mi, charging_state, data_as_of)
      values (${vehicleId}, ${connectivity}, 'parked', ${battery}, ${battery * 3}, ${charging}, now())`.execute(
      t.db.kysely,
    );
  /** A claim in the past or covering now, which the API refuses to place (periods start in the future). */
  const claim = async (
    vehicleId: string,
    kind: string,
    from: Date,
    to: Date,
    status = 'active',
    updatedAt = new Date(),
  ) => {
    const { rows } = await sql<{
      id: string;
    }>`insert into inventory.vehicle_claim (vehicle_id, kind, period, status, updated_at)
      values (${vehicleId}, ${kind}, tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)'), ${status}, ${updatedAt.toISOString()}::timestamptz)
      returning id`.execute(t.db.kysely);
    return rows[0]?.id ?? '';
  };
  const booking = async (vehicleId: string, from: string, to: string) => {
    const held = await c.hold(vehicleId, { from, to, reference: crypto.randomUUID() });
    expect(held.statusCode, held.body).toBe(201);
    return (await c.confirm(held.json<Claim>().id)).json<Claim>();
  };
  const day = (query = '?timeZone=UTC', headers: Record<string, string> = asOperator) =>
    t.app.inject({ url: `/api/v1/fleet/day${query}`, headers });
  const move = (claimId: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/claims/${claimId}/move`, headers: asOperator, payload });

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], { TESLA_SYNC: 'false' });
    c = calendarClient(t);
    for (const name of ['ready', 'low', 'offline', 'out', 'rented', 'shop'] as const)
      cars[name] = await c.vehicle();
    await live(cars.ready.id, 'online', 90);
    await live(cars.low.id, 'asleep', 15, 'Charging');
    await live(cars.offline.id, 'offline', 60);
    await live(cars.rented.id, 'online', 70);
    await live(cars.shop.id, 'online', 50);
    pickupReady = await booking(cars.ready.id, inHours(2), inHours(26));
    pickupLow = await booking(cars.low.id, inHours(3), inHours(27));
    // Out of service only now: a booking cannot be placed on it afterwards.
    const out = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/vehicles/${cars.out.id}`,
      headers: asOperator,
      payload: { inService: false },
    });
    expect(out.statusCode, out.body).toBe(200);
    const now = Date.now();
    rentedBooking = await claim(cars.rented.id, 'booking', new Date(now - 3 * DAY_MS), new Date(inHours(2)));
    shopBlock = await claim(cars.shop.id, 'maintenance', new Date(now - DAY_MS), new Date(now + DAY_MS));
    // Returned early, eight days ago after one day: counts for 30 days, not for 7.
    await claim(
      cars.ready.id,
      'booking',
      new Date(now - 10 * DAY_MS),
      new Date(now - 5 * DAY_MS),
      'released',
      new Date(now - 9 * DAY_MS),
    );
    // Cancelled before it began: counts for nothing.
    await claim(
      cars.low.id,
      'booking',
      new Date(now - 4 * DAY_MS),
      new Date(now - 2 * DAY_MS),
      'released',
      new Date(now - 6 * DAY_MS),
    );
  });
  afterAll(() => t.dispose());

  it('counts the fleet by status, lists the pickups and returns with readiness, and measures utilisation', async () => {
    const res = await day();
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<OperatorDay>();
    expect(d.counts).toEqual({
      total: 6,
      available: 2,
      rented: 1,
      charging: 1,
      offline: 2,
      lowCharge: 1,
      outOfService: 1,
      maintenance: 1,
    });
    const on = (iso: string) => d.days.find((x) => x.date === iso.slice(0, 10));
    expect(d.days.map((x) => x.date)).toHaveLength(2);
    expect(on(pickupReady.from)?.pickups).toContainEqual(
      expect.objectContaining({
        claimId: pickupReady.id,
        vehicleId: cars.ready.id,
        readiness: {
          chargePercent: 90,
          targetPercent: 80,
          charged: true,
          online: true,
          keyPaired: null,
          ready: true,
        },
      }),
    );
    expect(on(pickupLow.from)?.pickups).toContainEqual(
      expect.objectContaining({
        claimId: pickupLow.id,
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- an asymmetric matcher
        readiness: expect.objectContaining({ chargePercent: 15, charged: false, online: true, ready: false }),
      }),
    );
    expect(on(inHours(2))?.returns.map((m) => m.claimId)).toEqual([rentedBooking]);
    // 5 cars in service. 7 days: the rented car's last 3 days. 30 days: those and the early return's 1 day.
    expect(d.utilisation.days7).toBeCloseTo(3 / 35, 2);
    expect(d.utilisation.days30).toBeCloseTo(4 / 150, 2);
  });

  it('begins the days at midnight in the time zone asked for', async () => {
    const d = (await day('?timeZone=Pacific/Kiritimati')).json<OperatorDay>();
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    expect(d.days[0]?.date).toBe(local);
    expect(d.timeZone).toBe('Pacific/Kiritimati');
  });

  it('refuses an unknown time zone, a customer and an anonymous caller', async () => {
    const bad = expectProblem(await day('?timeZone=Mars%2FOlympus'), 400, ProblemTypes.validation);
    expect(bad.errors?.[0]).toMatchObject({ field: 'timeZone' });
    expect((await day('', asCustomer)).statusCode).toBe(403);
    expect((await day('', {})).statusCode).toBe(401);
  });

  it('moves a booking over its own old period, and to another car', async () => {
    const b = await booking(cars.ready.id, inHours(24 * 5), inHours(24 * 7));
    const later = { from: inHours(24 * 6), to: inHours(24 * 8) };
    const res = await move(b.id, later);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Claim>()).toMatchObject({
      id: b.id,
      kind: 'booking',
      status: 'active',
      vehicleId: cars.ready.id,
    });
    expect(Date.parse(res.json<Claim>().from)).toBe(Date.parse(later.from));
    const other = await move(b.id, { ...later, vehicleId: cars.offline.id });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json<Claim>()).toMatchObject({ id: b.id, vehicleId: cars.offline.id });
    expect(await c.doubleBookings()).toBe(0);
  });

  it('refuses a move onto another claim, of a block, to a car out of service, or to a bad period, changing nothing', async () => {
    const before = await c.snapshot();
    const onto = expectProblem(
      await move(pickupReady.id, { vehicleId: cars.low.id, from: pickupLow.from, to: pickupLow.to }),
      409,
      ProblemTypes.vehicleUnavailable,
    );
    expect(onto.detail).toContain('not free');
    expectProblem(
      await move(shopBlock, { from: inHours(48), to: inHours(50) }),
      409,
      ProblemTypes.claimNotActive,
    );
    expectProblem(
      await move(pickupReady.id, { vehicleId: cars.out.id, from: inHours(100), to: inHours(110) }),
      409,
      ProblemTypes.vehicleOutOfService,
    );
    const backwards = expectProblem(
      await move(pickupReady.id, { from: inHours(10), to: inHours(9) }),
      400,
      ProblemTypes.invalidPeriod,
    );
    expect(backwards.errors?.[0]).toMatchObject({ field: 'to' });
    expectProblem(
      await move(crypto.randomUUID(), { from: inHours(10), to: inHours(12) }),
      404,
      ProblemTypes.claimNotFound,
    );
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/claims/${pickupReady.id}/move`,
          headers: asCustomer,
          payload: { from: inHours(10), to: inHours(12) },
        })
      ).statusCode,
    ).toBe(403);
    expect(await c.snapshot()).toBe(before);
  });
});
