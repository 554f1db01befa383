import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  VEHICLE_MODELS,
  type Quote,
  type Rate,
  type RateList,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { reservationService } from '../../index';
import { expectProblem, inDays, newCustomer, operator } from '../../../testing';

describe.each(TEST_ENGINES)('rates on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, reservationService]);
  });
  afterAll(() => t.dispose());

  it('lists the seeded rate of every model to anyone, in model order', async () => {
    const response = await t.app.inject({ url: '/api/v1/rates' });
    expect(response.statusCode).toBe(200);
    const { items } = response.json<RateList>();
    expect(items.map((r) => r.model)).toEqual([...VEHICLE_MODELS]);
    expect(items[0]).toMatchObject({
      model: 'model_3',
      dailyRateMinor: 8900,
      depositMinor: 25000,
      currency: 'USD',
    });
    expect(items.find((r) => r.model === 'cybertruck')).toMatchObject({
      dailyRateMinor: 19900,
      depositMinor: 50000,
    });
  });

  it('lets an operator change a rate, which new quotes use', async () => {
    const put = (headers: Record<string, string>, payload: unknown, model = 'model_s') =>
      t.app.inject({ method: 'PUT', url: `/api/v1/rates/${model}`, headers, payload: payload as object });
    const body = { dailyRateMinor: 15900, depositMinor: 60000, currency: 'USD' };

    expectProblem(await put({}, body), 401, ProblemTypes.unauthenticated);
    expectProblem(await put(newCustomer(), body), 403, ProblemTypes.forbidden);
    expectProblem(await put(operator, { ...body, dailyRateMinor: 50 }), 400, ProblemTypes.validation);
    expectProblem(await put(operator, { ...body, currency: 'usd' }), 400, ProblemTypes.validation);
    expectProblem(await put(operator, body, 'model_z'), 400, ProblemTypes.validation);

    const updated = await put(operator, body);
    expect(updated.statusCode).toBe(200);
    expect(updated.json<Rate>()).toMatchObject({ model: 'model_s', ...body });

    const quote = await t.app.inject({
      url: `/api/v1/quotes?model=model_s&from=${encodeURIComponent(inDays(2))}&to=${encodeURIComponent(inDays(4))}&timeZone=UTC`,
      headers: newCustomer(),
    });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json<Quote>()).toMatchObject({
      days: 2,
      dailyRateMinor: 15900,
      subtotalMinor: 31800,
      depositMinor: 60000,
      totalDueMinor: 91800,
    });
  });
});
