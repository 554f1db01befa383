import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  type CreateLocationBody,
  type Location,
  type LocationList,
  type Problem,
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

const closed: never[] = [];
const nineToSix = [{ opens: '09:00', closes: '18:00' }];
const downtown = {
  name: 'Downtown garage',
  address: {
    lines: ['501 Congress Ave', 'Level P2'],
    city: 'Austin',
    region: 'TX',
    postalCode: '78701',
    country: 'US',
  },
  coordinates: { lat: 30.2672, lng: -97.7431 },
  timeZone: 'America/Chicago',
  openingHours: {
    mon: nineToSix,
    tue: nineToSix,
    wed: nineToSix,
    thu: nineToSix,
    fri: [
      { opens: '08:00', closes: '12:00' },
      { opens: '13:00', closes: '24:00' },
    ],
    sat: closed,
    sun: closed,
  },
  instructions: 'Take the lift to P2; the cars are in bays 12-14.\nKeys: the app.',
  phone: '(512) 555-0100',
} satisfies CreateLocationBody;

describe.each(TEST_ENGINES)('inventory locations API on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService]);
  });
  afterAll(() => t.dispose());

  const send = (
    method: 'POST' | 'PATCH',
    url: string,
    payload: unknown,
    headers: Record<string, string> = asOperator,
  ) => t.app.inject({ method, url, payload: payload as object, headers });
  const listAll = async () =>
    (await t.app.inject({ url: '/api/v1/locations?archived=true', headers: asOperator })).json<LocationList>()
      .items;

  it('creates, lists publicly, reads and edits a location; the phone is stored as E.164', async () => {
    const created = await send('POST', '/api/v1/locations', downtown);
    expect(created.statusCode).toBe(201);
    const location = created.json<Location>();
    expect(location).toMatchObject({
      ...downtown,
      phone: '+15125550100',
      archivedAt: null,
      vehicleIds: [],
    });
    const publicList = await t.app.inject({ url: '/api/v1/locations' });
    expect(publicList.json<LocationList>().items.map((l) => l.id)).toContain(location.id);
    const edited = await send('PATCH', `/api/v1/locations/${location.id}`, {
      instructions: null,
      openingHours: { ...downtown.openingHours, sat: [{ opens: '10:00', closes: '14:00' }] },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<Location>()).toMatchObject({ instructions: null, phone: '+15125550100' });
    expect(edited.json<Location>().openingHours.sat).toEqual([{ opens: '10:00', closes: '14:00' }]);
  });

  const bad: [string, (b: typeof downtown) => unknown, string][] = [
    ['name empty', (b) => ({ ...b, name: '  ' }), 'name'],
    ['name with a line break', (b) => ({ ...b, name: 'A\nB' }), 'name'],
    ['no address line', (b) => ({ ...b, address: { ...b.address, lines: [] } }), 'address.lines'],
    ['city missing', (b) => ({ ...b, address: { ...b.address, city: '' } }), 'address.city'],
    [
      'region too long',
      (b) => ({ ...b, address: { ...b.address, region: 'x'.repeat(81) } }),
      'address.region',
    ],
    ['postal code', (b) => ({ ...b, address: { ...b.address, postalCode: '!!' } }), 'address.postalCode'],
    ['country', (b) => ({ ...b, address: { ...b.address, country: 'USA' } }), 'address.country'],
    ['latitude', (b) => ({ ...b, coordinates: { lat: 91, lng: 0 } }), 'coordinates.lat'],
    ['longitude', (b) => ({ ...b, coordinates: { lat: 0, lng: -180.5 } }), 'coordinates.lng'],
    ['time zone', (b) => ({ ...b, timeZone: 'Mars/Olympus_Mons' }), 'timeZone'],
    ['time zone offset', (b) => ({ ...b, timeZone: '+01:00' }), 'timeZone'],
    [
      'a weekday missing',
      (b) => ({ ...b, openingHours: { ...b.openingHours, sun: undefined } }),
      'openingHours',
    ],
    [
      'an hour that is no time',
      (b) => ({ ...b, openingHours: { ...b.openingHours, mon: [{ opens: '25:00', closes: '26:00' }] } }),
      'openingHours.mon.0.opens',
    ],
    [
      'closing before opening',
      (b) => ({ ...b, openingHours: { ...b.openingHours, mon: [{ opens: '18:00', closes: '09:00' }] } }),
      'openingHours.mon.0',
    ],
    [
      'overlapping intervals',
      (b) => ({
        ...b,
        openingHours: {
          ...b.openingHours,
          tue: [
            { opens: '09:00', closes: '13:00' },
            { opens: '12:00', closes: '18:00' },
          ],
        },
      }),
      'openingHours.tue.1',
    ],
    ['instructions too long', (b) => ({ ...b, instructions: 'x'.repeat(1001) }), 'instructions'],
    ['phone', (b) => ({ ...b, phone: '12' }), 'phone'],
    ['phone empty', (b) => ({ ...b, phone: '' }), 'phone'],
    ['phone too long', (b) => ({ ...b, phone: '+1 512 555 0100'.padEnd(33, '0') }), 'phone'],
    ['phone that is no number', (b) => ({ ...b, phone: '+1 000 000 0000' }), 'phone'],
    ['an unknown field', (b) => ({ ...b, colour: 'red' }), ''],
  ];

  it.each(bad)(
    'refuses %s with a validation problem naming the field, and stores nothing',
    async (_, make, field) => {
      const before = await listAll();
      const res = await send('POST', '/api/v1/locations', make(downtown));
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json<Problem>();
      expect(problem.type).toBe(ProblemTypes.validation);
      expect(problem.errors?.map((e) => e.field).join(' ')).toContain(field);
      expect(await listAll()).toEqual(before);
    },
  );

  it('refuses a bad edit and leaves the location as it was', async () => {
    const location = (
      await send('POST', '/api/v1/locations', { ...downtown, name: 'Edit me' })
    ).json<Location>();
    for (const patch of [{ phone: 'call me' }, { coordinates: { lat: -91, lng: 0 } }, {}]) {
      const res = await send('PATCH', `/api/v1/locations/${location.id}`, patch);
      expect(res.statusCode).toBe(400);
      expect(res.json<Problem>().type).toBe(ProblemTypes.validation);
    }
    const now = await t.app.inject({ url: `/api/v1/locations/${location.id}` });
    expect(now.json<Location>()).toEqual(location);
  });

  it('lets only operators change locations or list archived ones', async () => {
    expect((await send('POST', '/api/v1/locations', downtown, asCustomer)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: '/api/v1/locations?archived=true', headers: asCustomer })).statusCode,
    ).toBe(403);
    const missing = await t.app.inject({ url: '/api/v1/locations/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<Problem>().type).toBe(ProblemTypes.locationNotFound);
  });

  it('gives vehicles a home; refuses to archive a home, archives it once empty, and never homes a car there again', async () => {
    const home = (await send('POST', '/api/v1/locations', { ...downtown, name: 'Airport' })).json<Location>();
    const other = (
      await send('POST', '/api/v1/locations', { ...downtown, name: 'Harbour' })
    ).json<Location>();
    const created = await send('POST', '/api/v1/vehicles', {
      vin: '5YJ3E1EA7KF0L0C01',
      model: 'model_3',
      displayName: 'Homed',
      homeLocationId: home.id,
    });
    expect(created.statusCode).toBe(201);
    const vehicle = created.json<Vehicle>();
    expect(vehicle.homeLocationId).toBe(home.id);
    expect((await t.app.inject({ url: `/api/v1/locations/${home.id}` })).json<Location>().vehicleIds).toEqual(
      [vehicle.id],
    );

    const refused = await send('POST', `/api/v1/locations/${home.id}/archive`, undefined);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Problem>()).toMatchObject({ type: ProblemTypes.locationInUse });
    expect(refused.json<Problem>().detail).toContain('1 vehicle');
    expect(
      (await t.app.inject({ url: `/api/v1/locations/${home.id}` })).json<Location>().archivedAt,
    ).toBeNull();

    const moved = await send('PATCH', `/api/v1/vehicles/${vehicle.id}`, { homeLocationId: other.id });
    expect(moved.json<Vehicle>().homeLocationId).toBe(other.id);
    const archived = await send('POST', `/api/v1/locations/${home.id}/archive`, undefined);
    expect(archived.statusCode).toBe(200);
    expect(archived.json<Location>().archivedAt).not.toBeNull();
    expect(
      (await t.app.inject({ url: '/api/v1/locations' })).json<LocationList>().items.map((l) => l.id),
    ).not.toContain(home.id);

    const back = await send('PATCH', `/api/v1/vehicles/${vehicle.id}`, { homeLocationId: home.id });
    expect(back.statusCode).toBe(409);
    expect(back.json<Problem>().type).toBe(ProblemTypes.locationArchived);
    const edit = await send('PATCH', `/api/v1/locations/${home.id}`, { name: 'Reopened' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json<Problem>().type).toBe(ProblemTypes.locationArchived);
    const nowhere = await send('PATCH', `/api/v1/vehicles/${vehicle.id}`, {
      homeLocationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json<Problem>()).toMatchObject({
      type: ProblemTypes.locationNotFound,
      errors: [expect.objectContaining({ field: 'homeLocationId' })],
    });
    const still = await t.app.inject({ url: `/api/v1/vehicles/${vehicle.id}` });
    expect(still.json<Vehicle>().homeLocationId).toBe(other.id);
  });
});
