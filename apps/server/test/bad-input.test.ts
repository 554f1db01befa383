import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Problem, type Terms, type Vehicle } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import {
  as,
  OPERATOR,
  operatorEnv,
  registerCustomer,
  signIn,
  type Browser,
} from '@cybertacotruck/account/testing';
import { FUZZ_REGRESSIONS } from './support/api-fuzz.regressions';
import { allServices } from '../src/services';

// Bad input is a 400 with the field, never a 500 (issue 12, item 1), through every service as
// `npm start` composes them, with real sessions.
describe.each(TEST_ENGINES)('bad input is a 400, never a 500 (embedded composition) on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;
  let customer: Browser;

  beforeAll(async () => {
    t = await createTestApp(engine, allServices, { ...operatorEnv, TESLA_SYNC: 'false' });
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    customer = await registerCustomer(t.app, operator, {
      phone: '+12025550171',
      email: 'carla@example.com',
      name: 'Carla',
      password: 'amber-meadow-5531',
    });
  });
  afterAll(() => t.dispose());

  const get = (url: string, browser: Browser = operator) =>
    t.app.inject({ url, headers: { cookie: browser.cookie } });

  function expectFieldError(
    response: { statusCode: number; body: string; json: () => unknown },
    field: string,
    location = 'query',
  ) {
    expect(response.statusCode, response.body).toBe(400);
    const problem = response.json() as Problem;
    expect(problem.type).toBe(ProblemTypes.validation);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location, field })]));
  }

  it('an integer path parameter past what the column holds (GET /terms/2147483648)', async () => {
    expectFieldError(await get('/api/v1/terms/2147483648'), 'version', 'params');
    expectFieldError(await get('/api/v1/terms/9007199254740993'), 'version', 'params');
    expect((await get('/api/v1/terms/2147483647')).statusCode).toBe(404);
  });

  it('an integer in a body past what the column holds (termsVersion 2^31)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reservations/0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a/confirm',
      headers: { ...as(customer), 'idempotency-key': 'bad-input-terms-version' },
      payload: { termsVersion: 2 ** 31, acceptTerms: true },
    });
    expectFieldError(response, 'termsVersion', 'body');
  });

  it.each([
    ['year 0', 'from=0000-01-01T00:00:00Z', 'from'],
    ['year 0, both ends', 'from=0000-01-01T00:00:00Z&to=0000-06-01T00:00:00Z', 'from'],
    ['year 9999 (a default end past it)', 'from=9999-12-31T23:59:59Z', 'from'],
    ['a leap second', 'from=2016-12-31T23:59:60Z&to=2017-01-02T00:00:00Z', 'from'],
    ['a day that does not exist', 'from=2027-02-30T00:00:00Z', 'from'],
  ])('a date-time JS and PostgreSQL do not both represent in /calendar: %s', async (_, query, field) => {
    expectFieldError(await get(`/api/v1/calendar?${query}`), field);
  });

  it('a date-time out of range where a service would compute with it (reservations, quotes)', async () => {
    expectFieldError(await get('/api/v1/reservations?to=9999-12-31T23:59:59Z'), 'to');
    expectFieldError(
      await get('/api/v1/quotes?model=model_3&from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z'),
      'from',
    );
  });

  it('a forged pagination cursor', async () => {
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [
      forged('-200000-01-01T00:00:00.000Z|0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a'),
      forged('+275760-09-13T00:00:00.000Z|0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a'),
      forged('2026-01-01T00:00:00.000Z|not-a-uuid'),
      'abc',
    ]) {
      const response = await get(`/api/v1/notifications/mine?cursor=${cursor}`, customer);
      expect(response.statusCode, `${cursor}: ${response.body}`).toBe(400);
      expect(response.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    expectFieldError(await get('/api/v1/claims/referenced?after=zz'), 'after');
    expectFieldError(await get('/api/v1/reservations?offset=100001'), 'offset');
  });

  it('an id in a form PostgreSQL refuses (urn:uuid:…)', async () => {
    expectFieldError(
      await get('/api/v1/vehicles/urn:uuid:0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a'),
      'id',
      'params',
    );
  });

  it('names: blank after trimming, bidi and zero-width characters refused; stored trimmed', async () => {
    const addVehicle = (displayName: string, vin: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/vehicles',
        headers: as(operator),
        payload: { vin, model: 'model_3', displayName },
      });
    expectFieldError(await addVehicle('   ', '5YJ3E1EA7KF000201'), 'displayName', 'body');
    expectFieldError(await addVehicle('Car \u202Egnp.exe', '5YJ3E1EA7KF000202'), 'displayName', 'body');
    expectFieldError(await addVehicle('Car\u200B', '5YJ3E1EA7KF000203'), 'displayName', 'body');
    expectFieldError(await addVehicle('Car\nTwo', '5YJ3E1EA7KF000204'), 'displayName', 'body');
    const created = await addVehicle('  Blue Lightning  ', '5YJ3E1EA7KF000205');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<Vehicle>().displayName).toBe('Blue Lightning');

    const invitation = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: as(operator),
      payload: { phone: '+12025550172', name: '\u2066Mallory\u2069' },
    });
    expectFieldError(invitation, 'name', 'body');
  });

  it('free text is trimmed before its length is checked', async () => {
    const terms = await t.app.inject({
      method: 'POST',
      url: '/api/v1/terms',
      headers: as(operator),
      payload: { title: '  Rental terms  ', body: '   ' },
    });
    expectFieldError(terms, 'body', 'body');
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/v1/terms',
      headers: as(operator),
      payload: { title: '  Rental terms  ', body: '\n Drive safely.\n\nReturn it charged. \n' },
    });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json<Terms>()).toMatchObject({
      title: 'Rental terms',
      body: 'Drive safely.\n\nReturn it charged.',
    });
  });

  it('every request the fuzzer once broke the server with is now answered below 500', async () => {
    const who = { anonymous: null, customer, operator };
    for (const request of FUZZ_REGRESSIONS) {
      const browser = who[request.as];
      const response = await t.app.inject({
        method: request.method,
        url: request.url,
        headers: {
          ...(browser ? as(browser) : {}),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      expect(
        response.statusCode,
        `${request.method} ${request.url} ${request.body ?? ''}: ${response.body}`,
      ).toBeLessThan(500);
      if (request.status !== undefined) expect(response.statusCode).toBe(request.status);
    }
  });
});
