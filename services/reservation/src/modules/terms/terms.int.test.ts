import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Terms } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { reservationService } from '../../index';
import { expectProblem, newCustomer, operator } from '../../../testing';

describe.each(TEST_ENGINES)('rental terms on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, reservationService], {
      RESERVATION_FREE_CANCEL_HOURS: '48',
    });
  });
  afterAll(() => t.dispose());

  it('shows version 1 to anyone, with the cancellation policy in force', async () => {
    const response = await t.app.inject({ url: '/api/v1/terms/current' });
    expect(response.statusCode).toBe(200);
    const terms = response.json<Terms>();
    expect(terms).toMatchObject({
      version: 1,
      title: 'Rental terms',
      cancellation: { freeUntilHoursBeforePickup: 48 },
    });
    expect(terms.body.split('\n\n').length).toBeGreaterThan(3);
    expect(terms.cancellation.summary).toContain('48 hours before pickup');
    expect((await t.app.inject({ url: '/api/v1/terms/1' })).json<Terms>()).toEqual(terms);
  });

  it('lets an operator publish the next version; older versions stay readable', async () => {
    const publish = (headers: Record<string, string>, payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/terms', headers, payload: payload as object });
    const body = { title: 'Rental terms (2026)', body: 'New terms.\n\nSecond paragraph.' };

    expectProblem(await publish({}, body), 401, ProblemTypes.unauthenticated);
    expectProblem(await publish(newCustomer(), body), 403, ProblemTypes.forbidden);
    expectProblem(await publish(operator, { title: '', body: 'x' }), 400, ProblemTypes.validation);

    const published = await publish(operator, body);
    expect(published.statusCode).toBe(201);
    expect(published.json<Terms>()).toMatchObject({ version: 2, ...body });
    expect((await t.app.inject({ url: '/api/v1/terms/current' })).json<Terms>().version).toBe(2);
    expect((await t.app.inject({ url: '/api/v1/terms/1' })).json<Terms>().title).toBe('Rental terms');
    expectProblem(await t.app.inject({ url: '/api/v1/terms/99' }), 404, ProblemTypes.termsNotFound);
    expectProblem(await t.app.inject({ url: '/api/v1/terms/0' }), 400, ProblemTypes.validation);
  });
});
