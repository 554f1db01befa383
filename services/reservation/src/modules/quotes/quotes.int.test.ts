import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Quote } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { reservationService } from '../../index';
import { expectProblem, inHours, newCustomer } from '../../../testing';

describe.each(TEST_ENGINES)('quotes by model on %s', (engine) => {
  let t: TestApp;
  const customer = newCustomer();
  const quote = (query: Record<string, string>, headers: Record<string, string> = customer) =>
    t.app.inject({ url: `/api/v1/quotes?${new URLSearchParams(query).toString()}`, headers });

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, reservationService], {
      RESERVATION_DEFAULT_TIME_ZONE: 'Asia/Tokyo',
    });
  });
  afterAll(() => t.dispose());

  it('prices a period in the requested time zone, else in RESERVATION_DEFAULT_TIME_ZONE', async () => {
    const from = '2031-05-05T01:00:00Z'; // 10:00 in Tokyo, 20:00 the day before in Chicago
    const to = '2031-05-07T02:00:00Z'; // 11:00 in Tokyo, 21:00 in Chicago
    const inTokyo = await quote({ model: 'model_3', from, to });
    expect(inTokyo.statusCode, inTokyo.body).toBe(200);
    expect(inTokyo.json<Quote>()).toEqual({
      model: 'model_3',
      from: '2031-05-05T01:00:00.000Z',
      to: '2031-05-07T02:00:00.000Z',
      timeZone: 'Asia/Tokyo',
      pickupDate: '2031-05-05',
      returnDate: '2031-05-07',
      days: 3,
      dailyRateMinor: 8900,
      subtotalMinor: 26700,
      depositMinor: 25000,
      totalDueMinor: 51700,
      currency: 'USD',
    });
    const inChicago = await quote({ model: 'model_3', from, to, timeZone: 'america/chicago' });
    expect(inChicago.json<Quote>()).toMatchObject({
      timeZone: 'America/Chicago',
      pickupDate: '2031-05-04',
      returnDate: '2031-05-06',
      days: 3,
    });
  });

  it('refuses quotes it cannot price with field-level problems', async () => {
    const period = { from: inHours(24), to: inHours(48) };
    expectProblem(await quote({ model: 'model_3', ...period }, {}), 401, ProblemTypes.unauthenticated);
    const neither = expectProblem(await quote(period), 400, ProblemTypes.validation);
    expect(neither.errors?.[0]).toMatchObject({ location: 'query', field: 'vehicleId' });
    const zone = expectProblem(
      await quote({ model: 'model_3', ...period, timeZone: 'Mars/Olympus_Mons' }),
      400,
      ProblemTypes.validation,
    );
    expect(zone.errors).toEqual([expect.objectContaining({ location: 'query', field: 'timeZone' })]);
    const backwards = expectProblem(
      await quote({ model: 'model_3', from: period.to, to: period.from }),
      400,
      ProblemTypes.invalidPeriod,
    );
    expect(backwards.errors?.map((e) => e.field)).toEqual(['to']);
    expectProblem(
      await quote({ model: 'model_3', from: period.from, to: inHours(26) }),
      400,
      ProblemTypes.invalidPeriod,
    );
    expectProblem(
      await quote({ model: 'model_3', from: period.from, to: inHours(24 * 32) }),
      400,
      ProblemTypes.invalidPeriod,
    );
    expectProblem(await quote({ model: 'model_9', ...period }), 400, ProblemTypes.validation);
  });
});
