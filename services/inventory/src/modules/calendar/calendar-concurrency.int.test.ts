import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Claim } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import { calendarClient, expectProblem, inHours } from '../../../testing/calendar';

const REQUESTS = 200;

// On the PostgreSQL server these run in parallel on a pool of 20 connections; PGlite serialises them.
describe.each(TEST_ENGINES)('concurrent holds on one vehicle on %s', (engine) => {
  let t: TestApp;
  let c: ReturnType<typeof calendarClient>;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], { TESLA_SYNC: 'false' });
    c = calendarClient(t);
  });
  afterAll(() => t.dispose());

  it(`lets exactly one of ${REQUESTS} overlapping holds win; the rest get 409 problem+json`, async () => {
    const car = await c.vehicle();
    // Different periods, all sharing the hours [24, 25): every pair overlaps.
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        c.hold(car.id, { from: inHours(1 + (i % 23)), to: inHours(25 + (i % 17)), reference: `race-${i}` }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(REQUESTS - 1);
    for (const response of refused) expectProblem(response, 409, ProblemTypes.vehicleUnavailable);

    const winner = created[0]?.json<Claim>();
    const timeline = await c.timeline(
      car.id,
      `?from=${encodeURIComponent(inHours(0))}&to=${encodeURIComponent(inHours(48))}`,
    );
    expect(timeline.json<{ items: Claim[] }>().items.map((x) => x.id)).toEqual([winner?.id]);
    expect(await c.doubleBookings()).toBe(0);
  });

  it('lets the same reservation retry concurrently and still stores one hold', async () => {
    const car = await c.vehicle();
    const body = { from: inHours(2), to: inHours(30), reference: 'res-retry' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => c.hold(car.id, body)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.json<Claim>().id)).size).toBe(1);
  });

  it('books non-overlapping holds on many vehicles in parallel', async () => {
    const fleet = await Promise.all(Array.from({ length: 10 }, () => c.vehicle()));
    const responses = await Promise.all(
      fleet.flatMap((car) =>
        [0, 1, 2].map((slot) =>
          c.hold(car.id, { from: inHours(1 + slot * 10), to: inHours(11 + slot * 10) }),
        ),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    expect(await c.doubleBookings()).toBe(0);
  });
});
