import { sql } from 'kysely';
import { expect } from 'vitest';
import { PROBLEM_CONTENT_TYPE, type Problem, type Vehicle } from '@cybertacotruck/contracts';
import { asOperator, type TestApp } from '@cybertacotruck/platform/testing';

const HOUR_MS = 3_600_000;

/** An ISO instant `hours` from now, on the hour so periods read well in failures. */
export const inHours = (hours: number) =>
  new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + hours * HOUR_MS).toISOString();
export const inDays = (days: number) => inHours(days * 24);

let serial = 0;

/** Test helpers for the calendar API on one test app. */
export function calendarClient(t: TestApp) {
  const db = t.db.kysely;
  return {
    async vehicle(overrides: Partial<Vehicle> = {}): Promise<Vehicle> {
      serial += 1;
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/vehicles',
        headers: asOperator,
        payload: {
          vin: `5YJ3E1EA7KC${String(serial).padStart(6, '0')}`,
          model: 'model_3',
          displayName: `Car ${String(serial).padStart(4, '0')}`,
          ...overrides,
        },
      });
      expect(response.statusCode).toBe(201);
      return response.json<Vehicle>();
    },

    /** Where the car is and how charged, as the Tesla sync would have stored it. */
    async live(vehicleId: string, s: { lat: number; lon: number; battery: number; range: number }) {
      await sql`insert into inventory.vehicle_live_state
          (vehicle_id, connectivity, activity, latitude, longitude, battery_level, range_mi, data_as_of)
        values (${vehicleId}, 'online', 'parked', ${s.lat}, ${s.lon}, ${s.battery}, ${s.range}, now())`.execute(
        db,
      );
    },

    hold(vehicleId: string, payload: unknown) {
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/vehicles/${vehicleId}/holds`,
        headers: asOperator,
        payload: payload as object,
      });
    },

    maintenance(vehicleId: string, payload: unknown) {
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/vehicles/${vehicleId}/maintenance`,
        headers: asOperator,
        payload: payload as object,
      });
    },

    confirm(claimId: string) {
      return t.app.inject({ method: 'POST', url: `/api/v1/holds/${claimId}/confirm`, headers: asOperator });
    },

    release(claimId: string) {
      return t.app.inject({ method: 'DELETE', url: `/api/v1/claims/${claimId}`, headers: asOperator });
    },

    availability(query: Record<string, string | number>) {
      const search = new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      );
      return t.app.inject({ url: `/api/v1/availability?${search.toString()}`, headers: asOperator });
    },

    timeline(vehicleId: string, query = '') {
      return t.app.inject({ url: `/api/v1/vehicles/${vehicleId}/claims${query}`, headers: asOperator });
    },

    /** Lets a hold lapse without waiting for it. */
    async lapse(claimId: string) {
      await sql`update inventory.vehicle_claim set expires_at = now() - interval '1 second'
        where id = ${claimId}`.execute(db);
    },

    async storedStatus(claimId: string): Promise<string | undefined> {
      const { rows } = await sql<{ status: string }>`
        select status from inventory.vehicle_claim where id = ${claimId}`.execute(db);
      return rows[0]?.status;
    },

    /** Every row of the calendar, so a refused request can be shown to have changed nothing. */
    async snapshot(): Promise<string> {
      const { rows } = await sql<{ rows: string }>`
        select coalesce(string_agg(concat_ws('|', id, kind, status, period, expires_at), ',' order by id), '') as rows
        from inventory.vehicle_claim`.execute(db);
      return rows[0]?.rows ?? '';
    },

    /** Pairs of active, unexpired claims that overlap on one vehicle: must always be zero. */
    async doubleBookings(): Promise<number> {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from inventory.vehicle_claim a
        join inventory.vehicle_claim b
          on a.vehicle_id = b.vehicle_id and a.id < b.id and a.period && b.period
        where a.status = 'active' and b.status = 'active'`.execute(db);
      return rows[0]?.n ?? -1;
    },
  };
}

export function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  type: string,
): Problem {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const problem = response.json() as Problem;
  expect(problem).toMatchObject({ status, type });
  return problem;
}
