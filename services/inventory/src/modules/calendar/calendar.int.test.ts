import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Claim, type ClaimList } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig } from '@cybertacotruck/platform';
import {
  asCustomer,
  asOperator,
  createTestApp,
  principalStub,
  type TestApp,
} from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import { calendarClient, expectProblem, inDays, inHours } from '../../../testing/calendar';

describe.each(TEST_ENGINES)('vehicle calendar: holds, bookings, maintenance on %s', (engine) => {
  let t: TestApp;
  let c: ReturnType<typeof calendarClient>;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], {
      TESLA_SYNC: 'false',
      HOLD_SWEEP_MS: '100',
    });
    c = calendarClient(t);
  });
  afterAll(() => t.dispose());

  it('holds, refuses an overlap, confirms into a booking, releases and frees the vehicle', async () => {
    const car = await c.vehicle();
    const period = { from: inDays(1), to: inDays(3) };

    const held = await c.hold(car.id, { ...period, reference: 'res-1' });
    expect(held.statusCode).toBe(201);
    const hold = held.json<Claim>();
    expect(hold).toMatchObject({ vehicleId: car.id, kind: 'hold', status: 'active', reference: 'res-1' });
    expect(Date.parse(hold.from)).toBe(Date.parse(period.from));
    expect(Date.parse(hold.to)).toBe(Date.parse(period.to));
    // The default lifetime is HOLD_TTL_SECONDS (600).
    const ttl = Date.parse(hold.expiresAt ?? '') - Date.parse(hold.createdAt);
    expect(ttl).toBeGreaterThan(599_000);
    expect(ttl).toBeLessThan(601_000);

    const overlapping = await c.hold(car.id, { from: inDays(2), to: inDays(4) });
    const problem = expectProblem(overlapping, 409, ProblemTypes.vehicleUnavailable);
    expect(problem.detail).toContain(car.id);

    // Half-open: a hold starting the instant the first ends does not overlap it.
    const adjacent = await c.hold(car.id, { from: period.to, to: inDays(4) });
    expect(adjacent.statusCode).toBe(201);

    const confirmed = await c.confirm(hold.id);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<Claim>()).toMatchObject({
      id: hold.id,
      kind: 'booking',
      status: 'active',
      expiresAt: null,
    });
    // Confirming twice (a retried request) answers the same booking.
    expect((await c.confirm(hold.id)).json<Claim>()).toMatchObject({ id: hold.id, kind: 'booking' });

    expect((await c.release(hold.id)).statusCode).toBe(204);
    expect((await c.release(hold.id)).statusCode).toBe(204);
    expect(await c.storedStatus(hold.id)).toBe('released');
    expectProblem(await c.confirm(hold.id), 409, ProblemTypes.claimNotActive);

    expect((await c.hold(car.id, period)).statusCode).toBe(201);
    expect(await c.doubleBookings()).toBe(0);
  });

  it('answers a repeated hold with the same reference with the same hold, and stores one row', async () => {
    const car = await c.vehicle();
    const body = { from: inDays(5), to: inDays(6), reference: 'res-repeat' };
    const first = await c.hold(car.id, body);
    expect(first.statusCode).toBe(201);
    const before = await c.snapshot();

    const again = await c.hold(car.id, body);
    expect(again.statusCode).toBe(200);
    expect(again.json<Claim>().id).toBe(first.json<Claim>().id);
    expect(await c.snapshot()).toBe(before);

    // Another reservation, or the same one for other dates, is an overlap like any other.
    expectProblem(
      await c.hold(car.id, { ...body, reference: 'res-other' }),
      409,
      ProblemTypes.vehicleUnavailable,
    );
    expectProblem(await c.hold(car.id, { ...body, to: inDays(7) }), 409, ProblemTypes.vehicleUnavailable);
    expect(await c.snapshot()).toBe(before);
  });

  it('refuses every invalid hold with a 4xx problem and changes nothing', async () => {
    const car = await c.vehicle();
    const parked = await c.vehicle({ inService: false });
    await c.hold(car.id, { from: inDays(10), to: inDays(11) });
    const before = await c.snapshot();

    const cases: Array<{
      name: string;
      send: () => ReturnType<typeof c.hold>;
      status: number;
      type: string;
      field?: string;
    }> = [
      {
        name: 'end = start',
        send: () => c.hold(car.id, { from: inDays(20), to: inDays(20) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'end before start',
        send: () => c.hold(car.id, { from: inDays(21), to: inDays(20) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'start in the past',
        send: () => c.hold(car.id, { from: inDays(-2), to: inDays(20) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:from',
      },
      {
        name: 'span over CALENDAR_MAX_DAYS',
        send: () => c.hold(car.id, { from: inDays(20), to: inDays(81) }),
        status: 400,
        type: ProblemTypes.invalidPeriod,
        field: 'body:to',
      },
      {
        name: 'no time zone',
        send: () => c.hold(car.id, { from: '2031-01-01T10:00:00', to: inDays(20) }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:from',
      },
      {
        name: 'not a date',
        send: () => c.hold(car.id, { from: 'tomorrow', to: inDays(20) }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:from',
      },
      {
        name: 'leap second',
        send: () => c.hold(car.id, { from: '2031-06-30T23:59:60Z', to: '2031-07-02T00:00:00Z' }),
        status: 400,
        // Refused by the date-time format itself (platform/src/ajv.ts), before the service sees it.
        type: ProblemTypes.validation,
        field: 'body:from',
      },
      {
        name: 'missing end',
        send: () => c.hold(car.id, { from: inDays(20) }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:to',
      },
      {
        name: 'unknown field',
        send: () => c.hold(car.id, { from: inDays(20), to: inDays(21), seats: 5 }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:seats',
      },
      {
        name: 'ttl too short',
        send: () => c.hold(car.id, { from: inDays(20), to: inDays(21), ttlSeconds: 1 }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'body:ttlSeconds',
      },
      {
        name: 'bad uuid',
        send: () => c.hold('not-a-uuid', { from: inDays(20), to: inDays(21) }),
        status: 400,
        type: ProblemTypes.validation,
        field: 'params:id',
      },
      {
        name: 'unknown vehicle',
        send: () => c.hold('6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11', { from: inDays(20), to: inDays(21) }),
        status: 404,
        type: ProblemTypes.vehicleNotFound,
      },
      {
        name: 'out of service',
        send: () => c.hold(parked.id, { from: inDays(20), to: inDays(21) }),
        status: 409,
        type: ProblemTypes.vehicleOutOfService,
      },
      {
        name: 'malformed JSON',
        send: () =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/vehicles/${car.id}/holds`,
            headers: { ...asOperator, 'content-type': 'application/json' },
            payload: '{"from": "2031-01-01T10:00:00Z", ',
          }),
        status: 400,
        type: ProblemTypes.malformedBody,
      },
      {
        name: 'overlap',
        send: () => c.hold(car.id, { from: inDays(10), to: inDays(12) }),
        status: 409,
        type: ProblemTypes.vehicleUnavailable,
      },
    ];
    for (const testCase of cases) {
      const response = await testCase.send();
      const problem = expectProblem(response, testCase.status, testCase.type);
      if (testCase.field) {
        expect(
          problem.errors?.map((e) => `${e.location}:${e.field}`),
          testCase.name,
        ).toContain(testCase.field);
      }
      expect(await c.snapshot(), testCase.name).toBe(before);
    }
  });

  it('frees a lapsed hold at once, before the sweeper marks it, and refuses to confirm it', async () => {
    const car = await c.vehicle({ model: 'model_s' });
    const period = { from: inDays(1), to: inDays(2) };
    const hold = (await c.hold(car.id, { ...period, ttlSeconds: 60 })).json<Claim>();
    const search = { ...period, model: 'model_s', limit: 200 };
    const ids = async () =>
      (await c.availability(search)).json<{ items: { id: string }[] }>().items.map((v) => v.id);
    expect(await ids()).not.toContain(car.id);

    await c.lapse(hold.id);
    expect(await c.storedStatus(hold.id)).toBe('active'); // nothing swept it yet
    expect(await ids()).toContain(car.id);
    expectProblem(await c.confirm(hold.id), 409, ProblemTypes.holdExpired);

    const next = await c.hold(car.id, period);
    expect(next.statusCode).toBe(201);
    expect(await c.storedStatus(hold.id)).toBe('expired');
    expect(await c.doubleBookings()).toBe(0);
  });

  it('sweeps lapsed holds with the calendar-expiry worker', async () => {
    const car = await c.vehicle();
    const lapsed = (await c.hold(car.id, { from: inDays(1), to: inDays(2) })).json<Claim>();
    const live = (await c.hold(car.id, { from: inDays(3), to: inDays(4) })).json<Claim>();
    await c.lapse(lapsed.id);

    const expired = await c.timeline(car.id);
    expect(expired.json<ClaimList>().items.map((x) => x.status)).toEqual(['expired', 'active']);

    const worker = inventoryService.workers?.find((w) => w.name === 'calendar-expiry');
    if (!worker) throw new Error('inventory has no calendar-expiry worker');
    // The worker shares this app's modules (keyed by database), so it sweeps every HOLD_SWEEP_MS (100).
    const stop = await worker.start({
      db: t.db,
      config: parseConfig(BaseConfigSchema, {}),
      env: {},
      logger: t.app.log,
      peers: t.app.peers,
      bus: t.app.bus,
      metrics: t.app.metrics,
    });
    try {
      await expect.poll(() => c.storedStatus(lapsed.id), { timeout: 15_000, interval: 100 }).toBe('expired');
    } finally {
      await stop();
    }
    expect(await c.storedStatus(live.id)).toBe('active');
  });

  it('keeps overlaps out even when code bypasses the service (the exclusion constraint)', async () => {
    const car = await c.vehicle();
    const insert = (from: string, to: string, status = 'active') =>
      sql`insert into inventory.vehicle_claim (vehicle_id, kind, period, status)
        values (${car.id}, 'booking', tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)'), ${status})`.execute(
        t.db.kysely,
      );
    await insert(inDays(1), inDays(3));
    await expect(insert(inDays(2), inDays(4))).rejects.toMatchObject({ code: '23P01' });
    // Released and expired claims do not occupy the vehicle.
    await insert(inDays(2), inDays(4), 'released');
    await expect(insert(inDays(3), inDays(3))).rejects.toMatchObject({ code: '23514' }); // empty range
  });

  it('blocks a vehicle for maintenance, which refuses overlaps both ways', async () => {
    const car = await c.vehicle({ model: 'model_x' });
    const booked = (await c.hold(car.id, { from: inDays(1), to: inDays(2) })).json<Claim>();
    await c.confirm(booked.id);

    expectProblem(
      await c.maintenance(car.id, { from: inHours(30), to: inDays(3), note: 'tyres' }),
      409,
      ProblemTypes.vehicleUnavailable,
    );
    const block = await c.maintenance(car.id, { from: inDays(2), to: inDays(4), note: 'tyres' });
    expect(block.statusCode).toBe(201);
    expect(block.json<Claim>()).toMatchObject({ kind: 'maintenance', note: 'tyres', expiresAt: null });
    expectProblem(
      await c.hold(car.id, { from: inDays(3), to: inDays(5) }),
      409,
      ProblemTypes.vehicleUnavailable,
    );
    expectProblem(await c.confirm(block.json<Claim>().id), 409, ProblemTypes.claimNotActive);

    const free = async (from: string, to: string) =>
      (await c.availability({ from, to, model: 'model_x', limit: 200 }))
        .json<{ items: { id: string }[] }>()
        .items.some((v) => v.id === car.id);
    expect(await free(inDays(3), inDays(5))).toBe(false);
    expect(await free(inDays(4), inDays(5))).toBe(true);

    // An out-of-service vehicle can still be blocked (holds are what it refuses).
    const parked = await c.vehicle({ inService: false });
    expect((await c.maintenance(parked.id, { from: inDays(1), to: inDays(2) })).statusCode).toBe(201);

    const timeline = await c.timeline(
      car.id,
      `?from=${encodeURIComponent(inDays(0))}&to=${encodeURIComponent(inDays(10))}`,
    );
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json<ClaimList>().items.map((x) => x.kind)).toEqual(['booking', 'maintenance']);
  });

  it('answers unknown claims and vehicles with 404 and malformed ids with 400', async () => {
    const unknown = '6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11';
    expectProblem(await c.confirm(unknown), 404, ProblemTypes.claimNotFound);
    expectProblem(await c.release(unknown), 404, ProblemTypes.claimNotFound);
    expectProblem(await c.confirm('nope'), 400, ProblemTypes.validation);
    expectProblem(await c.release('nope'), 400, ProblemTypes.validation);
    expectProblem(await c.timeline(unknown), 404, ProblemTypes.vehicleNotFound);
    expectProblem(
      await c.maintenance(unknown, { from: inDays(1), to: inDays(2) }),
      404,
      ProblemTypes.vehicleNotFound,
    );
    const car = await c.vehicle();
    expectProblem(
      await c.timeline(car.id, `?from=${encodeURIComponent(inDays(2))}&to=${encodeURIComponent(inDays(1))}`),
      400,
      ProblemTypes.invalidPeriod,
    );
  });

  it('needs a signed-in caller to search, and an operator (or a service) to hold, block and read timelines', async () => {
    const car = await c.vehicle();
    const before = await c.snapshot();
    const period = { from: inDays(1), to: inDays(2) };
    const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    const search = `/availability?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;

    expectProblem(await send('GET', search, {}), 401, ProblemTypes.unauthenticated);
    expectProblem(
      await send('POST', `/vehicles/${car.id}/holds`, {}, period),
      401,
      ProblemTypes.unauthenticated,
    );
    expectProblem(
      await send('POST', `/vehicles/${car.id}/maintenance`, asCustomer, period),
      403,
      ProblemTypes.forbidden,
    );
    expectProblem(await send('GET', `/vehicles/${car.id}/claims`, asCustomer), 403, ProblemTypes.forbidden);
    expect(await c.snapshot()).toBe(before);

    // Customers reserve through the reservation service; a hold straight on the calendar is theirs to ask of it.
    expectProblem(
      await send('POST', `/vehicles/${car.id}/holds`, asCustomer, period),
      403,
      ProblemTypes.forbidden,
    );
    expect(await c.snapshot()).toBe(before);
    expect((await send('GET', search, asCustomer)).statusCode).toBe(200);
    expect((await send('POST', `/vehicles/${car.id}/holds`, asOperator, period)).statusCode).toBe(201);
    expect(
      (await send('GET', `/calendar`, asOperator)).json<{ items: { vehicleId: string }[] }>().items,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ vehicleId: car.id })]));
    expectProblem(await send('GET', `/calendar`, asCustomer), 403, ProblemTypes.forbidden);
  });
});
