import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type AvailabilityDays, type Claim, type Vehicle } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { asCustomer, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import { calendarClient, expectProblem } from '../../../testing/calendar';

// Tokyo keeps no summer time: its midnight is 15:00 UTC the day before, all year.
const ZONE = 'Asia/Tokyo';
const now = new Date();
// The month after next, so every day of it is in the future wherever the test runs.
const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
const MONTH = `${String(target.getUTCFullYear())}-${String(target.getUTCMonth() + 1).padStart(2, '0')}`;
/** Midnight in Tokyo at the start of `day` of the month, plus `hours`. */
const tokyo = (day: number, hours = 0) =>
  new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day, hours - 9)).toISOString();

describe.each(TEST_ENGINES)('free days of a month on %s', (engine) => {
  let t: TestApp;
  let c: ReturnType<typeof calendarClient>;
  let alpha: Vehicle;
  let bravo: Vehicle;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], { TESLA_SYNC: 'false' });
    c = calendarClient(t);
    alpha = await c.vehicle({ displayName: 'Alpha', model: 'model_y' });
    bravo = await c.vehicle({ displayName: 'Bravo', model: 'model_y' });
    await c.vehicle({ displayName: 'Charlie', model: 'model_3' });
    await c.vehicle({ displayName: 'Delta', model: 'model_3', inService: false });
    // Alpha in the workshop for all of the 10th and 11th, ending exactly at midnight: the 12th is free.
    expect((await c.maintenance(alpha.id, { from: tokyo(10), to: tokyo(12) })).statusCode).toBe(201);
    // Bravo held for an hour on the 11th; a hold released on the 20th occupies nothing.
    expect((await c.hold(bravo.id, { from: tokyo(11, 13), to: tokyo(11, 14) })).statusCode).toBe(201);
    const released = await c.hold(bravo.id, { from: tokyo(20, 9), to: tokyo(21, 9) });
    expect((await c.release(released.json<Claim>().id)).statusCode).toBe(204);
  });
  afterAll(() => t.dispose());

  const days = async (query: Record<string, string>) => {
    const search = new URLSearchParams(query);
    const response = await t.app.inject({
      url: `/api/v1/availability/days?${search.toString()}`,
      headers: asCustomer,
    });
    expect(response.statusCode).toBe(200);
    return response.json<AvailabilityDays>();
  };
  const on = (answer: AvailabilityDays, day: number) =>
    answer.days.find((d) => d.date === `${MONTH}-${String(day).padStart(2, '0')}`);

  it('counts, for every local day, the cars in service and those no claim touches', async () => {
    const answer = await days({ month: MONTH, timeZone: ZONE });
    const length = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    expect(answer).toMatchObject({ month: MONTH, timeZone: ZONE });
    expect(answer.days.map((d) => d.date)).toEqual(
      Array.from({ length }, (_, i) => `${MONTH}-${String(i + 1).padStart(2, '0')}`),
    );
    expect(on(answer, 9)).toEqual({ date: `${MONTH}-09`, free: 3, total: 3 });
    expect(on(answer, 10)).toMatchObject({ free: 2, total: 3 });
    expect(on(answer, 11)).toMatchObject({ free: 1, total: 3 });
    expect(on(answer, 12)).toMatchObject({ free: 3, total: 3 });
    expect(on(answer, 20)).toMatchObject({ free: 3, total: 3 });
  });

  it('reads days in the time zone asked for', async () => {
    // In UTC the workshop runs from 15:00 on the 9th to 15:00 on the 11th: three days touched.
    const utc = await days({ month: MONTH, timeZone: 'UTC' });
    expect([9, 10, 11, 12].map((d) => on(utc, d)?.free)).toEqual([2, 2, 1, 3]);
  });

  it('counts one model only when asked', async () => {
    const answer = await days({ month: MONTH, timeZone: ZONE, model: 'model_3' });
    expect(on(answer, 11)).toMatchObject({ free: 1, total: 1 });
    const none = await days({ month: MONTH, timeZone: ZONE, model: 'cybertruck' });
    expect(on(none, 11)).toMatchObject({ free: 0, total: 0 });
  });

  it('refuses an unknown time zone and a far month, naming each field, and needs a signed-in caller', async () => {
    const bad = await t.app.inject({
      url: '/api/v1/availability/days?month=2099-01&timeZone=Mars/Olympus',
      headers: asCustomer,
    });
    const problem = expectProblem(bad, 400, ProblemTypes.validation);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['month', 'timeZone']);
    const shape = await t.app.inject({
      url: '/api/v1/availability/days?month=2026-13&timeZone=UTC',
      headers: asCustomer,
    });
    expect(expectProblem(shape, 400, ProblemTypes.validation).errors?.[0]?.field).toBe('month');
    const anonymous = await t.app.inject({ url: `/api/v1/availability/days?month=${MONTH}&timeZone=UTC` });
    expect(anonymous.statusCode).toBe(401);
  });
});
