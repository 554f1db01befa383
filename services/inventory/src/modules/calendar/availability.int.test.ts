import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Availability, type Claim, type Vehicle } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../index';
import { boundingBox } from './calendar.repository';
import { calendarClient, expectProblem, inDays } from '../../../testing/calendar';

const SF = { lat: 37.7749, lon: -122.4194 };
const OAKLAND = { lat: 37.8044, lon: -122.2712 };
const LA = { lat: 34.0522, lon: -118.2437 };

describe.each(TEST_ENGINES)('availability search on %s', (engine) => {
  let t: TestApp;
  let c: ReturnType<typeof calendarClient>;
  const cars: Record<string, Vehicle> = {};
  const window = { from: inDays(2), to: inDays(4) };
  const near = `${SF.lat},${SF.lon}`;

  beforeAll(async () => {
    t = await createTestApp(engine, [principalStub, inventoryService], { TESLA_SYNC: 'false' });
    c = calendarClient(t);
    const add = async (name: string, model: Vehicle['model'], inService = true) => {
      cars[name] = await c.vehicle({ displayName: name, model, inService });
      return cars[name];
    };
    await c.live((await add('Alpha', 'model_y')).id, { ...SF, battery: 80, range: 250 });
    await c.live((await add('Bravo', 'model_y')).id, { ...OAKLAND, battery: 50, range: 150 });
    await c.live((await add('Charlie', 'model_y')).id, { ...LA, battery: 95, range: 300 });
    await c.live((await add('Delta', 'model_3')).id, { ...SF, battery: 60, range: 200 });
    await add('Echo', 'model_y'); // never reported a position
    await c.live((await add('Foxtrot', 'model_y', false)).id, { ...SF, battery: 90, range: 280 });
    const golf = await add('Golf', 'model_y');
    await c.live(golf.id, { ...SF, battery: 70, range: 220 });
    expect((await c.hold(golf.id, { from: inDays(3), to: inDays(5) })).statusCode).toBe(201);
  });
  afterAll(() => t.dispose());

  const search = async (query: Record<string, string | number>) => {
    const response = await c.availability({ ...window, ...query });
    expect(response.statusCode).toBe(200);
    return response.json<Availability>();
  };
  const names = (page: Availability) => page.items.map((v) => v.displayName);

  it('lists vehicles in service with no overlapping claim, by name', async () => {
    const page = await search({});
    expect(names(page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    expect(page.nextOffset).toBeNull();
    expect(Date.parse(page.from)).toBe(Date.parse(window.from));
    // Golf is free before its hold starts.
    expect(names(await search({ from: inDays(1), to: inDays(3) }))).toContain('Golf');
  });

  it('includes live battery, range and position, and null live state for a silent vehicle', async () => {
    const page = await search({ model: 'model_y' });
    expect(page.items.find((v) => v.displayName === 'Alpha')).toMatchObject({
      id: cars.Alpha?.id,
      model: 'model_y',
      // The centre of its 0.02° area, never where it is (position-privacy.test.ts).
      live: { connectivity: 'online', batteryLevel: 80, rangeMi: 250, latitude: 37.77, longitude: -122.41 },
      distanceMi: null,
    });
    expect(page.items.find((v) => v.displayName === 'Echo')?.live).toBeNull();
  });

  it('filters by model', async () => {
    expect(names(await search({ model: 'model_3' }))).toEqual(['Delta']);
    expect(names(await search({ model: 'cybertruck' }))).toEqual([]);
  });

  it('sorts by distance from a point, then name, and filters by radius', async () => {
    const page = await search({ model: 'model_y', near });
    expect(names(page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Echo']);
    const [alpha, bravo, charlie, echo] = page.items;
    // Whole miles from `near` to the area's centre.
    expect(alpha?.distanceMi).toBe(1);
    expect(bravo?.distanceMi).toBeGreaterThan(7);
    expect(bravo?.distanceMi).toBeLessThan(10);
    expect(charlie?.distanceMi).toBeGreaterThan(330);
    expect(charlie?.distanceMi).toBeLessThan(360);
    expect(echo?.distanceMi).toBeNull();

    expect(names(await search({ near, radiusMi: 20 }))).toEqual(['Alpha', 'Delta', 'Bravo']);
  });

  it('pages with limit and offset', async () => {
    const first = await search({ limit: 2 });
    expect(names(first)).toEqual(['Alpha', 'Bravo']);
    expect(first.nextOffset).toBe(2);
    const last = await search({ limit: 3, offset: 3 });
    expect(names(last)).toEqual(['Delta', 'Echo']);
    expect(last.nextOffset).toBeNull();
  });

  it('frees a vehicle when its claim is released', async () => {
    const hotel = await c.vehicle({ displayName: 'Hotel', model: 'cybertruck' });
    const hold = (await c.hold(hotel.id, window)).json<Claim>();
    expect(names(await search({ model: 'cybertruck' }))).toEqual([]);
    await c.release(hold.id);
    expect(names(await search({ model: 'cybertruck' }))).toEqual(['Hotel']);
  });

  it('sees a vehicle between claims as free exactly where no live claim overlaps', async () => {
    const india = await c.vehicle({ displayName: 'India', model: 'model_s' });
    const at = (day: number) => inDays(10 + day);
    await c.maintenance(india.id, { from: at(0), to: at(2) });
    const lapsed = (await c.hold(india.id, { from: at(3), to: at(4) })).json<Claim>();
    await c.lapse(lapsed.id);
    await c.hold(india.id, { from: at(4), to: at(6) });
    await c.maintenance(india.id, { from: at(8), to: at(9) });
    const free = async (from: number, to: number) =>
      names(await search({ from: at(from), to: at(to), model: 'model_s' })).includes('India');

    expect(await free(-1, 0)).toBe(true); // ends as the first block starts
    expect(await free(-1, 0.5)).toBe(false);
    expect(await free(1, 3)).toBe(false);
    expect(await free(2, 4)).toBe(true); // only the lapsed hold lies here
    expect(await free(3, 4.5)).toBe(false); // past the lapsed hold into the live one
    expect(await free(6, 8)).toBe(true);
    expect(await free(5.5, 8.5)).toBe(false);
    expect(await free(9, 12)).toBe(true);
  });

  it('refuses invalid searches with 400 naming each field', async () => {
    const cases: Array<[Record<string, string | number>, string, string]> = [
      [{ from: inDays(3), to: inDays(3) }, ProblemTypes.invalidPeriod, 'query:to'],
      [{ from: inDays(4), to: inDays(3) }, ProblemTypes.invalidPeriod, 'query:to'],
      [{ from: inDays(-1), to: inDays(3) }, ProblemTypes.invalidPeriod, 'query:from'],
      [{ from: inDays(1), to: inDays(62) }, ProblemTypes.invalidPeriod, 'query:to'],
      [{ from: 'monday', to: inDays(3) }, ProblemTypes.validation, 'query:from'],
      [{ to: inDays(3) }, ProblemTypes.validation, 'query:from'],
      [{ ...window, radiusMi: 10 }, ProblemTypes.validation, 'query:radiusMi'],
      [{ ...window, near: '91,0' }, ProblemTypes.validation, 'query:near'],
      [{ ...window, near: 'downtown' }, ProblemTypes.validation, 'query:near'],
      [{ ...window, near, radiusMi: -5 }, ProblemTypes.validation, 'query:radiusMi'],
      [{ ...window, limit: 500 }, ProblemTypes.validation, 'query:limit'],
      [{ ...window, model: 'roadster' }, ProblemTypes.validation, 'query:model'],
    ];
    for (const [query, type, field] of cases) {
      const problem = expectProblem(await c.availability(query), 400, type);
      expect(
        problem.errors?.map((e) => `${e.location}:${e.field}`),
        JSON.stringify(query),
      ).toContain(field);
    }
  });
});

describe('the bounding box of a radius search', () => {
  const R = 3958.8;
  const rad = Math.PI / 180;
  /** The point `mi` miles from (lat, lon) along `bearing` degrees, on the haversine's sphere. */
  const destination = (lat: number, lon: number, mi: number, bearing: number) => {
    const d = mi / R;
    const φ1 = lat * rad;
    const θ = bearing * rad;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 =
      lon * rad +
      Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    return { lat: φ2 / rad, lon: λ2 / rad };
  };

  it.each([
    [37.77, -122.42, 10],
    [64.8, -147.7, 500],
    [-33.9, 151.2, 1000],
    [0, 0, 250],
  ])('holds every point within %s,%s + %s mi', (lat, lon, mi) => {
    const box = boundingBox({ latitude: lat, longitude: lon }, mi);
    expect(box).toBeDefined();
    for (let bearing = 0; bearing < 360; bearing += 1) {
      const p = destination(lat, lon, mi, bearing);
      expect(p.lat).toBeGreaterThanOrEqual(box?.south ?? Infinity);
      expect(p.lat).toBeLessThanOrEqual(box?.north ?? -Infinity);
      expect(p.lon).toBeGreaterThanOrEqual(box?.west ?? Infinity);
      expect(p.lon).toBeLessThanOrEqual(box?.east ?? -Infinity);
    }
  });

  it('gives up (no box) where the circle reaches a pole or crosses the antimeridian', () => {
    expect(boundingBox({ latitude: 89, longitude: 0 }, 100)).toBeUndefined();
    expect(boundingBox({ latitude: 10, longitude: 179.9 }, 50)).toBeUndefined();
  });
});
