import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountEvents,
  ProblemTypes,
  ReservationEvents,
  type DeclaredEnvelope,
  type Insights,
  type Vehicle,
} from '@cybertacotruck/contracts';
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
import { insightsSubscription } from './insights.consumer';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe.each(TEST_ENGINES)('the business numbers on %s', (engine) => {
  let t: TestApp;
  let carA: Vehicle;
  let carB: Vehicle;
  const now = Date.now();
  /** `n` days before now (negative: after). */
  const ago = (n: number, plusMs = 0) => new Date(now - n * DAY_MS + plusMs).toISOString();
  const customers = { c1: randomUUID(), c2: randomUUID(), c3: randomUUID() };
  const subscription = insightsSubscription();

  const deliver = async (envelope: DeclaredEnvelope) => {
    await t.db.kysely.transaction().execute((trx) => subscription.handle(envelope, trx));
  };
  const envelope = (type: string, occurredAt: string, data: object): DeclaredEnvelope =>
    ({ id: randomUUID(), type, version: 1, occurredAt, key: 'k', data }) as DeclaredEnvelope;
  const facts = (
    reservationId: string,
    customerId: string,
    car: Vehicle,
    from: string,
    to: string,
    rentalMinor: number,
  ) => ({
    reservationId,
    customerId,
    vehicleId: car.id,
    vehicleName: car.displayName,
    model: car.model,
    from,
    to,
    timeZone: 'UTC',
    totalDueMinor: rentalMinor + 25_000,
    currency: 'USD',
    rentalMinor,
  });
  const readings = (at: string) => ({
    at,
    dataAsOf: null,
    odometerKm: null,
    chargePercent: null,
    rangeKm: null,
    tyrePressureBar: null,
    position: null,
    locked: null,
    activity: 'parked',
    distanceFromHomeM: null,
  });
  const insights = (query = '?days=7', headers: Record<string, string> = asOperator) =>
    t.app.inject({ url: `/api/v1/insights${query}`, headers });
  const numbers = async () => {
    const response = await insights();
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Insights>();
  };

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], {
      TESLA_SYNC: 'false',
      INSIGHTS_TIME_ZONE: 'UTC',
      INSIGHTS_SEARCH_FLUSH_MS: '100',
    });
    const c = calendarClient(t);
    carA = await c.vehicle({ model: 'model_3', displayName: 'Insight Three' });
    carB = await c.vehicle({ model: 'model_y', displayName: 'Insight Why' });
    // In the fleet for twenty days: the whole window counts as their capacity.
    await sql`update inventory.vehicle set created_at = ${ago(20)}::timestamptz`.execute(t.db.kysely);
    const { rows } = await sql<{ id: string }>`
      insert into inventory.tesla_connection (subject, label, region, fleet_api_base_url, status, scopes,
        access_token_sealed, refresh_token_sealed, refresh_token_hash, access_token_expires_at)
      values ('s', 'l', 'na', 'https://x', 'connected', '{}', 'a', 'r', 'h', now()) returning id`.execute(
      t.db.kysely,
    );
    // 2,000 data calls yesterday on car A (priced at Tesla's list price, read back below).
    await sql`insert into inventory.tesla_usage (connection_id, vin, day, category, count)
      values (${rows[0]?.id ?? ''}, ${carA.vin ?? ''}, ${ago(1).slice(0, 10)}::date, 'data', 2000)`.execute(
      t.db.kysely,
    );
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('answers operators only; a window other than 7, 30 or 90 days is a 400 problem', async () => {
    expectProblem(await insights('?days=7', {}), 401, ProblemTypes.unauthenticated);
    expectProblem(await insights('?days=7', asCustomer), 403, ProblemTypes.forbidden);
    expectProblem(
      await t.app.inject({ url: '/api/v1/insights/daily.csv?days=7', headers: asCustomer }),
      403,
      ProblemTypes.forbidden,
    );
    for (const bad of ['?days=14', '?days=abc', '?days=-7', '?days=7.5'])
      expectProblem(await insights(bad), 400, ProblemTypes.validation);
    expectProblem(
      await t.app.inject({ url: '/api/v1/insights/daily.csv?days=1', headers: asOperator }),
      400,
      ProblemTypes.validation,
    );
    // Nothing yet: zeros, every day of the window.
    const empty = await numbers();
    expect(empty.daily).toHaveLength(7);
    expect(empty.funnel.map((f) => f.count)).toEqual([0, 0, 0, 0, 0, 0]);
    expect((await insights('?days=90')).json<Insights>().daily).toHaveLength(90);
  });

  it('projects events redelivered and out of order as the right order would', async () => {
    const [r1, r2, r3, r4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const invitations = [randomUUID(), randomUUID(), randomUUID()];
    const invited = (id: string, at: string) =>
      envelope(AccountEvents.customerInvited.type, at, {
        invitationId: id,
        phone: '+15125550100',
        name: null,
        invitedBy: randomUUID(),
        expiresAt: at,
      });
    const registered = (userId: string, at: string) =>
      envelope(AccountEvents.customerRegistered.type, at, {
        userId,
        invitationId: randomUUID(),
        phone: '+15125550100',
        email: 'a@example.com',
        name: 'A',
      });
    const first = invited(invitations[0] ?? '', ago(5));
    const events: DeclaredEnvelope[] = [first, first];
    events.push(invited(invitations[1] ?? '', ago(4)), invited(invitations[2] ?? '', ago(10)));
    events.push(registered(customers.c1, ago(4)), registered(customers.c2, ago(3)));

    // r1: car A, held and confirmed five days ago, picked up three days ago, returned yesterday with charges.
    const f1 = facts(r1, customers.c1, carA, ago(3), ago(1), 20_000);
    const held1 = envelope(ReservationEvents.held.type, ago(5), { ...f1, holdExpiresAt: ago(5, 600_000) });
    const confirmed1 = envelope(ReservationEvents.confirmed.type, ago(5, HOUR_MS / 6), {
      ...f1,
      termsVersion: 1,
      freeCancellationUntil: ago(4),
    });
    const pickedUp1 = envelope(ReservationEvents.pickedUp.type, ago(3), {
      ...f1,
      at: ago(3),
      readings: readings(ago(3)),
      by: 'operator',
    });
    const returned1 = envelope(ReservationEvents.returned.type, ago(1), {
      ...f1,
      at: ago(1),
      readings: readings(ago(1)),
      pickupReadings: null,
      pickedUpAt: ago(3),
      charges: [],
      totalMinor: 1_500,
      termsVersion: 1,
      by: 'operator',
    });
    // Out of order, and the return twice.
    events.push(returned1, confirmed1, held1, pickedUp1, returned1);

    // r2: a hold on car B that lapsed.
    const f2 = facts(r2, customers.c2, carB, ago(-1), ago(-2), 10_000);
    events.push(
      envelope(ReservationEvents.expired.type, ago(2, 600_000), f2),
      envelope(ReservationEvents.held.type, ago(2), { ...f2, holdExpiresAt: ago(2, 600_000) }),
    );
    // r3: car B, confirmed two days ago, cancelled by the customer yesterday 2.5 days before its start.
    const f3 = facts(r3, customers.c2, carB, ago(-1.5), ago(-3), 10_000);
    const cancelled3 = envelope(ReservationEvents.cancelled.type, ago(1), {
      ...f3,
      cancelledBy: 'customer',
      reason: 'Plans changed',
      wasConfirmed: true,
    });
    events.push(
      cancelled3,
      envelope(ReservationEvents.held.type, ago(2), { ...f3, holdExpiresAt: ago(2, 600_000) }),
      cancelled3,
      envelope(ReservationEvents.confirmed.type, ago(2, 300_000), {
        ...f3,
        termsVersion: 1,
        freeCancellationUntil: ago(0),
      }),
    );
    // r4: car A, held and cancelled by an operator yesterday, ten days before its start.
    const f4 = facts(r4, customers.c3, carA, ago(-9), ago(-10), 5_000);
    events.push(
      envelope(ReservationEvents.cancelled.type, ago(1, 60_000), {
        ...f4,
        cancelledBy: 'operator',
        reason: null,
        wasConfirmed: false,
      }),
      envelope(ReservationEvents.held.type, ago(1), { ...f4, holdExpiresAt: ago(1, 600_000) }),
    );
    for (const e of events) await deliver(e);

    const n = await numbers();
    expect(n.funnel).toEqual([
      { step: 'invited', count: 2, dropOff: null },
      { step: 'registered', count: 2, dropOff: 0 },
      { step: 'searched', count: 0, dropOff: 1 },
      { step: 'held', count: 3, dropOff: null },
      { step: 'confirmed', count: 2, dropOff: 0.3333 },
      { step: 'completed', count: 1, dropOff: 0.5 },
    ]);
    expect(n.reservations).toEqual({
      held: 4,
      confirmed: 2,
      completed: 1,
      cancelled: 2,
      expired: 1,
      noShow: 0,
    });
    // 20,000 charged for r1 and 1,500 at its return; r3's 10,000 charged then refunded.
    expect(n.money.revenueMinor).toBe(21_500);
    expect(n.currency).toBe('USD');
    expect(n.money.teslaCostUsd).toBeGreaterThan(0);
    const a = n.utilisation.cars.find((c) => c.vehicleId === carA.id);
    expect(a).toMatchObject({ bookedDays: 2, revenueMinor: 21_500, teslaCostUsd: n.money.teslaCostUsd });
    expect(n.utilisation.cars.find((c) => c.vehicleId === carB.id)).toMatchObject({
      bookedDays: 0,
      utilisation: 0,
      revenueMinor: 0,
    });
    expect(n.utilisation.models.map((m) => [m.model, m.cars, m.bookedDays])).toEqual([
      ['model_3', 1, 2],
      ['model_y', 1, 0],
    ]);
    expect(n.cancellations.byReason).toEqual(
      expect.arrayContaining([
        { cancelledBy: 'customer', reason: 'Plans changed', count: 1, wasConfirmed: 1 },
        { cancelledBy: 'operator', reason: null, count: 1, wasConfirmed: 0 },
      ]),
    );
    expect(Object.fromEntries(n.cancellations.byLeadTime.map((l) => [l.leadTime, l.count]))).toEqual({
      after_start: 0,
      under_1d: 0,
      '1_3d': 1,
      '3_7d': 0,
      over_7d: 1,
    });
    const yesterday = n.daily.find((d) => d.day === ago(1).slice(0, 10));
    expect(yesterday).toMatchObject({ held: 1, cancelled: 2, completed: 1, revenueMinor: 1_500 - 10_000 });
    expect(yesterday?.utilisation).toBeGreaterThan(0);

    // Every event again, in reverse: nothing changes (but the clock: today's capacity grows).
    for (const e of [...events].reverse()) await deliver(e);
    const again = await numbers();
    const settled = (x: Insights) => ({
      funnel: x.funnel,
      reservations: x.reservations,
      revenue: x.money.revenueMinor,
      cancellations: x.cancellations,
      cars: x.utilisation.cars.map((c) => [c.vehicleId, c.bookedDays, c.revenueMinor]),
      daily: x.daily.map((d) => [d.day, d.held, d.confirmed, d.completed, d.cancelled, d.revenueMinor]),
    });
    expect(settled(again)).toEqual(settled(n));

    const csv = await t.app.inject({ url: '/api/v1/insights/daily.csv?days=7', headers: asOperator });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="business-7-days.csv"');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,invited,registered,searches,unmet_searches,held,confirmed,completed,cancelled,utilisation_percent,revenue,currency,tesla_cost_usd',
    );
    expect(lines).toHaveLength(8);
    const row = lines.find((l) => l.startsWith(ago(1).slice(0, 10)))?.split(',');
    expect(row?.slice(0, 9)).toEqual([ago(1).slice(0, 10), '0', '0', '0', '0', '1', '0', '1', '2']);
    expect(row?.slice(10, 12)).toEqual(['-85.00', 'USD']);
  });

  it('counts availability searches off the request path: unmet ones by period and model', async () => {
    const period = `from=${encodeURIComponent(inHours(24 * 20))}&to=${encodeURIComponent(inHours(24 * 22))}`;
    const search = (query: string, headers: Record<string, string>) =>
      t.app.inject({ url: `/api/v1/availability?${period}${query}`, headers });
    expect((await search('&model=model_3', asCustomer)).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await search('&model=cybertruck', asCustomer)).json<{ items: unknown[] }>().items).toHaveLength(
      0,
    );
    expect((await search('&model=cybertruck', asCustomer)).statusCode).toBe(200);
    // A second page is the same search; an operator's search is not a customer's.
    expect((await search('&offset=50', asCustomer)).statusCode).toBe(200);
    expect((await search('', asOperator)).statusCode).toBe(200);
    await expect
      .poll(async () => (await numbers()).searches, { timeout: 10_000 })
      .toEqual({ total: 4, unmet: 2 });
    const n = await numbers();
    expect(n.funnel.find((f) => f.step === 'searched')?.count).toBe(1);
    expect(n.unmetDemand).toEqual([
      {
        fromDay: inHours(24 * 20).slice(0, 10),
        toDay: inHours(24 * 22).slice(0, 10),
        model: 'cybertruck',
        searches: 2,
        unmet: 2,
      },
    ]);
    expect(n.daily.at(-1)).toMatchObject({ searches: 4, unmetSearches: 2 });
  });
});
