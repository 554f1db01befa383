import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Problem, type Vehicle, type VehicleList } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import {
  asCustomer,
  asOperator,
  createTestApp,
  principalStub,
  type TestApp,
} from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';

const sparky = {
  vin: '5YJ3E1EA7KF000001',
  model: 'model_3',
  displayName: 'Sparky',
  color: 'Pearl White',
  modelYear: 2024,
};
const bolt = { vin: '7G2CEHED5RA000002', model: 'cybertruck', displayName: 'Bolt' };

describe.each(TEST_ENGINES)('inventory vehicles API on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService]);
  });
  afterAll(() => t.dispose());

  const count = async () =>
    (await t.app.inject({ url: '/api/v1/vehicles' })).json<VehicleList>().items.length;
  const post = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: payload as object,
      headers: asOperator,
    });

  it('registers, lists, reads and updates vehicles', async () => {
    const created = await post(sparky);
    expect(created.statusCode).toBe(201);
    const vehicle = created.json<Vehicle>();
    expect(vehicle).toMatchObject({ ...sparky, inService: true, trim: null });
    expect(Date.parse(vehicle.createdAt)).not.toBeNaN();
    expect((await post(bolt)).statusCode).toBe(201);

    // The page is public: the VIN is the operator's (position-privacy.test.ts).
    const one = await t.app.inject({ url: `/api/v1/vehicles/${vehicle.id}` });
    expect(one.json<Vehicle>()).toMatchObject({ id: vehicle.id, displayName: 'Sparky' });
    expect(one.json<Vehicle>().vin).toBeUndefined();
    const full = await t.app.inject({ url: `/api/v1/vehicles/${vehicle.id}`, headers: asOperator });
    expect(full.json<Vehicle>().vin).toBe(sparky.vin);

    const patched = await t.app.inject({
      method: 'PATCH',
      headers: asOperator,
      url: `/api/v1/vehicles/${vehicle.id}`,
      payload: { inService: false, color: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<Vehicle>()).toMatchObject({ inService: false, color: null, displayName: 'Sparky' });

    const inService = await t.app.inject({ url: '/api/v1/vehicles?inService=true', headers: asOperator });
    expect(inService.json<VehicleList>().items.map((v) => v.vin)).toEqual([bolt.vin]);
    const trucks = await t.app.inject({ url: '/api/v1/vehicles?model=cybertruck' });
    expect(trucks.json<VehicleList>().items.map((v) => v.displayName)).toEqual(['Bolt']);
  });

  it('refuses a second vehicle with the same VIN with 409 and stores nothing', async () => {
    const before = await count();
    const response = await post({ ...sparky, displayName: 'Impostor' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<Problem>()).toMatchObject({ type: ProblemTypes.vinTaken, status: 409 });
    expect(await count()).toBe(before);
  });

  it('answers a malformed JSON body with 400 malformed-body and stores nothing', async () => {
    const before = await count();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: { ...asOperator, 'content-type': 'application/json' },
      payload: '{"vin": "5YJ3E1EA7KF000009", "model": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<Problem>()).toMatchObject({ type: ProblemTypes.malformedBody, status: 400 });
    expect(await count()).toBe(before);
  });

  it('answers wrong types and unknown fields with 400 naming each field, and stores nothing', async () => {
    const before = await count();
    const response = await post({
      ...bolt,
      vin: '7G2CEHED5RA00000O',
      modelYear: '2024',
      model: 'roadster',
      wheels: 4,
    });
    expect(response.statusCode).toBe(400);
    const problem = response.json<Problem>();
    expect(problem.type).toBe(ProblemTypes.validation);
    const fields = problem.errors?.map((e) => `${e.location}:${e.field}`).sort();
    expect(fields).toEqual(['body:model', 'body:modelYear', 'body:vin', 'body:wheels']);
    expect(problem.errors?.find((e) => e.field === 'model')?.message).toContain('must be one of: model_3');
    expect(problem.detail).toContain('modelYear');
    expect(await count()).toBe(before);
  });

  it('requires the mandatory fields', async () => {
    const response = await post({ model: 'model_y' });
    expect(response.statusCode).toBe(400);
    expect(response.json<Problem>().errors).toEqual(
      expect.arrayContaining([
        { location: 'body', field: 'vin', message: 'vin is required' },
        { location: 'body', field: 'displayName', message: 'displayName is required' },
      ]),
    );
  });

  it('refuses an empty update, a malformed id and an unknown vehicle', async () => {
    const [vehicle] = (await t.app.inject({ url: '/api/v1/vehicles' })).json<VehicleList>().items;
    const empty = await t.app.inject({
      method: 'PATCH',
      headers: asOperator,
      url: `/api/v1/vehicles/${vehicle?.id ?? ''}`,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);

    const badId = await t.app.inject({ url: '/api/v1/vehicles/not-a-uuid' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json<Problem>().errors?.[0]).toMatchObject({ location: 'params', field: 'id' });

    const missing = await t.app.inject({ url: '/api/v1/vehicles/6f1c1f8e-2f7a-4a8e-9a53-0b6f2f1d1c11' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<Problem>().type).toBe(ProblemTypes.vehicleNotFound);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: { ...asOperator, 'content-type': 'text/plain' },
      payload: 'vin=5YJ3E1EA7KF000001',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json<Problem>().type).toBe(ProblemTypes.unsupportedMediaType);
  });

  it('lets only operators change the fleet: 401 anonymous, 403 customer, nothing written', async () => {
    const before = await count();
    const body = { vin: '5YJ3E1EA7KF000077', model: 'model_3', displayName: 'Nope' };
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/vehicles', payload: body });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    const customer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: body,
      headers: asCustomer,
    });
    expect(customer.statusCode).toBe(403);
    // Authentication comes before validation: an anonymous malformed body learns nothing either.
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/vehicles', payload: { vin: 1 } });
    expect(malformed.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });
});
