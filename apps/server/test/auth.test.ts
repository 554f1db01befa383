import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, Vehicle } from '@cybertacotruck/contracts';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { allServices } from '../src/services';

// Every service composed as in `npm start`: the account service's real sessions guard inventory.
describe('operator sessions across services (embedded composition)', () => {
  const operator = { phone: '+12025550142', password: 'fleet-operator-9' };
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('pglite', allServices, {
      OPERATOR_PHONE: operator.phone,
      OPERATOR_PASSWORD: operator.password,
      TESLA_SYNC: 'false',
    });
  });
  afterAll(() => t.dispose());

  const addVehicle = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers,
      payload: { vin: '5YJ3E1EA7KF000123', model: 'model_3', displayName: 'Guarded' },
    });

  it('refuses anonymous changes, then accepts the signed-in operator with the session CSRF token', async () => {
    expect((await addVehicle({})).statusCode).toBe(401);

    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { phoneOrEmail: operator.phone, password: operator.password },
    });
    expect(signIn.statusCode).toBe(200);
    const me = signIn.json<Me>();
    expect(me.user.role).toBe('operator');
    const setCookie = signIn.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';

    const withoutCsrf = await addVehicle({ cookie });
    expect(withoutCsrf.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/vehicles' })).json<{ items: Vehicle[] }>().items).toEqual([]);

    const created = await addVehicle({ cookie, 'x-csrf-token': me.csrfToken });
    expect(created.statusCode).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/fleet/live', headers: { cookie } })).statusCode).toBe(200);
  });
});
